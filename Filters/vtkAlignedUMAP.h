/**
 * @class vtkAlignedUMAP
 * @brief UMAP embeddings of several slices (epochs or layers) optimised together so they align.
 *
 * Has every property of vtkUMAPEmbedding (their common base, vtkUMAPAlgorithm), plus AlignmentRegularization, AlignmentWindowSize and
 * AlignAcross. Samples are related across slices by SampleId (row number without one).
 * - AlignAcross TIME (default): the input is a sample table with TIME_STEPS (e.g. one per
 *   training epoch). The filter requests every time step from its input in turn, embeds all
 *   slices once (cached until the input or a property changes), and then produces the
 *   requested time step's table; the output reports the same TIME_STEPS.
 * - AlignAcross BLOCKS: the input is a multiblock of sample tables (e.g. one per layer), each
 *   block a slice; the output is the same multiblock.
 * Each output table keeps the input columns and adds `Embedding`; field data `UMAPLoss`.
 * Initialization "array" is not available here.
 */
#ifndef vtkAlignedUMAP_h
#define vtkAlignedUMAP_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSmartPointer.h"        // for the cached slices
#include "vtkUMAPAlgorithm.h"

#include <vector> // for the cached slices

class vtkTable;

class NEUROTOURFILTERS_EXPORT vtkAlignedUMAP : public vtkUMAPAlgorithm
{
public:
  static vtkAlignedUMAP* New();
  vtkTypeMacro(vtkAlignedUMAP, vtkUMAPAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  enum AlignAcrossType
  {
    TIME = 0,
    BLOCKS = 1
  };

  ///@{
  /// Strength of the pull between a sample's positions in neighbouring slices (umap-learn's
  /// alignment_regularisation). Default 0.01.
  vtkSetClampMacro(AlignmentRegularization, double, 0.0, 10.0);
  vtkGetMacro(AlignmentRegularization, double);
  ///@}

  ///@{
  /// How many slices on each side pull (umap-learn's alignment_window_size). Default 3.
  vtkSetClampMacro(AlignmentWindowSize, int, 0, 100);
  vtkGetMacro(AlignmentWindowSize, int);
  ///@}

  ///@{
  /// TIME (default): the input's time steps are the slices. BLOCKS: a multiblock's tables are.
  vtkSetClampMacro(AlignAcross, int, TIME, BLOCKS);
  vtkGetMacro(AlignAcross, int);
  ///@}

protected:
  vtkAlignedUMAP();
  ~vtkAlignedUMAP() override;

  int RequestInformation(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;
  int RequestUpdateExtent(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;
  bool ProcessInput(vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo,
    vtkDataObject* output) override;
  void FollowRankZero(vtkInformation* request, bool succeeded) override;

  double AlignmentRegularization = 0.01;
  int AlignmentWindowSize = 3;
  int AlignAcross = TIME;

private:
  vtkAlignedUMAP(const vtkAlignedUMAP&) = delete;
  void operator=(const vtkAlignedUMAP&) = delete;

  /// Embeds the slices (tables) together; results replace `slices` in place.
  bool EmbedSlices(std::vector<vtkSmartPointer<vtkTable>>& slices);
  bool CacheIsValid();
  bool ProcessTimeSteps(
    vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo, vtkDataObject* output);
  bool ProcessBlocks(vtkDataObject* input, vtkDataObject* output);
  /// Forgets the gathered slices and stops gathering.
  void StopGathering(vtkInformation* request);

  std::vector<double> TimeSteps;
  bool Gathering = false;
  std::size_t GatherIndex = 0;
  std::vector<vtkSmartPointer<vtkTable>> Slices; // gathered inputs, then the cached results
  bool CacheReady = false;
  vtkMTimeType CachedFilterTime = 0;
  vtkMTimeType CachedInputTime = 0;
};

#endif
