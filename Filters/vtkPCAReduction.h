/**
 * @class vtkPCAReduction
 * @brief Principal components of a sample table's feature array.
 *
 * Reads `ArrayName` from a sample table or every table of a multiblock, centres it and adds
 * the float32 array `Embedding` holding the scores on the leading NumberOfComponents principal
 * axes (fewer, with a warning, when the table has fewer samples or features). Field data
 * `ExplainedVarianceRatio` holds each component's fraction of the total variance. The top
 * components are found without a full decomposition (Lanczos, or a randomized SVD for wide
 * arrays), so reducing 3,000-D activations to 50 before UMAP is cheap.
 */
#ifndef vtkPCAReduction_h
#define vtkPCAReduction_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class NEUROTOURFILTERS_EXPORT vtkPCAReduction : public vtkSampleTableAlgorithm
{
public:
  static vtkPCAReduction* New();
  vtkTypeMacro(vtkPCAReduction, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// The feature array reduced. Default "Activations".
  vtkSetStringMacro(ArrayName);
  vtkGetStringMacro(ArrayName);
  ///@}

  ///@{
  /// Components kept. Default 50.
  vtkSetMacro(NumberOfComponents, int);
  vtkGetMacro(NumberOfComponents, int);
  ///@}

  ///@{
  /// Threads; 0 (default) uses every core.
  vtkSetClampMacro(NumberOfThreads, int, 0, 1024);
  vtkGetMacro(NumberOfThreads, int);
  ///@}

protected:
  vtkPCAReduction();
  ~vtkPCAReduction() override;

  bool ProcessTable(vtkTable* input, vtkDataObject* output) override;

  char* ArrayName = nullptr;
  int NumberOfComponents = 50;
  int NumberOfThreads = 0;

private:
  vtkPCAReduction(const vtkPCAReduction&) = delete;
  void operator=(const vtkPCAReduction&) = delete;
};

#endif
