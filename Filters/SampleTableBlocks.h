// Private helpers (not wrapped) of the filters that need all layers at once or match rows by
// SampleId: the sample tables of an input in network order, their features and their ids.
#ifndef SampleTableBlocks_h
#define SampleTableBlocks_h

#include "Common.h"
#include "vtkSampleTable.h"

#include "vtkCompositeDataSet.h"
#include "vtkDataArray.h"
#include "vtkDataObjectTreeIterator.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkSmartPointer.h"
#include "vtkTable.h"

#include <cstdint>
#include <string>
#include <vector>

namespace neurotour
{
namespace tables
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

} // namespace tables
} // namespace neurotour

#endif
