/**
 * @class vtkSampleTableAlgorithm
 * @brief Base of the filters that turn each sample table into another one.
 *
 * The input is a sample table or a multiblock of them (one block per layer); the output has
 * the same structure, and subclasses implement only ProcessTable() for one table. The base
 * does the rest the same way for every filter: block iteration (block names kept), progress
 * split across blocks, abort, and on any failure an empty output after the error message.
 */
#ifndef vtkSampleTableAlgorithm_h
#define vtkSampleTableAlgorithm_h

#include "NeuroTourSampleTablesModule.h" // for export macro
#include "vtkDataObjectAlgorithm.h"
#include "vtkSmartPointer.h" // for RequireFeatures

#include <functional> // for std::function
#include <string>     // for std::string

class vtkFloatArray;
class vtkTable;

class NEUROTOURSAMPLETABLES_EXPORT vtkSampleTableAlgorithm : public vtkDataObjectAlgorithm
{
public:
  vtkTypeMacro(vtkSampleTableAlgorithm, vtkDataObjectAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

protected:
  vtkSampleTableAlgorithm();
  ~vtkSampleTableAlgorithm() override;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  int RequestDataObject(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;
  int RequestData(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;

  /**
   * Computes `output` from `input` (one sample table). `output` starts empty; a subclass
   * usually ShallowCopy()s the input and adds columns, so no user column is lost.
   * Report failures with vtkErrorMacro (naming the block via CurrentBlockName()) and return
   * false; throwing is also fine: the message becomes the error.
   */
  virtual bool ProcessTable(vtkTable* input, vtkTable* output) = 0;

  /// Progress of the current table in [0, 1], mapped into this block's share of the bar.
  /// Returns false when the filter was aborted. Call only from the pipeline thread.
  bool ReportTableProgress(double fraction);

  /// The callback form of ReportTableProgress, for layer-1 algorithms.
  std::function<bool(double)> TableProgressCallback();

  /// "" for a lone table, else " (block 'name')" for messages.
  std::string CurrentBlockName() const;

  /// The float32 features in `arrayName` of `table` (zero-copy when possible). Throws when the
  /// array is missing or unusable, so the error names the block; `role` starts the message.
  vtkSmartPointer<vtkFloatArray> RequireFeatures(
    vtkTable* table, const char* arrayName, const std::string& role = std::string());

private:
  vtkSampleTableAlgorithm(const vtkSampleTableAlgorithm&) = delete;
  void operator=(const vtkSampleTableAlgorithm&) = delete;

  bool RunOnTable(vtkTable* input, vtkTable* output);

  unsigned int CurrentBlock = 0;
  unsigned int NumberOfBlocks = 1;
  std::string CurrentName;
};

#endif
