#include "vtkSampleTable.h"

#include "vtkAlgorithm.h"
#include "vtkArrayDispatch.h"
#include "vtkCellArray.h"
#include "vtkCompositeDataIterator.h"
#include "vtkCompositeDataSet.h"
#include "vtkDataArray.h"
#include "vtkDataArrayRange.h"
#include "vtkDataSetAttributes.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationDoubleVectorKey.h"
#include "vtkInformationInformationVectorKey.h"
#include "vtkInformationVector.h"
#include "vtkInformationIntegerKey.h"
#include "vtkIntArray.h"
#include "vtkNew.h"
#include "vtkPointData.h"
#include "vtkPoints.h"
#include "vtkPolyData.h"
#include "vtkSmartPointer.h"
#include "vtkStreamingDemandDrivenPipeline.h"
#include "vtkStringArray.h"
#include "vtkTable.h"
#include "vtkUnsignedCharArray.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>

namespace
{
struct ConvertToFloat
{
  template <typename Array>
  void operator()(Array* input, float* output) const
  {
    const auto values = vtk::DataArrayValueRange(input);
    std::transform(values.begin(), values.end(), output,
      [](typename decltype(values)::ValueType value) { return static_cast<float>(value); });
  }
};
} // namespace

//------------------------------------------------------------------------------
vtkInformationKeyMacro(vtkSampleTable, ANNOTATION, Integer);

//------------------------------------------------------------------------------
const std::vector<std::string>& vtkSampleTable::AnnotationNames()
{
  static const std::vector<std::string> names = { SampleIdName, LabelName, SplitName,
    "Prediction", "Confidence", "Loss", "Movement" };
  return names;
}

//------------------------------------------------------------------------------
void vtkSampleTable::MarkColumns(vtkTable* table)
{
  vtkDataArray* ids = vtkArrayDownCast<vtkDataArray>(table->GetColumnByName(SampleIdName));
  if (ids)
  {
    table->GetRowData()->SetGlobalIds(ids);
  }
  for (const std::string& name : AnnotationNames())
  {
    if (vtkAbstractArray* column = table->GetColumnByName(name.c_str()))
    {
      column->GetInformation()->Set(ANNOTATION(), 1);
    }
  }
}

//------------------------------------------------------------------------------
vtkSmartPointer<vtkIdTypeArray> vtkSampleTable::MakeSampleIds(vtkIdType count, long long first)
{
  auto ids = vtkSmartPointer<vtkIdTypeArray>::New();
  ids->SetName(SampleIdName);
  ids->SetNumberOfTuples(count);
  for (vtkIdType row = 0; row < count; ++row)
  {
    ids->SetValue(row, static_cast<vtkIdType>(first + row));
  }
  return ids;
}

//------------------------------------------------------------------------------
void vtkSampleTable::EnsureSampleIds(vtkTable* table, long long first)
{
  if (!table->GetColumnByName(SampleIdName))
  {
    table->AddColumn(MakeSampleIds(table->GetNumberOfRows(), first));
  }
  MarkColumns(table);
}

//------------------------------------------------------------------------------
vtkSmartPointer<vtkFloatArray> vtkSampleTable::GetFeatures(
  vtkTable* table, const char* name, std::string& error, bool requireFinite)
{
  if (!table || !name || !*name)
  {
    error = "no input table or no array name given";
    return nullptr;
  }
  vtkAbstractArray* column = table->GetColumnByName(name);
  if (!column)
  {
    error = std::string("the input has no array named '") + name + "'";
    return nullptr;
  }
  vtkDataArray* data = vtkArrayDownCast<vtkDataArray>(column);
  if (!data)
  {
    error = std::string("the array '") + name + "' is not numeric";
    return nullptr;
  }
  vtkSmartPointer<vtkFloatArray> features = vtkArrayDownCast<vtkFloatArray>(data);
  if (!features)
  {
    features = vtkSmartPointer<vtkFloatArray>::New();
    features->SetName(name);
    features->SetNumberOfComponents(data->GetNumberOfComponents());
    features->SetNumberOfTuples(data->GetNumberOfTuples());
    // Typed copy: DeepCopy converts value by value through virtual calls (seconds for
    // 70,000 x 784 pixels, with no progress to report).
    ConvertToFloat convert;
    if (!vtkArrayDispatch::Dispatch::Execute(data, convert, features->GetPointer(0)))
    {
      convert(data, features->GetPointer(0));
    }
  }
  if (requireFinite)
  {
    const float* values = features->GetPointer(0);
    const vtkIdType count = features->GetNumberOfValues();
    vtkIdType bad = 0;
    for (vtkIdType i = 0; i < count; ++i)
    {
      bad += std::isfinite(values[i]) ? 0 : 1;
    }
    if (bad > 0)
    {
      error = std::string("the array '") + name + "' holds " + std::to_string(bad) +
        " NaN or infinite value(s)";
      return nullptr;
    }
  }
  return features;
}

//------------------------------------------------------------------------------
std::vector<std::string> vtkSampleTable::GetLabelNames(vtkFieldData* fieldData)
{
  std::vector<std::string> names;
  auto* array = fieldData ? vtkArrayDownCast<vtkStringArray>(fieldData->GetAbstractArray(LabelNamesField)) : nullptr;
  if (array)
  {
    for (vtkIdType i = 0; i < array->GetNumberOfValues(); ++i)
    {
      names.push_back(array->GetValue(i));
    }
  }
  return names;
}

//------------------------------------------------------------------------------
void vtkSampleTable::SetLabelNames(vtkFieldData* fieldData, const std::vector<std::string>& names)
{
  fieldData->RemoveArray(LabelNamesField);
  if (names.empty())
  {
    return;
  }
  vtkNew<vtkStringArray> array;
  array->SetName(LabelNamesField);
  for (const auto& name : names)
  {
    array->InsertNextValue(name);
  }
  fieldData->AddArray(array);
}

//------------------------------------------------------------------------------
namespace
{
std::vector<int> GetShape(vtkFieldData* fieldData, const char* name)
{
  std::vector<int> shape;
  vtkDataArray* array = fieldData ? fieldData->GetArray(name) : nullptr;
  if (array)
  {
    for (vtkIdType i = 0; i < array->GetNumberOfValues(); ++i)
    {
      shape.push_back(static_cast<int>(array->GetComponent(i, 0)));
    }
  }
  return shape;
}

void SetShape(vtkFieldData* fieldData, const char* name, const std::vector<int>& shape)
{
  fieldData->RemoveArray(name);
  if (shape.empty())
  {
    return;
  }
  vtkNew<vtkIntArray> array;
  array->SetName(name);
  for (int extent : shape)
  {
    array->InsertNextValue(extent);
  }
  fieldData->AddArray(array);
}
}

std::vector<int> vtkSampleTable::GetSampleShape(vtkFieldData* fieldData)
{
  return GetShape(fieldData, SampleShapeField);
}

void vtkSampleTable::SetSampleShape(vtkFieldData* fieldData, const std::vector<int>& shape)
{
  SetShape(fieldData, SampleShapeField, shape);
}

std::vector<int> vtkSampleTable::GetImageShape(vtkFieldData* fieldData)
{
  std::vector<int> shape = GetShape(fieldData, ImageShapeField);
  return shape.empty() ? GetShape(fieldData, SampleShapeField) : shape;
}

void vtkSampleTable::SetImageShape(vtkFieldData* fieldData, const std::vector<int>& shape)
{
  SetShape(fieldData, ImageShapeField, shape);
}

//------------------------------------------------------------------------------
std::string vtkSampleTable::GetLayerName(vtkFieldData* fieldData)
{
  auto* array = fieldData ? vtkArrayDownCast<vtkStringArray>(fieldData->GetAbstractArray(LayerNameField)) : nullptr;
  return array && array->GetNumberOfValues() > 0 ? array->GetValue(0) : std::string();
}

//------------------------------------------------------------------------------
void vtkSampleTable::SetLayerName(vtkFieldData* fieldData, const std::string& name)
{
  fieldData->RemoveArray(LayerNameField);
  vtkNew<vtkStringArray> array;
  array->SetName(LayerNameField);
  array->InsertNextValue(name);
  fieldData->AddArray(array);
}

//------------------------------------------------------------------------------
std::vector<std::string> vtkSampleTable::KnownLabelNames(const std::string& dataset)
{
  if (dataset == "fashion-mnist")
  {
    return { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
      "Bag", "Ankle boot" };
  }
  if (dataset == "mnist")
  {
    return { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
  }
  return {};
}

//------------------------------------------------------------------------------
void vtkSampleTable::DeclarePieces(vtkInformation* outInfo)
{
  outInfo->Set(vtkAlgorithm::CAN_HANDLE_PIECE_REQUEST(), 1);
}

//------------------------------------------------------------------------------
std::pair<vtkIdType, vtkIdType> vtkSampleTable::PieceRows(vtkInformation* outInfo, vtkIdType rows)
{
  const int pieces = outInfo->Has(vtkStreamingDemandDrivenPipeline::UPDATE_NUMBER_OF_PIECES())
    ? outInfo->Get(vtkStreamingDemandDrivenPipeline::UPDATE_NUMBER_OF_PIECES())
    : 1;
  const int piece = outInfo->Has(vtkStreamingDemandDrivenPipeline::UPDATE_PIECE_NUMBER())
    ? outInfo->Get(vtkStreamingDemandDrivenPipeline::UPDATE_PIECE_NUMBER())
    : 0;
  if (pieces <= 1 || piece < 0 || piece >= pieces)
  {
    return { 0, rows };
  }
  return { rows * piece / pieces, rows * (piece + 1) / pieces };
}

//------------------------------------------------------------------------------
vtkSmartPointer<vtkAbstractArray> vtkSampleTable::NewColumnLike(
  vtkAbstractArray* column, vtkIdType rows)
{
  vtkSmartPointer<vtkAbstractArray> created;
  created.TakeReference(column->NewInstance());
  created->SetName(column->GetName());
  created->SetNumberOfComponents(column->GetNumberOfComponents());
  created->SetNumberOfTuples(rows);
  return created;
}

//------------------------------------------------------------------------------
vtkSmartPointer<vtkTable> vtkSampleTable::SliceRows(vtkTable* table, vtkIdType begin, vtkIdType end)
{
  auto slice = vtkSmartPointer<vtkTable>::New();
  slice->GetFieldData()->ShallowCopy(table->GetFieldData());
  for (vtkIdType c = 0; c < table->GetNumberOfColumns(); ++c)
  {
    vtkAbstractArray* column = table->GetColumn(c);
    vtkSmartPointer<vtkAbstractArray> part = NewColumnLike(column, end - begin);
    part->InsertTuples(0, end - begin, begin, column);
    slice->AddColumn(part);
  }
  MarkColumns(slice);
  return slice;
}

//------------------------------------------------------------------------------
void vtkSampleTable::KeepPieceRows(vtkTable* table, vtkInformation* outInfo)
{
  const auto rows = PieceRows(outInfo, table->GetNumberOfRows());
  if (rows.first != 0 || rows.second != table->GetNumberOfRows())
  {
    table->ShallowCopy(SliceRows(table, rows.first, rows.second));
  }
}

//------------------------------------------------------------------------------
bool vtkSampleTable::IsEmptyParallelPiece(vtkDataObject* input, vtkInformation* outInfo)
{
  if (!outInfo->Has(vtkStreamingDemandDrivenPipeline::UPDATE_PIECE_NUMBER()) ||
    outInfo->Get(vtkStreamingDemandDrivenPipeline::UPDATE_PIECE_NUMBER()) == 0)
  {
    return false;
  }
  if (auto* table = vtkTable::SafeDownCast(input))
  {
    return table->GetNumberOfRows() == 0;
  }
  auto* blocks = vtkCompositeDataSet::SafeDownCast(input);
  if (!blocks)
  {
    return false;
  }
  vtkSmartPointer<vtkCompositeDataIterator> it;
  it.TakeReference(blocks->NewIterator());
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    auto* table = vtkTable::SafeDownCast(it->GetCurrentDataObject());
    if (!table || table->GetNumberOfRows() > 0)
    {
      return false;
    }
  }
  return true;
}

//------------------------------------------------------------------------------
std::size_t vtkSampleTable::RequestedTimeStep(
  vtkInformation* outInfo, const std::vector<double>& steps)
{
  if (!outInfo->Has(vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP()))
  {
    return 0;
  }
  const double time = outInfo->Get(vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP());
  const auto after = std::upper_bound(steps.begin(), steps.end(), time);
  return after == steps.begin() ? 0 : static_cast<std::size_t>(after - steps.begin() - 1);
}

//------------------------------------------------------------------------------
std::vector<double> vtkSampleTable::GetTimeSteps(vtkInformation* info)
{
  if (!info->Has(vtkStreamingDemandDrivenPipeline::TIME_STEPS()))
  {
    return {};
  }
  const double* steps = info->Get(vtkStreamingDemandDrivenPipeline::TIME_STEPS());
  return { steps, steps + info->Length(vtkStreamingDemandDrivenPipeline::TIME_STEPS()) };
}

//------------------------------------------------------------------------------
namespace
{
// Per-component ranges and L2-norm ranges of row-major values, as vtkDataArray defines them:
// the range skips NaN, the finite range also infinities.
struct Ranges
{
  std::vector<double> Low, High, FiniteLow, FiniteHigh;
  double Norm[2] = { std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest() };
  double FiniteNorm[2] = { std::numeric_limits<double>::max(),
    std::numeric_limits<double>::lowest() };
  vtkIdType NonFinite = 0;
};

template <typename T>
Ranges ComputeRanges(const T* values, vtkIdType tuples, int components)
{
  Ranges r;
  std::vector<T> low(components, std::numeric_limits<T>::max());
  std::vector<T> high(components, std::numeric_limits<T>::lowest());
  for (vtkIdType t = 0; t < tuples; ++t)
  {
    const T* row = values + t * components;
    double squared = 0.0;
    vtkIdType bad = 0;
    for (int c = 0; c < components; ++c)
    {
      const T v = row[c];
      // Written so that a NaN compares false and is skipped, as VTK's range skips it.
      low[c] = v < low[c] ? v : low[c];
      high[c] = v > high[c] ? v : high[c];
      squared += static_cast<double>(v) * static_cast<double>(v);
      if (std::is_floating_point<T>::value)
      {
        bad += !std::isfinite(static_cast<double>(v));
      }
    }
    r.NonFinite += bad;
    const double norm = std::sqrt(squared);
    if (!std::isnan(norm))
    {
      r.Norm[0] = std::min(r.Norm[0], norm);
      r.Norm[1] = std::max(r.Norm[1], norm);
    }
    if (bad == 0)
    {
      r.FiniteNorm[0] = std::min(r.FiniteNorm[0], norm);
      r.FiniteNorm[1] = std::max(r.FiniteNorm[1], norm);
    }
  }
  r.Low.assign(low.begin(), low.end());
  r.High.assign(high.begin(), high.end());
  r.FiniteLow = r.Low;
  r.FiniteHigh = r.High;
  if (r.NonFinite > 0)
  {
    // Rare: a second pass for the finite range.
    r.FiniteLow.assign(components, std::numeric_limits<double>::max());
    r.FiniteHigh.assign(components, std::numeric_limits<double>::lowest());
    for (vtkIdType t = 0; t < tuples; ++t)
    {
      for (int c = 0; c < components; ++c)
      {
        const double v = values[t * components + c];
        if (std::isfinite(v))
        {
          r.FiniteLow[c] = std::min(r.FiniteLow[c], v);
          r.FiniteHigh[c] = std::max(r.FiniteHigh[c], v);
        }
      }
    }
  }
  return r;
}

void StoreComponentRanges(vtkInformation* info, vtkInformationInformationVectorKey* key,
  const std::vector<double>& low, const std::vector<double>& high)
{
  vtkNew<vtkInformationVector> perComponent;
  perComponent->SetNumberOfInformationObjects(static_cast<int>(low.size()));
  for (std::size_t c = 0; c < low.size(); ++c)
  {
    const double range[2] = { low[c], high[c] };
    perComponent->GetInformationObject(static_cast<int>(c))
      ->Set(vtkDataArray::COMPONENT_RANGE(), range, 2);
  }
  info->Set(key, perComponent);
}
} // namespace

//------------------------------------------------------------------------------
vtkIdType vtkSampleTable::CacheRanges(vtkDataArray* array)
{
  const vtkIdType tuples = array ? array->GetNumberOfTuples() : 0;
  if (tuples == 0)
  {
    return 0;
  }
  const int components = array->GetNumberOfComponents();
  Ranges ranges;
  if (auto* floats = vtkFloatArray::SafeDownCast(array))
  {
    ranges = ComputeRanges(floats->GetPointer(0), tuples, components);
  }
  else if (auto* doubles = vtkDoubleArray::SafeDownCast(array))
  {
    ranges = ComputeRanges(doubles->GetPointer(0), tuples, components);
  }
  else if (auto* bytes = vtkUnsignedCharArray::SafeDownCast(array))
  {
    ranges = ComputeRanges(bytes->GetPointer(0), tuples, components);
  }
  else
  {
    return 0;
  }
  // Stored after the values are final, so the cache is newer than the array (VTK's test).
  vtkInformation* info = array->GetInformation();
  StoreComponentRanges(info, vtkAbstractArray::PER_COMPONENT(), ranges.Low, ranges.High);
  StoreComponentRanges(
    info, vtkAbstractArray::PER_FINITE_COMPONENT(), ranges.FiniteLow, ranges.FiniteHigh);
  info->Set(vtkDataArray::L2_NORM_RANGE(), ranges.Norm, 2);
  info->Set(vtkDataArray::L2_NORM_FINITE_RANGE(), ranges.FiniteNorm, 2);
  return ranges.NonFinite;
}

//------------------------------------------------------------------------------
void vtkSampleTable::ToPoints(vtkTable* table, vtkFloatArray* coordinates, vtkPolyData* output)
{
  const vtkIdType rows = table->GetNumberOfRows();
  vtkNew<vtkFloatArray> xyz;
  xyz->SetNumberOfComponents(3);
  xyz->SetNumberOfTuples(rows);
  float* target = xyz->GetPointer(0);
  std::fill_n(target, 3 * rows, 0.0f);
  if (coordinates)
  {
    const int dims = coordinates->GetNumberOfComponents();
    const float* source = coordinates->GetPointer(0);
    for (vtkIdType row = 0; row < rows; ++row)
    {
      std::copy_n(source + dims * row, std::min(dims, 3), target + 3 * row);
    }
  }
  vtkNew<vtkPoints> points;
  points->SetData(xyz);
  output->SetPoints(points);

  vtkNew<vtkIdTypeArray> offsets;
  offsets->SetNumberOfValues(rows + 1);
  std::iota(offsets->GetPointer(0), offsets->GetPointer(0) + rows + 1, vtkIdType(0));
  vtkNew<vtkIdTypeArray> connectivity;
  connectivity->SetNumberOfValues(rows);
  std::iota(connectivity->GetPointer(0), connectivity->GetPointer(0) + rows, vtkIdType(0));
  vtkNew<vtkCellArray> vertices;
  vertices->SetData(offsets, connectivity);
  output->SetVerts(vertices);

  vtkPointData* pointData = output->GetPointData();
  for (vtkIdType c = 0; c < table->GetNumberOfColumns(); ++c)
  {
    vtkAbstractArray* column = table->GetColumn(c);
    if (column && column->GetNumberOfTuples() == rows)
    {
      pointData->AddArray(column);
    }
  }
  // ParaView's selections need vtkIdType global ids.
  if (auto* ids = vtkArrayDownCast<vtkDataArray>(table->GetColumnByName(SampleIdName)))
  {
    vtkSmartPointer<vtkIdTypeArray> globalIds = vtkIdTypeArray::SafeDownCast(ids);
    if (!globalIds)
    {
      globalIds = vtkSmartPointer<vtkIdTypeArray>::New();
      globalIds->DeepCopy(ids);
      globalIds->SetName(SampleIdName);
      pointData->RemoveArray(SampleIdName);
    }
    pointData->SetGlobalIds(globalIds);
  }
  output->GetFieldData()->ShallowCopy(table->GetFieldData());
}
