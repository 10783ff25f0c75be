#include "vtkGrandTourColoring.h"

#include "vtkCellArray.h"
#include "vtkCellData.h"
#include "vtkColorSeries.h"
#include "vtkCoordinate.h"
#include "vtkDataArray.h"
#include "vtkLegendBoxActor.h"
#include "vtkLookupTable.h"
#include "vtkPointData.h"
#include "vtkPoints.h"
#include "vtkPolyData.h"
#include "vtkScalarsToColors.h"
#include "vtkUnsignedCharArray.h"

#include "vtkGrandTourView.h"
#include "vtkSampleTable.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace
{
// Alpha of samples whose class is hidden: faint enough to read the others, visible enough to
// remember where they are.
constexpr unsigned char HiddenAlpha = 18;
// More classes than this get no legend: it would not fit.
constexpr std::size_t MaximumLegendEntries = 30;

bool IsIntegerType(int type)
{
  switch (type)
  {
    case VTK_CHAR:
    case VTK_SIGNED_CHAR:
    case VTK_UNSIGNED_CHAR:
    case VTK_SHORT:
    case VTK_UNSIGNED_SHORT:
    case VTK_INT:
    case VTK_UNSIGNED_INT:
    case VTK_LONG:
    case VTK_UNSIGNED_LONG:
    case VTK_LONG_LONG:
    case VTK_UNSIGNED_LONG_LONG:
    case VTK_ID_TYPE:
      return true;
    default:
      return false;
  }
}

// Viridis at five stops: perceptually uniform and readable for colour-blind viewers.
void BuildViridis(vtkLookupTable* lut, double range[2])
{
  static const double stops[5][3] = { { 0.267, 0.005, 0.329 }, { 0.229, 0.322, 0.546 },
    { 0.128, 0.567, 0.551 }, { 0.369, 0.789, 0.383 }, { 0.993, 0.906, 0.144 } };
  lut->SetNumberOfTableValues(256);
  for (int i = 0; i < 256; ++i)
  {
    const double x = i / 255.0 * 4.0;
    const int k = std::min(3, static_cast<int>(x));
    const double f = x - k;
    lut->SetTableValue(i, stops[k][0] * (1 - f) + stops[k + 1][0] * f,
      stops[k][1] * (1 - f) + stops[k + 1][1] * f, stops[k][2] * (1 - f) + stops[k + 1][2] * f, 1.0);
  }
  lut->SetRange(range[0] < range[1] ? range[0] : range[0] - 0.5,
    range[0] < range[1] ? range[1] : range[0] + 0.5);
}
} // namespace

//------------------------------------------------------------------------------
vtkGrandTourColoring::vtkGrandTourColoring()
{
  this->Legend->BorderOff();
  // Light panel with dark names beside coloured squares: every Brewer Paired colour reads on
  // it, and so do the names (names in their own pale colour did not).
  this->Legend->UseBackgroundOn();
  this->Legend->SetBackgroundColor(0.95, 0.95, 0.95);
  this->Legend->SetBackgroundOpacity(0.85);
  this->Legend->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  this->Legend->GetPositionCoordinate()->SetValue(0.81, 0.5);
  this->Legend->GetPosition2Coordinate()->SetCoordinateSystemToNormalizedViewport();
  this->Legend->GetPosition2Coordinate()->SetValue(0.17, 0.45);
  this->Legend->PickableOff();
  // One square swatch per class, coloured by its own cell scalars (ScalarVisibility), so the
  // entry colour can be the names' dark grey.
  vtkNew<vtkPoints> corners;
  corners->InsertNextPoint(0, 0, 0);
  corners->InsertNextPoint(1, 0, 0);
  corners->InsertNextPoint(1, 1, 0);
  corners->InsertNextPoint(0, 1, 0);
  vtkNew<vtkCellArray> square;
  const vtkIdType ids[4] = { 0, 1, 2, 3 };
  square->InsertNextCell(4, ids);
  this->Swatch->SetPoints(corners);
  this->Swatch->SetPolys(square);
}

//------------------------------------------------------------------------------
vtkGrandTourColoring::~vtkGrandTourColoring() = default;

//------------------------------------------------------------------------------
std::string vtkGrandTourColoring::Update(vtkPolyData* data, const std::vector<char>& valid,
  vtkGrandTourView* view, vtkGrandTourCanvas::Layer& layer)
{
  std::string warning;
  const std::string name = view->GetColorArray() ? view->GetColorArray() : "";
  const vtkIdType rows = data->GetNumberOfPoints();
  vtkDataArray* array = name.empty() ? nullptr : data->GetPointData()->GetArray(name.c_str());
  if (!array && !name.empty() && name == vtkSampleTable::SampleIdName)
  {
    array = data->GetPointData()->GetGlobalIds();
  }
  const bool categorical =
    array && array->GetNumberOfComponents() == 1 && IsIntegerType(array->GetDataType());
  const std::vector<std::string> names = vtkSampleTable::GetLabelNames(data->GetFieldData());

  vtkSmartPointer<vtkScalarsToColors> lut = view->GetLookupTable();
  this->Legend->SetNumberOfEntries(0);
  this->LegendValues.clear();
  this->LongestName = 0;
  if (array && !lut && categorical)
  {
    // Class colours: "Brewer Qualitative Paired", one annotation per label value.
    std::set<long long> values;
    for (vtkIdType r = 0; r < rows; ++r)
    {
      values.insert(static_cast<long long>(array->GetTuple1(r)));
    }
    auto table = vtkSmartPointer<vtkLookupTable>::New();
    vtkNew<vtkColorSeries> series;
    series->SetColorScheme(vtkColorSeries::BREWER_QUALITATIVE_PAIRED);
    series->BuildLookupTable(table, vtkColorSeries::CATEGORICAL);
    table->SetIndexedLookup(true);
    const bool legend = view->GetShowLegend() && values.size() <= MaximumLegendEntries;
    this->Legend->SetNumberOfEntries(legend ? static_cast<int>(values.size()) : 0);
    int entry = 0;
    for (long long value : values)
    {
      const std::string label = value >= 0 && value < static_cast<long long>(names.size())
        ? names[value]
        : std::to_string(value);
      table->SetAnnotation(vtkVariant(value), label);
      if (legend)
      {
        double rgba[4];
        table->GetIndexedColor(entry, rgba);
        auto swatch = vtkSmartPointer<vtkPolyData>::New();
        swatch->ShallowCopy(this->Swatch);
        vtkNew<vtkUnsignedCharArray> fill;
        fill->SetNumberOfComponents(3);
        const unsigned char rgb[3] = { static_cast<unsigned char>(std::lround(255 * rgba[0])),
          static_cast<unsigned char>(std::lround(255 * rgba[1])),
          static_cast<unsigned char>(std::lround(255 * rgba[2])) };
        fill->InsertNextTypedTuple(rgb);
        swatch->GetCellData()->SetScalars(fill);
        double text[3] = { 0.1, 0.1, 0.1 };
        this->Legend->SetEntry(entry, swatch.Get(), label.c_str(), text);
        this->LegendValues.push_back(value);
        this->LongestName = std::max(this->LongestName, label.size());
      }
      ++entry;
    }
    lut = table;
  }
  else if (array && !lut)
  {
    auto table = vtkSmartPointer<vtkLookupTable>::New();
    double range[2];
    array->GetRange(range, array->GetNumberOfComponents() == 1 ? 0 : -1);
    BuildViridis(table, range);
    lut = table;
  }

  vtkSmartPointer<vtkUnsignedCharArray> colors;
  if (array && lut)
  {
    colors.TakeReference(lut->MapScalars(array, VTK_COLOR_MODE_MAP_SCALARS, -1, VTK_RGBA));
  }
  else
  {
    if (!name.empty() && !array)
    {
      warning = "Grand Tour: no array '" + name + "' to colour by; using one colour";
    }
    colors = vtkSmartPointer<vtkUnsignedCharArray>::New();
    colors->SetNumberOfComponents(4);
    colors->SetNumberOfTuples(rows);
    const unsigned char steelBlue[4] = { 70, 130, 180, 255 };
    for (vtkIdType r = 0; r < rows; ++r)
    {
      colors->SetTypedTuple(r, steelBlue);
    }
  }
  colors->SetName("GrandTourColors");

  // Hidden classes fade out (by the colour array when it holds labels, else by `Label`).
  this->Hidden.clear();
  const std::vector<int>& hidden = view->GetHiddenLabels();
  vtkDataArray* labels =
    categorical ? array : data->GetPointData()->GetArray(vtkSampleTable::LabelName);
  if (!hidden.empty() && labels)
  {
    this->Hidden.assign(rows, 0);
    for (vtkIdType r = 0; r < rows; ++r)
    {
      const int label = static_cast<int>(labels->GetTuple1(r));
      if (std::find(hidden.begin(), hidden.end(), label) != hidden.end())
      {
        this->Hidden[r] = 1;
        colors->SetTypedComponent(r, 3, HiddenAlpha);
      }
    }
  }
  this->Colors = colors;
  layer.Colors = colors->GetPointer(0);

  // Drawn in SampleId order: overlapping samples cover each other in draw order.
  std::vector<vtkIdType> order;
  order.reserve(rows);
  for (vtkIdType r = 0; r < rows; ++r)
  {
    if (valid[r])
    {
      order.push_back(r);
    }
  }
  if (vtkDataArray* ids = data->GetPointData()->GetGlobalIds())
  {
    std::vector<double> key(rows);
    for (vtkIdType r = 0; r < rows; ++r)
    {
      key[r] = ids->GetTuple1(r);
    }
    std::stable_sort(order.begin(), order.end(),
      [&key](vtkIdType a, vtkIdType b) { return key[a] < key[b]; });
  }
  layer.Faded.clear();
  layer.Shown.clear();
  for (vtkIdType r : order)
  {
    (this->IsHidden(r) ? layer.Faded : layer.Shown).push_back(r);
  }
  this->Legend->SetVisibility(this->Legend->GetNumberOfEntries() > 0);
  return warning;
}

//------------------------------------------------------------------------------
void vtkGrandTourColoring::LayoutLegend(const int viewportSize[2])
{
  const int entries = this->Legend->GetNumberOfEntries();
  if (entries == 0 || viewportSize[0] <= 0 || viewportSize[1] <= 0)
  {
    return;
  }
  // Entry height in pixels: 3% of the smaller side, between 12 and 16 pixels.
  const double side = std::min(viewportSize[0], viewportSize[1]);
  const double entry = std::max(12.0, std::min(16.0, 0.03 * side));
  const double margin = 6.0;
  // A swatch, a gap and the name (about half the text height per character).
  const double width = std::min(0.45 * viewportSize[0],
    entry * (2.0 + 0.5 * static_cast<double>(std::max<std::size_t>(this->LongestName, 3))));
  const double height = std::min(viewportSize[1] - 2 * margin, entry * entries + 2 * margin);
  this->Legend->GetPositionCoordinate()->SetValue((viewportSize[0] - margin - width) /
      viewportSize[0],
    (viewportSize[1] - margin - height) / viewportSize[1]);
  this->Legend->GetPosition2Coordinate()->SetValue(
    width / viewportSize[0], height / viewportSize[1]);
}

//------------------------------------------------------------------------------
bool vtkGrandTourColoring::LegendEntryAt(
  const int position[2], const int viewportSize[2], int& label) const
{
  const int entries = static_cast<int>(this->LegendValues.size());
  if (entries == 0 || !this->Legend->GetVisibility() || viewportSize[0] <= 0 ||
    viewportSize[1] <= 0)
  {
    return false;
  }
  double* origin = this->Legend->GetPositionCoordinate()->GetValue();
  double* size = this->Legend->GetPosition2Coordinate()->GetValue();
  const double x = static_cast<double>(position[0]) / viewportSize[0];
  const double y = static_cast<double>(position[1]) / viewportSize[1];
  if (x < origin[0] || x > origin[0] + size[0] || y < origin[1] || y > origin[1] + size[1])
  {
    return false;
  }
  // The legend stacks its entries in equal slices, the first at the top.
  const int entry = std::min(
    entries - 1, static_cast<int>((origin[1] + size[1] - y) / size[1] * entries));
  label = static_cast<int>(this->LegendValues[entry]);
  return true;
}
