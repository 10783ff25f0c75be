/**
 * @class vtkUMAPEmbedding
 * @brief UMAP embedding of a sample table's feature array (umap-learn 0.5 compatible).
 *
 * Reads `ArrayName` (one multi-component array, a row per sample) from a sample table or from
 * every table of a multiblock, and adds the float32 array `Embedding` with
 * NumberOfComponents components; every input column and the field data are kept. The fuzzy
 * cross-entropy of the result is stored as field data `UMAPLoss`, and the fit's parameters as
 * `UMAPParameters` (for vtkUMAPTransform). Multithreaded and deterministic for a fixed Seed and
 * NumberOfThreads. The tables of a multiblock (layers) are embedded side by side, each on its
 * share of the threads (NumberOfThreads / min(layers, NumberOfThreads)). Progress and its text
 * follow each stage (neighbours, graph, initialisation, optimisation, loss), each UMAP's stage
 * times are logged, and an abort stops it promptly.
 */
#ifndef vtkUMAPEmbedding_h
#define vtkUMAPEmbedding_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkUMAPAlgorithm.h"

#include <memory> // for std::unique_ptr

class NEUROTOURFILTERS_EXPORT vtkUMAPEmbedding : public vtkUMAPAlgorithm
{
public:
  static vtkUMAPEmbedding* New();
  vtkTypeMacro(vtkUMAPEmbedding, vtkUMAPAlgorithm);

protected:
  vtkUMAPEmbedding();
  ~vtkUMAPEmbedding() override;

  bool PrepareTables(
    const std::vector<vtkTable*>& tables, const std::vector<std::string>& names) override;
  bool ProcessTable(vtkTable* input, vtkDataObject* output) override;

private:
  vtkUMAPEmbedding(const vtkUMAPEmbedding&) = delete;
  void operator=(const vtkUMAPEmbedding&) = delete;

  struct vtkInternals;
  std::unique_ptr<vtkInternals> Internals;
};

#endif
