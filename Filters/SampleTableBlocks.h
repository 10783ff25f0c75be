// Private helpers (not wrapped) shared by the filters that need all layers at once or match rows
// by SampleId: the sample tables of an input in network order, and their ids.
#ifndef SampleTableBlocks_h
#define SampleTableBlocks_h

#include "Common.h"
#include "vtkSampleTable.h"

#include "vtkAlgorithm.h"
#include "vtkCompositeDataSet.h"
#include "vtkDataArray.h"
#include "vtkDataObjectTreeIterator.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkSmartPointer.h"
#include "vtkStreamingDemandDrivenPipeline.h"
#include "vtkTable.h"

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace neurotour_filters
{

struct NamedTable
{
  std::string Name;
  vtkTable* Table = nullptr;
};

/// A lone table (named by its LayerName, else "Input") or the non-empty leaves of a multiblock,
/// named by their block names, in order. Empty with `error` set when a leaf is not a table.
inline std::vector<NamedTable> CollectSampleTables(vtkDataObject* input, std::string& error)
{
  std::vector<NamedTable> tables;
  if (auto* table = vtkTable::SafeDownCast(input))
  {
    const std::string layer = vtkSampleTable::GetLayerName(table->GetFieldData());
    tables.push_back({ layer.empty() ? std::string("Input") : layer, table });
    return tables;
  }
  auto* blocks = vtkMultiBlockDataSet::SafeDownCast(input);
  if (!blocks)
  {
    error = "the input must be a sample table or a multiblock of sample tables";
    return tables;
  }
  vtkSmartPointer<vtkDataObjectTreeIterator> it;
  it.TakeReference(blocks->NewTreeIterator());
  it->SkipEmptyNodesOn();
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    const char* name = it->GetCurrentMetaData()->Get(vtkCompositeDataSet::NAME());
    const std::string blockName = name ? name : std::to_string(it->GetCurrentFlatIndex());
    auto* table = vtkTable::SafeDownCast(it->GetCurrentDataObject());
    if (!table)
    {
      error = "block '" + blockName + "' is not a sample table";
      return {};
    }
    tables.push_back({ blockName, table });
  }
  if (tables.empty())
  {
    error = "the input multiblock holds no tables";
  }
  return tables;
}

/// The table's SampleId column; tables without one are matched by row number.
inline std::vector<std::int64_t> SampleIdsOf(vtkTable* table)
{
  std::vector<std::int64_t> ids(table->GetNumberOfRows());
  auto* column =
    vtkArrayDownCast<vtkDataArray>(table->GetColumnByName(vtkSampleTable::SampleIdName));
  for (vtkIdType row = 0; row < table->GetNumberOfRows(); ++row)
  {
    ids[row] = column ? static_cast<std::int64_t>(column->GetComponent(row, 0)) : row;
  }
  return ids;
}

/// Each table's `arrayName` as a float32 matrix over the array (kept alive here) and its sample
/// ids, in order.
struct TableFeatures
{
  std::vector<NamedTable> Tables;
  std::vector<vtkSmartPointer<vtkFloatArray>> Arrays;
  std::vector<neurotour::ConstMatrixMap> Matrices;
  std::vector<std::vector<std::int64_t>> Ids;
};

/// Empty, with `error` = "'name': reason", when a table lacks a usable array.
inline TableFeatures GatherFeatures(
  const std::vector<NamedTable>& tables, const char* arrayName, std::string& error)
{
  TableFeatures gathered;
  gathered.Tables = tables;
  for (const NamedTable& table : tables)
  {
    vtkSmartPointer<vtkFloatArray> array = vtkSampleTable::GetFeatures(table.Table, arrayName, error);
    if (!array)
    {
      error = "'" + table.Name + "': " + error;
      return {};
    }
    gathered.Matrices.emplace_back(
      array->GetPointer(0), array->GetNumberOfTuples(), array->GetNumberOfComponents());
    gathered.Arrays.push_back(std::move(array));
    gathered.Ids.push_back(SampleIdsOf(table.Table));
  }
  return gathered;
}

/// GatherFeatures over CollectSampleTables(input): every layer of a network at once.
inline TableFeatures CollectFeatures(vtkDataObject* input, const char* arrayName, std::string& error)
{
  const std::vector<NamedTable> tables = CollectSampleTables(input, error);
  if (tables.empty())
  {
    return {};
  }
  TableFeatures gathered = GatherFeatures(tables, arrayName, error);
  if (gathered.Matrices.empty())
  {
    error = "block " + error;
  }
  return gathered;
}

/// Runs `work` and turns an exception into the algorithm's error message (none when aborted).
/// False when the work failed or was aborted: the caller then empties its output.
inline bool RunReportingErrors(vtkAlgorithm* algorithm, const std::function<bool()>& work)
{
  bool ok = false;
  try
  {
    ok = work();
  }
  catch (const std::exception& error)
  {
    if (!algorithm->CheckAbort())
    {
      vtkErrorWithObjectMacro(algorithm, << error.what() << ".");
    }
  }
  return ok && !algorithm->CheckAbort();
}

/// Input ports of the filters that summarise sample tables: a table or a multiblock of them.
inline int AcceptSampleTables(vtkInformation* info)
{
  info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkTable");
  info->Append(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkMultiBlockDataSet");
  return 1;
}

/// RequestData of a filter that summarises its sample tables into one output table with
/// summarize(input, output): an empty table on an empty parallel piece, and an empty table
/// (return 0) when the summary failed or was aborted.
inline int SummarizeSampleTables(vtkAlgorithm* algorithm, vtkInformationVector** inputVector,
  vtkInformationVector* outputVector, const std::function<bool(vtkDataObject*, vtkTable*)>& summarize)
{
  vtkDataObject* input = vtkDataObject::GetData(inputVector[0], 0);
  vtkTable* output = vtkTable::GetData(outputVector, 0);
  if (vtkSampleTable::IsEmptyParallelPiece(input, outputVector->GetInformationObject(0)))
  {
    output->Initialize();
    return 1;
  }
  if (!RunReportingErrors(algorithm, [&] { return summarize(input, output); }))
  {
    output->Initialize();
    return 0;
  }
  return 1;
}

} // namespace neurotour_filters

#endif
