/**
 * @class vtkLayerAlignment
 * @brief Rotates each layer's coordinates so consecutive layers line up.
 *
 * The input is a multiblock of sample tables, one per layer in network order. The first layer
 * stays as it is; every next layer is centred, rotated (an orthogonal map, so its geometry is
 * untouched) onto the previous aligned layer, and moved to that layer's centre, rows matched by
 * `SampleId`. A view switching layers then keeps its orientation instead of jumping.
 *
 * PROCRUSTES (default) fits each rotation by orthogonal Procrustes. LINEAR is the Grand Tour
 * article's alignment for layers joined by a linear map: it fits X_k ≈ X_{k-1}·M, M = U Σ Vᵀ,
 * and rotates layer k by V Uᵀ, so going from one layer to the next is the pure stretch U Σ Uᵀ.
 *
 * Layers may differ in dimension: each keeps its own, and its rotation is fitted against the
 * previous aligned layer's first d coordinates (zero-padded when it has fewer), so coordinate j
 * means the same in both layers for j below the smaller dimension.
 */
#ifndef vtkLayerAlignment_h
#define vtkLayerAlignment_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class NEUROTOURFILTERS_EXPORT vtkLayerAlignment : public vtkSampleTableAlgorithm
{
public:
  static vtkLayerAlignment* New();
  vtkTypeMacro(vtkLayerAlignment, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  enum AlignmentMethods
  {
    PROCRUSTES = 0,
    LINEAR = 1
  };

  ///@{
  /// The multi-component array aligned in every layer. Default "Embedding".
  vtkSetStringMacro(ArrayName);
  vtkGetStringMacro(ArrayName);
  ///@}

  ///@{
  /// PROCRUSTES (default) or LINEAR (the Grand Tour SVD alignment of linear layers).
  vtkSetClampMacro(Method, int, PROCRUSTES, LINEAR);
  vtkGetMacro(Method, int);
  ///@}

protected:
  vtkLayerAlignment();
  ~vtkLayerAlignment() override;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  bool ProcessInput(vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo,
    vtkDataObject* output) override;

  char* ArrayName = nullptr;
  int Method = PROCRUSTES;

private:
  vtkLayerAlignment(const vtkLayerAlignment&) = delete;
  void operator=(const vtkLayerAlignment&) = delete;
};

#endif
