/**
 * @class vtkSelectSplit
 * @brief The rows of one split (training or test images) of a sample table.
 *
 * IDXReader with CombineTrainAndTest reads both splits into one table with a `Split` column
 * (0 train, 1 test), so a model runs once over both; two of these filters then show training
 * and test samples in two linked Grand Tour views (the Grand Tour article's over-fitting
 * picture). Every column and the field data are kept, `SampleId` unchanged (selections still
 * link across the views); a multiblock (one block per layer) gives a multiblock, and time
 * steps (epochs) pass through.
 */
#ifndef vtkSelectSplit_h
#define vtkSelectSplit_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class NEUROTOURFILTERS_EXPORT vtkSelectSplit : public vtkSampleTableAlgorithm
{
public:
  static vtkSelectSplit* New();
  vtkTypeMacro(vtkSelectSplit, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  enum SplitValue
  {
    TRAIN = 0,
    TEST = 1
  };

  ///@{
  /// The split whose rows are kept: TRAIN (0, default) or TEST (1).
  vtkSetClampMacro(Split, int, TRAIN, TEST);
  vtkGetMacro(Split, int);
  ///@}

  ///@{
  /// Keep at most this many of the split's samples, the first ones (0, default: all), e.g. a
  /// few thousand of each split before a model runs over them.
  vtkSetClampMacro(MaximumNumberOfSamples, vtkIdType, 0, VTK_ID_MAX);
  vtkGetMacro(MaximumNumberOfSamples, vtkIdType);
  ///@}

protected:
  vtkSelectSplit() = default;
  ~vtkSelectSplit() override = default;

  bool ProcessTable(vtkTable* input, vtkDataObject* output) override;

  int Split = TRAIN;
  vtkIdType MaximumNumberOfSamples = 0;

private:
  vtkSelectSplit(const vtkSelectSplit&) = delete;
  void operator=(const vtkSelectSplit&) = delete;
};

#endif
