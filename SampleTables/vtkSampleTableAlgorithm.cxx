#include "vtkSampleTableAlgorithm.h"

#include "vtkSampleTable.h"

#include "vtkCompositeDataSet.h"
#include "vtkDataObjectTreeIterator.h"
#include "vtkDataObjectTypes.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkMultiProcessController.h"
#include "vtkObjectFactory.h"
#include "vtkSmartPointer.h"
#include "vtkStreamingDemandDrivenPipeline.h"
#include "vtkTable.h"

#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

//------------------------------------------------------------------------------
vtkSampleTableAlgorithm::vtkSampleTableAlgorithm() = default;
vtkSampleTableAlgorithm::~vtkSampleTableAlgorithm() = default;

//------------------------------------------------------------------------------
int vtkSampleTableAlgorithm::FillInputPortInformation(int port, vtkInformation* info)
{
  if (port == 0)
  {
    info->Remove(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE());
    info->Append(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkTable");
    info->Append(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkMultiBlockDataSet");
    return 1;
  }
  return this->Superclass::FillInputPortInformation(port, info);
}

//------------------------------------------------------------------------------
int vtkSampleTableAlgorithm::FillOutputPortInformation(int, vtkInformation*)
{
  return 1; // no DATA_TYPE_NAME: the output has the input's type (see the class comment)
}

//------------------------------------------------------------------------------
int vtkSampleTableAlgorithm::RequestDataObject(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkDataObject* input = vtkDataObject::GetData(inputVector[0], 0);
  if (!input)
  {
    return 0;
  }
  for (int port = 0; port < this->GetNumberOfOutputPorts(); ++port)
  {
    const char* typeName =
      this->GetOutputPortInformation(port)->Get(vtkDataObject::DATA_TYPE_NAME());
    if (!typeName || (this->Mode == EACH_TABLE && input->IsA("vtkMultiBlockDataSet")))
    {
      typeName = input->GetClassName();
    }
    vtkInformation* outInfo = outputVector->GetInformationObject(port);
    vtkDataObject* output = vtkDataObject::GetData(outInfo);
    if (!output || !output->IsA(typeName))
    {
      vtkSmartPointer<vtkDataObject> created;
      created.TakeReference(vtkDataObjectTypes::NewDataObject(typeName));
      outInfo->Set(vtkDataObject::DATA_OBJECT(), created);
    }
  }
  return 1;
}

//------------------------------------------------------------------------------
int vtkSampleTableAlgorithm::RequestData(
  vtkInformation* request, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkDataObject* input = vtkDataObject::GetData(inputVector[0], 0);
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  vtkDataObject* output = vtkDataObject::GetData(outInfo);
  output->Initialize();
  this->CurrentName.clear();
  if (this->GetAbortExecute())
  {
    // Still aborted: VTK re-requests an aborted output on every update until whoever aborted
    // clears the flag (the GUI does on Apply). Answer at once, and quietly: the abort was
    // reported when it happened.
    this->CheckAbort(); // marks the output aborted again
    return 1;
  }
  vtkMultiProcessController* controller = vtkMultiProcessController::GetGlobalController();
  if (this->NeedsAllSamples && controller && controller->GetNumberOfProcesses() > 1)
  {
    return this->ProcessAllSamples(request, input, outInfo, output, controller) ? 1 : 0;
  }
  if (vtkSampleTable::IsEmptyParallelPiece(input, outInfo))
  {
    if (output->IsA(input->GetClassName()))
    {
      output->ShallowCopy(input); // the columns, without rows
    }
    return 1;
  }
  const bool succeeded = this->Process(request, input, outInfo, output);
  return succeeded ? 1 : 0;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::Process(
  vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo, vtkDataObject* output)
{
  const bool succeeded = this->Mode == WHOLE_INPUT
    ? this->RunReportingErrors([&] { return this->ProcessInput(request, input, outInfo, output); })
    : this->ProcessEachTable(input, output);
  this->SetProgressShiftScale(0.0, 1.0);
  if (!succeeded)
  {
    output->Initialize();
    if (this->CheckAbort())
    {
      // Not an error (the user asked for it), but the empty output must not pass unexplained.
      vtkWarningMacro(<< "Aborted: the output is empty until the filter runs again.");
      return true;
    }
    return false;
  }
  return true;
}

namespace
{
/// Rows per rank of each table of a gathered input, by flat index (0 for a lone table).
using RowCounts = std::map<unsigned int, std::vector<vtkIdType>>;

/// The tables of `object` by flat index (0 for a lone table); none for an empty object.
std::map<unsigned int, vtkTable*> TablesOf(vtkDataObject* object)
{
  std::map<unsigned int, vtkTable*> tables;
  if (auto* table = vtkTable::SafeDownCast(object))
  {
    tables[0] = table;
  }
  else if (auto* blocks = vtkCompositeDataSet::SafeDownCast(object))
  {
    vtkSmartPointer<vtkCompositeDataIterator> it;
    it.TakeReference(blocks->NewIterator());
    for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
    {
      if (auto* leaf = vtkTable::SafeDownCast(it->GetCurrentDataObject()))
      {
        tables[it->GetCurrentFlatIndex()] = leaf;
      }
    }
  }
  return tables;
}

/// The ranks' tables appended in rank order (columns and field data of the first rank that
/// has rows); throws when a rank's columns differ.
vtkSmartPointer<vtkTable> AppendRows(const std::vector<vtkTable*>& parts)
{
  auto merged = vtkSmartPointer<vtkTable>::New();
  vtkTable* model = nullptr;
  vtkIdType total = 0;
  for (vtkTable* part : parts)
  {
    if (part && part->GetNumberOfRows() > 0)
    {
      model = model ? model : part;
      total += part->GetNumberOfRows();
    }
  }
  if (!model)
  {
    return merged;
  }
  merged->GetFieldData()->ShallowCopy(model->GetFieldData());
  for (vtkIdType c = 0; c < model->GetNumberOfColumns(); ++c)
  {
    vtkAbstractArray* column = model->GetColumn(c);
    vtkSmartPointer<vtkAbstractArray> all = vtkSampleTable::NewColumnLike(column, total);
    vtkIdType row = 0;
    for (vtkTable* part : parts)
    {
      if (!part || part->GetNumberOfRows() == 0)
      {
        continue;
      }
      vtkAbstractArray* same = part->GetColumnByName(column->GetName());
      if (!same || same->GetNumberOfComponents() != column->GetNumberOfComponents())
      {
        throw std::runtime_error(std::string("the ranks' tables differ in column '") +
          (column->GetName() ? column->GetName() : "") + "'");
      }
      all->InsertTuples(row, part->GetNumberOfRows(), 0, same);
      row += part->GetNumberOfRows();
    }
    merged->AddColumn(all);
  }
  vtkSampleTable::MarkColumns(merged);
  return merged;
}

/// Every rank's rows in one data object shaped as rank 0's (tables appended by flat index).
vtkSmartPointer<vtkDataObject> MergePieces(
  const std::vector<vtkSmartPointer<vtkDataObject>>& pieces, RowCounts& counts)
{
  std::vector<std::map<unsigned int, vtkTable*>> tables;
  for (const auto& piece : pieces)
  {
    tables.push_back(TablesOf(piece));
  }
  const auto mergeAt = [&](unsigned int index)
  {
    std::vector<vtkTable*> parts;
    for (const auto& rankTables : tables)
    {
      const auto found = rankTables.find(index);
      parts.push_back(found == rankTables.end() ? nullptr : found->second);
      counts[index].push_back(parts.back() ? parts.back()->GetNumberOfRows() : 0);
    }
    return AppendRows(parts);
  };
  auto* blocks = vtkMultiBlockDataSet::SafeDownCast(pieces[0]);
  if (!blocks)
  {
    return mergeAt(0);
  }
  auto merged = vtkSmartPointer<vtkMultiBlockDataSet>::New();
  merged->CopyStructure(blocks);
  vtkSmartPointer<vtkCompositeDataIterator> it;
  it.TakeReference(blocks->NewIterator());
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    if (vtkTable::SafeDownCast(it->GetCurrentDataObject()))
    {
      merged->SetDataSet(it, mergeAt(it->GetCurrentFlatIndex()));
    }
  }
  return merged;
}

/// Rank `rank`'s rows of a result table: the same rows as its input had when the result has
/// one row per gathered sample (`counts` of the input table it came from), else all of it on
/// rank 0 and nothing elsewhere (a summary).
vtkSmartPointer<vtkTable> RowsOfRank(
  vtkTable* result, const std::vector<vtkIdType>* counts, int rank)
{
  vtkIdType total = 0, first = 0;
  for (std::size_t r = 0; counts && r < counts->size(); ++r)
  {
    first += static_cast<int>(r) < rank ? (*counts)[r] : 0;
    total += (*counts)[r];
  }
  if (counts && total == result->GetNumberOfRows())
  {
    return vtkSampleTable::SliceRows(result, first, first + (*counts)[rank]);
  }
  if (rank == 0)
  {
    return result;
  }
  return vtkSmartPointer<vtkTable>::New();
}

/// RowsOfRank for every table of a result (lone table or multiblock).
vtkSmartPointer<vtkDataObject> ResultOfRank(vtkDataObject* result, const RowCounts& counts, int rank)
{
  const auto countsAt = [&](unsigned int index) -> const std::vector<vtkIdType>*
  {
    // A result shaped as its input matches tables by flat index; from a lone input table,
    // every result table may hold its rows.
    const auto found = counts.find(counts.size() == 1 ? counts.begin()->first : index);
    return found == counts.end() ? nullptr : &found->second;
  };
  if (auto* table = vtkTable::SafeDownCast(result))
  {
    return RowsOfRank(table, countsAt(0), rank);
  }
  auto* blocks = vtkMultiBlockDataSet::SafeDownCast(result);
  if (!blocks)
  {
    // Not rows of samples: rank 0 keeps it, the others get an empty one of its type (a null
    // object cannot be sent).
    vtkSmartPointer<vtkDataObject> empty;
    empty.TakeReference(result->NewInstance());
    return rank == 0 ? vtkSmartPointer<vtkDataObject>(result) : empty;
  }
  auto part = vtkSmartPointer<vtkMultiBlockDataSet>::New();
  part->CopyStructure(blocks);
  vtkSmartPointer<vtkCompositeDataIterator> it;
  it.TakeReference(blocks->NewIterator());
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    if (auto* table = vtkTable::SafeDownCast(it->GetCurrentDataObject()))
    {
      part->SetDataSet(it, RowsOfRank(table, countsAt(it->GetCurrentFlatIndex()), rank));
    }
  }
  return part;
}
} // namespace

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ProcessAllSamples(vtkInformation* request, vtkDataObject* input,
  vtkInformation* outInfo, vtkDataObject* output, vtkMultiProcessController* controller)
{
  // Gathering the rows to one rank, rather than distributing the neighbour search, keeps every
  // algorithm exactly as tested; one node's memory then bounds the input (the README's MPI
  // section has the sizes).
  const int rank = controller->GetLocalProcessId();
  const int ranks = controller->GetNumberOfProcesses();
  std::vector<vtkSmartPointer<vtkDataObject>> pieces, referencePieces;
  controller->Gather(input, pieces, 0);
  const bool hasReference =
    this->GetNumberOfInputPorts() > 1 && this->GetNumberOfInputConnections(1) > 0;
  if (hasReference)
  {
    controller->Gather(this->GetInputDataObject(1, 0), referencePieces, 0);
  }
  RowCounts counts;
  int succeeded = 1;
  if (rank == 0)
  {
    vtkSmartPointer<vtkDataObject> merged;
    try
    {
      merged = MergePieces(pieces, counts);
      if (hasReference)
      {
        RowCounts referenceCounts;
        this->GatheredReference = MergePieces(referencePieces, referenceCounts);
      }
    }
    catch (const std::exception& error)
    {
      vtkErrorMacro(<< "Gathering the samples of " << ranks << " ranks: " << error.what() << ".");
      succeeded = 0;
    }
    pieces.clear();
    referencePieces.clear();
    succeeded = succeeded && this->Process(request, merged, outInfo, output) ? 1 : 0;
    this->GatheredReference = nullptr;
  }
  // Every rank stops where rank 0 stopped, so no rank waits in a later filter's gather, and
  // runs another pass when rank 0 does.
  int state[2] = { succeeded,
    request->Has(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING()) ? 1 : 0 };
  controller->Broadcast(state, 2, 0);
  if (rank != 0)
  {
    if (state[1])
    {
      request->Set(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING(), 1);
    }
    else
    {
      request->Remove(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING());
    }
    this->FollowRankZero(request, state[0] != 0);
  }
  if (!state[0])
  {
    output->Initialize();
    return false;
  }
  constexpr int RowsTag = 79531; // above VTK's reserved tags
  if (rank == 0)
  {
    for (int other = 1; other < ranks; ++other)
    {
      vtkSmartPointer<vtkDataObject> part = ResultOfRank(output, counts, other);
      controller->Send(part, other, RowsTag);
    }
    vtkSmartPointer<vtkDataObject> own = ResultOfRank(output, counts, 0);
    if (own != output) // a summary stays whole; copying an object into itself would empty it
    {
      output->ShallowCopy(own);
    }
    return true;
  }
  vtkSmartPointer<vtkDataObject> own;
  own.TakeReference(controller->ReceiveDataObject(0, RowsTag));
  if (own && output->IsA(own->GetClassName()))
  {
    output->ShallowCopy(own);
    for (const auto& entry : TablesOf(output))
    {
      vtkSampleTable::MarkColumns(entry.second);
    }
  }
  return true;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ProcessEachTable(vtkDataObject* input, vtkDataObject* output)
{
  if (auto* table = vtkTable::SafeDownCast(input))
  {
    return this->RunReportingErrors([&] { return this->ProcessTable(table, output); });
  }
  auto* inputBlocks = vtkMultiBlockDataSet::SafeDownCast(input);
  auto* outputBlocks = vtkMultiBlockDataSet::SafeDownCast(output);
  if (!inputBlocks || !outputBlocks)
  {
    vtkErrorMacro(<< "The input must be a sample table or a multiblock of sample tables.");
    return false;
  }
  // Blocks are layers: the output keeps the block structure and names, so a downstream
  // filter or view finds each layer where it was.
  outputBlocks->CopyStructure(inputBlocks);
  vtkSmartPointer<vtkDataObjectTreeIterator> it;
  it.TakeReference(inputBlocks->NewTreeIterator());
  it->SkipEmptyNodesOn();
  std::vector<vtkTable*> tables;
  std::vector<std::string> names;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    const char* name = it->GetCurrentMetaData()->Get(vtkCompositeDataSet::NAME());
    names.emplace_back(name ? name : std::to_string(it->GetCurrentFlatIndex()));
    tables.push_back(vtkTable::SafeDownCast(it->GetCurrentDataObject()));
    if (!tables.back())
    {
      vtkErrorMacro(<< "Block '" << names.back() << "' is not a sample table.");
      return false;
    }
  }
  if (!this->RunReportingErrors([&] { return this->PrepareTables(tables, names); }))
  {
    return false;
  }
  const auto count = static_cast<unsigned int>(tables.size());
  const char* tableOutputType =
    this->GetOutputPortInformation(0)->Get(vtkDataObject::DATA_TYPE_NAME());
  unsigned int block = 0;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem(), ++block)
  {
    this->CurrentName = names[block];
    vtkSmartPointer<vtkDataObject> result;
    result.TakeReference(vtkDataObjectTypes::NewDataObject(tableOutputType ? tableOutputType : "vtkTable"));
    this->SetProgressShiftScale(static_cast<double>(block) / count, 1.0 / count);
    if (!this->RunReportingErrors([&] { return this->ProcessTable(tables[block], result); }))
    {
      return false;
    }
    outputBlocks->SetDataSet(it, result);
  }
  return true;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::RunReportingErrors(const std::function<bool()>& work)
{
  bool succeeded = false;
  try
  {
    succeeded = work();
  }
  catch (const std::exception& error)
  {
    if (!this->CheckAbort())
    {
      vtkErrorMacro(<< error.what() << this->CurrentBlockName() << ".");
    }
  }
  return succeeded && !this->CheckAbort();
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ProcessTable(vtkTable*, vtkDataObject*)
{
  vtkErrorMacro(<< this->GetClassName() << " processes each table but has no ProcessTable().");
  return false;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::PrepareTables(
  const std::vector<vtkTable*>&, const std::vector<std::string>&)
{
  return true;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ProcessInput(
  vtkInformation*, vtkDataObject*, vtkInformation*, vtkDataObject*)
{
  vtkErrorMacro(<< this->GetClassName() << " processes its whole input but has no ProcessInput().");
  return false;
}

//------------------------------------------------------------------------------
void vtkSampleTableAlgorithm::FollowRankZero(vtkInformation*, bool) {}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ReportProgress(double fraction)
{
  this->UpdateProgress(fraction);
  return !this->CheckAbort();
}

//------------------------------------------------------------------------------
std::function<bool(double)> vtkSampleTableAlgorithm::ProgressCallback()
{
  return [this](double fraction) { return this->ReportProgress(fraction); };
}

//------------------------------------------------------------------------------
vtkDataObject* vtkSampleTableAlgorithm::GetReferenceInput()
{
  if (this->GatheredReference)
  {
    return this->GatheredReference;
  }
  return this->GetNumberOfInputPorts() > 1 && this->GetNumberOfInputConnections(1) > 0
    ? this->GetInputDataObject(1, 0)
    : nullptr;
}

//------------------------------------------------------------------------------
std::string vtkSampleTableAlgorithm::CurrentBlockName() const
{
  return this->CurrentName.empty() ? std::string() : " (block '" + this->CurrentName + "')";
}

//------------------------------------------------------------------------------
vtkSmartPointer<vtkFloatArray> vtkSampleTableAlgorithm::RequireFeatures(
  vtkTable* table, const char* arrayName, const std::string& role)
{
  std::string error;
  vtkSmartPointer<vtkFloatArray> features = vtkSampleTable::GetFeatures(table, arrayName, error);
  if (!features)
  {
    throw std::runtime_error(role + error);
  }
  return features;
}

//------------------------------------------------------------------------------
void vtkSampleTableAlgorithm::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "Mode: " << (this->Mode == WHOLE_INPUT ? "whole input" : "each table") << "\n";
}
