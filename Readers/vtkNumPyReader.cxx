#include "vtkNumPyReader.h"

#include "FormatError.h"
#include "NumPyFormat.h"
#include "vtkSampleTable.h"

#include "vtkDataArray.h"
#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkIntArray.h"
#include "vtkObjectFactory.h"
#include "vtkStreamingDemandDrivenPipeline.h"
#include "vtkTable.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <regex>

#include <sys/mman.h>

vtkStandardNewMacro(vtkNumPyReader);

namespace
{
using neurotour::formats::NumPyArray;
using neurotour::formats::NumPyType;

int VTKTypeOf(NumPyType type)
{
  switch (type)
  {
    case NumPyType::Bool:
    case NumPyType::UInt8:
      return VTK_UNSIGNED_CHAR;
    case NumPyType::Int8:
      return VTK_SIGNED_CHAR;
    case NumPyType::Int16:
      return VTK_SHORT;
    case NumPyType::UInt16:
      return VTK_UNSIGNED_SHORT;
    case NumPyType::Int32:
      return VTK_INT;
    case NumPyType::UInt32:
      return VTK_UNSIGNED_INT;
    case NumPyType::Int64:
      return VTK_TYPE_INT64;
    case NumPyType::UInt64:
      return VTK_TYPE_UINT64;
    case NumPyType::Float32:
      return VTK_FLOAT;
    case NumPyType::Float64:
      return VTK_DOUBLE;
    case NumPyType::Unicode:
      break;
  }
  return VTK_VOID;
}

// A column with one tuple per sample (first axis) and the trailing axes as components.
// A column of the array's type and shape (samples × the rest flattened), values unset.
vtkSmartPointer<vtkDataArray> NewColumn(const NumPyArray& array, const std::string& name)
{
  vtkSmartPointer<vtkDataArray> column;
  column.TakeReference(vtkDataArray::CreateDataArray(VTKTypeOf(array.Type)));
  column->SetName(name.c_str());
  const std::int64_t rows = array.Shape.empty() ? 1 : array.Shape[0];
  const std::int64_t components = rows > 0 ? array.Count() / rows : 1;
  column->SetNumberOfComponents(static_cast<int>(std::max<std::int64_t>(components, 1)));
  column->SetNumberOfTuples(rows);
  // Large columns on transparent huge pages, as NumPy asks for its arrays: filling a fresh
  // 1 GB column otherwise takes 260,000 page faults, most of a read's time on a VM.
  const std::uintptr_t begin = reinterpret_cast<std::uintptr_t>(column->GetVoidPointer(0));
  const std::uintptr_t end = begin +
    static_cast<std::uintptr_t>(column->GetNumberOfValues()) * column->GetDataTypeSize();
  constexpr std::uintptr_t page = 4096;
  const std::uintptr_t first = (begin + page - 1) & ~(page - 1);
  if (end > first + (std::uintptr_t(4) << 20))
  {
    madvise(reinterpret_cast<void*>(first), (end - first) & ~(page - 1), MADV_HUGEPAGE);
  }
  return column;
}

vtkSmartPointer<vtkDataArray> ToColumn(const NumPyArray& array, const std::string& name)
{
  vtkSmartPointer<vtkDataArray> column = NewColumn(array, name);
  std::memcpy(column->GetVoidPointer(0), array.Bytes.data(), array.Bytes.size());
  return column;
}

// Label and SampleId have fixed types in the data model, whatever NumPy stored.
template <typename ArrayT>
vtkSmartPointer<ArrayT> Converted(vtkDataArray* column, const char* name)
{
  auto converted = vtkSmartPointer<ArrayT>::New();
  converted->SetName(name);
  converted->SetNumberOfTuples(column->GetNumberOfTuples());
  for (vtkIdType i = 0; i < column->GetNumberOfTuples(); ++i)
  {
    converted->SetValue(i, static_cast<typename ArrayT::ValueType>(column->GetComponent(i, 0)));
  }
  return converted;
}

std::string Lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(), ::tolower);
  return text;
}

bool EndsWith(const std::string& text, const std::string& suffix)
{
  return text.size() >= suffix.size() &&
    text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}

//------------------------------------------------------------------------------
vtkNumPyReader::vtkNumPyReader()
{
  this->SetNumberOfInputPorts(0);
}

vtkNumPyReader::~vtkNumPyReader() = default;

//------------------------------------------------------------------------------
void vtkNumPyReader::AddFileName(const char* name)
{
  this->FileNames.emplace_back(name ? name : "");
  this->Modified();
}

void vtkNumPyReader::ClearFileNames()
{
  this->FileNames.clear();
  this->Modified();
}

void vtkNumPyReader::SetFileName(const char* name)
{
  this->FileNames.assign(1, name ? name : "");
  this->Modified();
}

//------------------------------------------------------------------------------
int vtkNumPyReader::RequestInformation(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  vtkSampleTable::DeclarePieces(outInfo);
  outInfo->Remove(vtkStreamingDemandDrivenPipeline::TIME_STEPS());
  outInfo->Remove(vtkStreamingDemandDrivenPipeline::TIME_RANGE());
  this->TimeSteps.clear();
  if (this->FileNames.size() < 2)
  {
    return 1;
  }
  // Epoch numbers from names like model_epoch12.npy, when every name has one and they grow.
  const std::regex lastNumber("(\\d+)(?!.*\\d)");
  for (std::size_t i = 0; i < this->FileNames.size(); ++i)
  {
    const std::string& path = this->FileNames[i];
    const std::string name = path.substr(path.find_last_of('/') + 1);
    std::smatch match;
    if (!std::regex_search(name, match, lastNumber) ||
      (!this->TimeSteps.empty() && std::stod(match[1]) <= this->TimeSteps.back()))
    {
      this->TimeSteps.clear();
      break;
    }
    this->TimeSteps.push_back(std::stod(match[1]));
  }
  if (this->TimeSteps.empty())
  {
    for (std::size_t i = 0; i < this->FileNames.size(); ++i)
    {
      this->TimeSteps.push_back(static_cast<double>(i));
    }
  }
  outInfo->Set(vtkStreamingDemandDrivenPipeline::TIME_STEPS(), this->TimeSteps.data(),
    static_cast<int>(this->TimeSteps.size()));
  double range[2] = { this->TimeSteps.front(), this->TimeSteps.back() };
  outInfo->Set(vtkStreamingDemandDrivenPipeline::TIME_RANGE(), range, 2);
  return 1;
}

//------------------------------------------------------------------------------
int vtkNumPyReader::RequestData(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  vtkTable* output = vtkTable::GetData(outputVector);
  if (this->FileNames.empty() || this->FileNames[0].empty())
  {
    vtkErrorMacro(<< "No file name given.");
    return 0;
  }
  std::size_t index = 0;
  if (!this->TimeSteps.empty())
  {
    index = vtkSampleTable::RequestedTimeStep(outInfo, this->TimeSteps);
    output->GetInformation()->Set(vtkDataObject::DATA_TIME_STEP(), this->TimeSteps[index]);
  }
  const std::string& path = this->FileNames[index];

  std::vector<std::pair<std::string, NumPyArray>> arrays;
  // Columns read straight from the file (no zero-filled buffer, no copy), by array name: every
  // numeric array except images that must first be moved channels-first.
  std::map<std::string, vtkSmartPointer<vtkDataArray>> direct;
  const bool npz = EndsWith(Lower(path), ".npz");
  const std::string npyName = this->ArrayName.empty() ? "Activations" : this->ArrayName;
  const auto intoColumn = [&](const std::string& member, const NumPyArray& array) -> void*
  {
    const std::string name = npz ? member : npyName;
    if (array.Type == NumPyType::Unicode || array.Shape.empty() ||
      neurotour::formats::IsChannelsLast(
        array, static_cast<neurotour::formats::ChannelOrder>(this->ChannelOrder), path))
    {
      return nullptr;
    }
    auto column = NewColumn(array, name);
    direct[name] = column;
    return column->GetVoidPointer(0);
  };
  try
  {
    if (npz)
    {
      arrays = neurotour::formats::ReadNpz(path, intoColumn);
    }
    else
    {
      arrays.emplace_back(npyName, neurotour::formats::ReadNpy(path, intoColumn));
    }
  }
  catch (const neurotour::formats::FormatError& error)
  {
    vtkErrorMacro(<< error.what());
    return 0;
  }
  this->UpdateProgress(0.7);

  // The main array: the one named, else the first of rank >= 2, else the first.
  auto main = arrays.end();
  if (npz && !this->ArrayName.empty())
  {
    main = std::find_if(arrays.begin(), arrays.end(), [&](const auto& a) { return a.first == this->ArrayName; });
    if (main == arrays.end())
    {
      std::string names;
      for (const auto& a : arrays)
      {
        names += " '" + a.first + "'";
      }
      vtkErrorMacro(<< path << ": no array named '" << this->ArrayName << "'; it holds" << names << ".");
      return 0;
    }
  }
  if (main == arrays.end())
  {
    main = std::find_if(arrays.begin(), arrays.end(), [](const auto& a) {
      return a.second.Shape.size() >= 2 && a.second.Type != NumPyType::Unicode;
    });
  }
  if (main == arrays.end())
  {
    main = std::find_if(arrays.begin(), arrays.end(), [](const auto& a) { return a.second.Type != NumPyType::Unicode; });
  }
  if (main == arrays.end() || main->second.Shape.empty())
  {
    vtkErrorMacro(<< path << ": holds no numeric array with a sample axis.");
    return 0;
  }
  try
  {
    // The data model's images are channels-first (the models' and the thumbnails' order).
    if (neurotour::formats::IsChannelsLast(main->second,
          static_cast<neurotour::formats::ChannelOrder>(this->ChannelOrder), path))
    {
      neurotour::formats::MoveChannelsFirst(main->second);
    }
  }
  catch (const neurotour::formats::FormatError& error)
  {
    vtkErrorMacro(<< error.what() << " (Automatic, First or Last).");
    return 0;
  }
  const std::int64_t rows = main->second.Shape[0];
  if (rows > 0 && main->second.Count() == 0)
  {
    vtkErrorMacro(<< path << ": the array '" << main->first << "' has " << rows
                  << " samples of no values (an extent after the first is 0).");
    return 0;
  }

  vtkNew<vtkTable> table;
  std::vector<std::pair<std::string, NumPyArray>*> columns = { &*main };
  for (auto& entry : arrays)
  {
    if (&entry == &*main)
    {
      continue;
    }
    if (entry.second.Type == NumPyType::Unicode)
    {
      if (entry.first == vtkSampleTable::LabelNamesField)
      {
        vtkSampleTable::SetLabelNames(table->GetFieldData(), entry.second.Strings());
      }
      continue;
    }
    if (!entry.second.Shape.empty() && entry.second.Shape[0] == rows)
    {
      columns.push_back(&entry);
    }
  }
  for (auto* entry : columns)
  {
    const auto read = direct.find(entry->first);
    vtkSmartPointer<vtkDataArray> column =
      read != direct.end() ? read->second : ToColumn(entry->second, entry->first);
    // Freed as soon as copied: the peak is the arrays read plus one column, not twice them all.
    std::vector<std::uint8_t>().swap(entry->second.Bytes);
    const std::string lower = Lower(entry->first);
    if (lower == "label" || lower == "labels" || lower == "y")
    {
      column = Converted<vtkIntArray>(column, vtkSampleTable::LabelName);
    }
    else if (lower == "sampleid" || lower == "sample_id" || lower == "ids")
    {
      column = Converted<vtkIdTypeArray>(column, vtkSampleTable::SampleIdName);
    }
    else
    {
      // One pass finds NaN and fills the range cache ParaView's data information reads.
      const vtkIdType bad = vtkSampleTable::CacheRanges(column);
      if (bad > 0)
      {
        vtkWarningMacro(<< path << ": array '" << entry->first << "' holds " << bad
                        << " NaN or infinite values (filters downstream will refuse them).");
      }
    }
    table->AddColumn(column);
  }
  vtkSampleTable::EnsureSampleIds(table);
  if (main->second.Shape.size() > 2)
  {
    const std::vector<int> shape(main->second.Shape.begin() + 1, main->second.Shape.end());
    vtkSampleTable::SetSampleShape(table->GetFieldData(), shape);
    if (main->first == "Pixels")
    {
      vtkSampleTable::SetImageShape(table->GetFieldData(), shape);
    }
  }
  vtkSampleTable::KeepPieceRows(table, outInfo); // under MPI, this rank's rows
  output->ShallowCopy(table);
  this->UpdateProgress(1.0);
  return 1;
}

//------------------------------------------------------------------------------
void vtkNumPyReader::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "FileNames:";
  for (const auto& name : this->FileNames)
  {
    os << " " << name;
  }
  os << "\n" << indent << "ArrayName: " << this->ArrayName << "\n";
  os << indent << "ChannelOrder: " << this->ChannelOrder << "\n";
}
