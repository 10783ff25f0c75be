/**
 * @class vtkLayerSimilarity
 * @brief Similarity between every pair of layers, as a table that shows as a heat map.
 *
 * The input is a multiblock of sample tables, one per layer (a lone table gives a 1 × 1
 * table). Rows are matched by `SampleId` across all layers (tables without one by row number).
 * The output has a `Layer` column with the layer names and one column per layer, named by it:
 * cell (i, j) is the similarity of layers i and j.
 *
 * CKA (default): linear CKA (Kornblith et al. 2019), ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) with centred
 * columns, computed in feature space: O(n·d²) time, never an n × n matrix, so all 70,000
 * Fashion-MNIST samples are fine. PROCRUSTES: the UMAP Tour's similarity of centred
 * representations, ‖TᵀB‖_* / √(‖TᵀT‖_* ‖BᵀB‖_*) with ‖·‖_* the nuclear norm. Both are 1 for a
 * layer with itself and invariant to rotations and isotropic scaling; layers may differ in
 * dimension. A constant layer gives NaN.
 */
#ifndef vtkLayerSimilarity_h
#define vtkLayerSimilarity_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class NEUROTOURFILTERS_EXPORT vtkLayerSimilarity : public vtkSampleTableAlgorithm
{
public:
  static vtkLayerSimilarity* New();
  vtkTypeMacro(vtkLayerSimilarity, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  enum Measures
  {
    CKA = 0,
    PROCRUSTES = 1
  };

  ///@{
  /// The representation compared in every layer, e.g. "Activations" or "Embedding".
  /// Default "Activations".
  vtkSetStringMacro(ArrayName);
  vtkGetStringMacro(ArrayName);
  ///@}

  ///@{
  /// CKA (default) or PROCRUSTES.
  vtkSetClampMacro(Measure, int, CKA, PROCRUSTES);
  vtkGetMacro(Measure, int);
  ///@}

protected:
  vtkLayerSimilarity();
  ~vtkLayerSimilarity() override;

  int FillOutputPortInformation(int port, vtkInformation* info) override;
  bool ProcessInput(vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo,
    vtkDataObject* output) override;

  char* ArrayName = nullptr;
  int Measure = CKA;

private:
  vtkLayerSimilarity(const vtkLayerSimilarity&) = delete;
  void operator=(const vtkLayerSimilarity&) = delete;
};

#endif
