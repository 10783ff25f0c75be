/**
 * @class vtkSampleTableAlgorithm
 * @brief The one base of NeuroTour's filters: sample tables in, one error rule, one progress
 * helper.
 *
 * Input port 0 takes a sample table or a multiblock of them (a subclass may narrow that in
 * FillInputPortInformation). A subclass picks one of two modes in its constructor:
 * - EACH_TABLE (default): it implements ProcessTable() for one table; the base walks the
 *   blocks of a multiblock (structure and names kept) and splits the progress bar across them.
 * - WHOLE_INPUT: it implements ProcessInput() for the whole input at once (filters that relate
 *   layers or epochs to each other, or summarise them).
 * Output type hook: FillOutputPortInformation may set DATA_TYPE_NAME. In EACH_TABLE mode that
 * is the type made from each table (a multiblock input gives a multiblock of them); in
 * WHOLE_INPUT mode the output's type. Left unset, the output has the input's type.
 *
 * The error rule (the readers follow it too):
 * - A failure is one vtkErrorMacro sentence naming the problem (and the block), an empty
 *   output, and 0 returned to the executive. That is VTK's contract: the update stops there,
 *   so no downstream filter runs on a half-made output, and Update() returns 0. The `neurotour`
 *   Python module turns the message into a NeuroTourError. In ProcessTable() or ProcessInput(),
 *   throw a std::exception (its message becomes the error, the block appended) or report with
 *   vtkErrorMacro and return false.
 * - An abort is not a failure: the output is emptied, a warning says it was aborted, and 1
 *   is returned. Until AbortExecute is cleared, later updates return an empty output at once.
 * - Under MPI each rank holds its own rows (the readers' pieces). A filter that works row by
 *   row runs on them; one that needs all samples runs on rank 0 on everyone's rows
 *   (NeedsAllSamples). A row-by-row filter on a piece > 0 whose input is empty (more ranks than
 *   samples) gives an empty output, with no message.
 * Progress: ReportProgress() or ProgressCallback() (for layer-1 algorithms), from the pipeline
 * thread only; both return false once the filter is aborted.
 */
#ifndef vtkSampleTableAlgorithm_h
#define vtkSampleTableAlgorithm_h

#include "NeuroTourSampleTablesModule.h" // for export macro
#include "vtkDataObjectAlgorithm.h"
#include "vtkSmartPointer.h" // for RequireFeatures

#include <functional> // for std::function
#include <string>     // for std::string
#include <vector>     // for PrepareTables

class vtkFloatArray;
class vtkMultiProcessController;
class vtkTable;

class NEUROTOURSAMPLETABLES_EXPORT vtkSampleTableAlgorithm : public vtkDataObjectAlgorithm
{
public:
  vtkTypeMacro(vtkSampleTableAlgorithm, vtkDataObjectAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

protected:
  vtkSampleTableAlgorithm();
  ~vtkSampleTableAlgorithm() override;

  enum ProcessingMode
  {
    EACH_TABLE,
    WHOLE_INPUT
  };
  /// Set in the subclass's constructor. Default EACH_TABLE.
  ProcessingMode Mode = EACH_TABLE;

  /**
   * Whether the result of a sample depends on the other samples (neighbours, PCA, embeddings,
   * metrics): true by default, so a filter is right under MPI unless it says it works row by
   * row (extraction, adversarial steps, selections), which turns it off in its constructor.
   * Under MPI with more than one process, the base gathers every rank's rows on rank 0, runs
   * the filter there on all of them, and sends each rank its own rows of the result back
   * (tables with one row per input sample, matched by block); other results (summaries) stay
   * on rank 0. A failure on rank 0 stops the update on every rank.
   */
  bool NeedsAllSamples = true;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  int FillOutputPortInformation(int port, vtkInformation* info) override;
  int RequestDataObject(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;
  int RequestData(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;

  /**
   * EACH_TABLE mode: computes `output` (empty, of the hook's type) from one sample table.
   * A subclass usually ShallowCopy()s the input and adds columns, so no user column is lost.
   */
  virtual bool ProcessTable(vtkTable* input, vtkDataObject* output);

  /**
   * EACH_TABLE mode, optional: called with every table of a multiblock input and its block
   * name before ProcessTable() runs for each, so a subclass can compute several tables at once
   * (layers side by side) and let ProcessTable() build each output from its result. The error
   * rule applies (name the block in a message); progress reported here spans the whole run.
   */
  virtual bool PrepareTables(
    const std::vector<vtkTable*>& tables, const std::vector<std::string>& names);

  /**
   * WHOLE_INPUT mode: computes `output` from all of `input`. `request` and `outInfo` are the
   * pipeline's, for filters that read the requested time step or ask to run again.
   */
  virtual bool ProcessInput(
    vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo, vtkDataObject* output);

  /**
   * NeedsAllSamples under MPI: called on the ranks other than 0 after each pass, which rank 0
   * ran on everyone's rows, with the request as rank 0 left it (CONTINUE_EXECUTING copied) and
   * whether it succeeded. A filter that keeps state from pass to pass (reading one time step
   * per pass) advances it here as rank 0 did, so every rank asks for the same next step.
   */
  virtual void FollowRankZero(vtkInformation* request, bool succeeded);

  /// Reports `fraction` in [0, 1] of the current table (EACH_TABLE) or of the whole run;
  /// returns false once the filter is aborted.
  bool ReportProgress(double fraction);

  /// ReportProgress as the callback that layer-1 algorithms take.
  std::function<bool(double)> ProgressCallback();

  /// Input port 1 (the reference of a filter that takes one), or null. Under MPI with
  /// NeedsAllSamples, every rank's rows of it.
  vtkDataObject* GetReferenceInput();

  /// "" for a lone table, else " (block 'name')" for messages.
  std::string CurrentBlockName() const;

  /// The float32 features in `arrayName` of `table` (zero-copy when possible). Throws when the
  /// array is missing or unusable, so the error names the block; `role` starts the message.
  vtkSmartPointer<vtkFloatArray> RequireFeatures(
    vtkTable* table, const char* arrayName, const std::string& role = std::string());

private:
  vtkSampleTableAlgorithm(const vtkSampleTableAlgorithm&) = delete;
  void operator=(const vtkSampleTableAlgorithm&) = delete;

  /// Runs `work`, turning an exception into the error message. False on failure or abort.
  bool RunReportingErrors(const std::function<bool()>& work);
  /// ProcessInput() or the walk over the tables, with the error and abort rule.
  bool Process(
    vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo, vtkDataObject* output);
  /// Process() on every rank's rows at once (NeedsAllSamples under MPI).
  bool ProcessAllSamples(vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo,
    vtkDataObject* output, vtkMultiProcessController* controller);
  bool ProcessEachTable(vtkDataObject* input, vtkDataObject* output);

  std::string CurrentName;
  vtkSmartPointer<vtkDataObject> GatheredReference; // while ProcessAllSamples runs
};

#endif
