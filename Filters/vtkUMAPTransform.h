/**
 * @class vtkUMAPTransform
 * @brief Places new samples into a fitted UMAP embedding (umap-learn's transform).
 *
 * Port 0 (Input) holds the samples to place (a sample table or a multiblock of them), port 1
 * (Reference) the output of a UMAP Embedding: its ArrayName features, its `Embedding` and the
 * field data `UMAPParameters` the fit was made with (neighbours, min_dist, spread, metric).
 * Each input sample starts at the membership-weighted mean of its nearest fitted samples and
 * is optimised with the fitted samples held still, so test samples, new data or adversarial
 * steps (time steps of the Input) land in the same embedding as the data it was fitted on.
 * Adds the float32 column `Embedding` and keeps every input column.
 */
#ifndef vtkUMAPTransform_h
#define vtkUMAPTransform_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class vtkAlgorithmOutput;

class NEUROTOURFILTERS_EXPORT vtkUMAPTransform : public vtkSampleTableAlgorithm
{
public:
  static vtkUMAPTransform* New();
  vtkTypeMacro(vtkUMAPTransform, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  /// The fitted UMAP Embedding output (input port 1).
  void SetReferenceConnection(vtkAlgorithmOutput* output);

  ///@{
  /// The feature array, in the Input and the Reference alike. Default "Activations".
  vtkSetStringMacro(ArrayName);
  vtkGetStringMacro(ArrayName);
  ///@}

  ///@{
  /// Optimisation epochs; 0 (default) chooses 100 up to 10,000 new samples and 30 above, as
  /// umap-learn's transform does.
  vtkSetMacro(NumberOfEpochs, int);
  vtkGetMacro(NumberOfEpochs, int);
  ///@}

  ///@{
  /// Random seed. Default 42.
  vtkSetMacro(Seed, int);
  vtkGetMacro(Seed, int);
  ///@}

  ///@{
  /// Threads; 0 (default) uses every core. The result does not depend on it.
  vtkSetClampMacro(NumberOfThreads, int, 0, 1024);
  vtkGetMacro(NumberOfThreads, int);
  ///@}

protected:
  vtkUMAPTransform();
  ~vtkUMAPTransform() override;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  bool ProcessTable(vtkTable* input, vtkDataObject* output) override;

private:
  vtkUMAPTransform(const vtkUMAPTransform&) = delete;
  void operator=(const vtkUMAPTransform&) = delete;

  char* ArrayName = nullptr;
  int NumberOfEpochs = 0;
  int Seed = 42;
  int NumberOfThreads = 0;
};

#endif
