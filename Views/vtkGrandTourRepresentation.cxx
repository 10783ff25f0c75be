#include "vtkGrandTourRepresentation.h"

#include "vtkActor.h"
#include "vtkActor2D.h"
#include "vtkCellArray.h"
#include "vtkCellData.h"
#include "vtkColorSeries.h"
#include "vtkCompositeDataIterator.h"
#include "vtkCompositeDataSet.h"
#include "vtkDataArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkLabeledDataMapper.h"
#include "vtkLegendBoxActor.h"
#include "vtkLookupTable.h"
#include "vtkObjectFactory.h"
#include "vtkPVRenderView.h"
#include "vtkPointData.h"
#include "vtkPoints.h"
#include "vtkPolyData.h"
#include "vtkPolyDataMapper.h"
#include "vtkProperty.h"
#include "vtkRenderer.h"
#include "vtkScalarsToColors.h"
#include "vtkStringArray.h"
#include "vtkTable.h"
#include "vtkTextProperty.h"
#include "vtkUnsignedCharArray.h"

#include "vtkGrandTourCanvas.h"
#include "vtkGrandTourPickActor.h"
#include "vtkGrandTourView.h"
#include "vtkSampleTable.h"

#include "GrandTour.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <unordered_map>

namespace
{
// Largest side of the thumbnail atlas: 8192 holds 85,000 28×28 thumbnails (64 MB).
constexpr int MaximumAtlasSide = 8192;
// Alpha of samples whose class is hidden: faint enough to read the others, visible enough to
// remember where they are.
constexpr unsigned char HiddenAlpha = 18;
// Above this many samples points are drawn as flat discs: in a crowd the shading reads as
// noise.
constexpr vtkIdType SphereLimit = 20000;
// Point-data flag of the rows in ParaView's current selection.
constexpr const char* SelectedArrayName = "vtkGrandTourSelected";

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

// The table a representation draws: `data` itself, or the first leaf of a composite (several
// layers: vtkMultiBlockDataSet; ExtractBlock's output may be a vtkPartitionedDataSetCollection)
// that is a table with rows, else its first table leaf. `leaf` receives that leaf's flat
// index (0 for a plain table), or, when given non-zero, picks the leaf with that flat index.
vtkTable* TableOf(vtkDataObject* data, unsigned int& leaf)
{
  if (auto* table = vtkTable::SafeDownCast(data))
  {
    return leaf == 0 ? table : nullptr;
  }
  auto* composite = vtkCompositeDataSet::SafeDownCast(data);
  if (!composite)
  {
    return nullptr;
  }
  vtkSmartPointer<vtkCompositeDataIterator> it;
  it.TakeReference(composite->NewIterator());
  it->SkipEmptyNodesOn();
  vtkTable* firstTable = nullptr;
  unsigned int firstIndex = 0;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    auto* table = vtkTable::SafeDownCast(it->GetCurrentDataObject());
    if (!table)
    {
      continue;
    }
    const unsigned int index = it->GetCurrentFlatIndex();
    if (leaf != 0)
    {
      if (index == leaf)
      {
        return table;
      }
      continue;
    }
    if (table->GetNumberOfRows() > 0)
    {
      leaf = index;
      return table;
    }
    if (!firstTable)
    {
      firstTable = table;
      firstIndex = index;
    }
  }
  if (leaf != 0)
  {
    return nullptr;
  }
  leaf = firstIndex;
  return firstTable;
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
class vtkGrandTourRepresentation::vtkInternals
{
public:
  vtkInternals()
  {
    // The samples are drawn by the view's canvas; these actors only answer hardware selection.
    this->PointsMapper->SetInputData(this->Points);
    this->PointsMapper->ScalarVisibilityOff();
    this->PointsActor->SetMapper(this->PointsMapper);
    this->ImagesMapper->SetInputData(this->Images);
    this->ImagesMapper->ScalarVisibilityOff();
    this->ImagesActor->SetMapper(this->ImagesMapper);

    this->AxesMapper->SetInputData(this->Axes);
    this->AxesMapper->ScalarVisibilityOff();
    this->AxesActor->SetMapper(this->AxesMapper);
    this->AxesActor->GetProperty()->SetColor(0.85, 0.85, 0.85);
    this->AxesActor->GetProperty()->SetLineWidth(1.5);
    this->AxesActor->GetProperty()->SetPointSize(9);
    this->AxesActor->GetProperty()->SetRenderPointsAsSpheres(true);
    this->AxesActor->GetProperty()->SetLighting(false);
    this->AxesActor->PickableOff();

    this->MarkersMapper->SetInputData(this->Markers);
    this->MarkersMapper->ScalarVisibilityOff();
    this->MarkersActor->SetMapper(this->MarkersMapper);
    this->MarkersActor->GetProperty()->SetColor(1.0, 0.55, 0.1);
    this->MarkersActor->GetProperty()->SetPointSize(18);
    this->MarkersActor->GetProperty()->SetRenderPointsAsSpheres(true);
    this->MarkersActor->PickableOff();

    this->LabelsMapper->SetInputData(this->Labels);
    this->LabelsMapper->SetLabelModeToLabelFieldData();
    this->LabelsMapper->SetFieldDataName("Name");
    vtkTextProperty* text = this->LabelsMapper->GetLabelTextProperty();
    text->SetFontSize(15);
    text->SetColor(1.0, 1.0, 1.0);
    text->SetShadow(true);
    text->SetBold(true);
    text->SetJustificationToLeft();
    text->SetVerticalJustificationToBottom();
    this->LabelsActor->SetMapper(this->LabelsMapper);
    this->LabelsActor->PickableOff();

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

  std::vector<vtkProp*> Props()
  {
    return { this->PointsActor, this->ImagesActor, this->AxesActor, this->MarkersActor,
      this->LabelsActor, this->Legend };
  }

  void Hide()
  {
    this->RenderKey.clear();
    for (vtkProp* prop : this->Props())
    {
      prop->SetVisibility(false);
    }
    this->Layer.Visible = false;
    ++this->Layer.Version;
  }

  vtkGrandTourCanvas::Layer Layer;
  vtkSmartPointer<vtkUnsignedCharArray> Colors;
  std::vector<unsigned char> Atlas; // thumbnails side by side, top row first
  vtkNew<vtkPolyData> Points;
  vtkNew<vtkPolyDataMapper> PointsMapper;
  vtkNew<vtkGrandTourPickActor> PointsActor;
  vtkNew<vtkPolyData> Images;
  vtkNew<vtkPolyDataMapper> ImagesMapper;
  vtkNew<vtkGrandTourPickActor> ImagesActor;
  vtkNew<vtkPolyData> Axes;
  vtkNew<vtkPolyDataMapper> AxesMapper;
  vtkNew<vtkActor> AxesActor;
  vtkNew<vtkPolyData> Markers;
  vtkNew<vtkPolyDataMapper> MarkersMapper;
  vtkNew<vtkActor> MarkersActor;
  vtkNew<vtkPolyData> Labels;
  vtkNew<vtkLabeledDataMapper> LabelsMapper;
  vtkNew<vtkActor2D> LabelsActor;
  vtkNew<vtkLegendBoxActor> Legend;
  vtkNew<vtkPolyData> Swatch;

  // What the caches below were built from.
  vtkPolyData* Data = nullptr;
  vtkMTimeType DataTime = 0;
  std::string CoordinatesName;
  vtkSmartPointer<vtkFloatArray> Coordinates;
  int Dimension = 0;
  Eigen::VectorXd Mean;
  double Radius = 1.0;
  vtkIdType Skipped = 0;
  std::vector<char> Valid;
  std::vector<float> Projected;
  std::string ColorKey;
  std::string RenderKey;
  std::vector<char> Hidden;
  bool Categorical = false;
  std::string ImageKey;
  bool ImagesReady = false;
  std::string LastMessage;
  std::unordered_map<long long, vtkIdType> RowOfSampleId;
};

vtkStandardNewMacro(vtkGrandTourRepresentation);

//------------------------------------------------------------------------------
vtkGrandTourRepresentation::vtkGrandTourRepresentation()
  : Internals(new vtkInternals)
{
  this->SetNumberOfInputPorts(2);
}

//------------------------------------------------------------------------------
vtkGrandTourRepresentation::~vtkGrandTourRepresentation()
{
  // ParaView removes a representation from its view first; this guards any other owner.
  if (auto* view = vtkGrandTourView::SafeDownCast(this->GetView()))
  {
    view->GetCanvas()->RemoveLayer(&this->Internals->Layer);
  }
}

//------------------------------------------------------------------------------
int vtkGrandTourRepresentation::FillInputPortInformation(int, vtkInformation* info)
{
  // Port 0: a sample table, or a composite of them (the first non-empty table leaf is drawn).
  // Port 1: the selected rows of the input (ParaView's extract-selection output).
  info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkDataObject");
  info->Set(vtkAlgorithm::INPUT_IS_OPTIONAL(), 1);
  return 1;
}

//------------------------------------------------------------------------------
int vtkGrandTourRepresentation::RequestData(
  vtkInformation* request, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  // An empty piece where there is no input (the client of a pvserver): delivering the server's
  // piece needs a data object of the same type on every process.
  this->Cache = vtkSmartPointer<vtkPolyData>::New();
  unsigned int leaf = 0;
  vtkTable* table = inputVector[0]->GetNumberOfInformationObjects() == 1
    ? TableOf(vtkDataObject::GetData(inputVector[0], 0), leaf)
    : nullptr;
  if (table)
  {
    // Vertices in row order, so a picked point id is a row id; every column rides along.
    const vtkIdType rows = table->GetNumberOfRows();
    auto polyData = vtkSmartPointer<vtkPolyData>::New();
    vtkNew<vtkPoints> points;
    points->SetDataTypeToFloat();
    points->SetNumberOfPoints(rows);
    std::fill_n(vtkFloatArray::SafeDownCast(points->GetData())->GetPointer(0), 3 * rows, 0.0f);
    polyData->SetPoints(points);
    vtkNew<vtkIdTypeArray> offsets;
    vtkNew<vtkIdTypeArray> connectivity;
    offsets->SetNumberOfValues(rows + 1);
    connectivity->SetNumberOfValues(rows);
    for (vtkIdType r = 0; r <= rows; ++r)
    {
      offsets->SetValue(r, r);
      if (r < rows)
      {
        connectivity->SetValue(r, r);
      }
    }
    vtkNew<vtkCellArray> vertices;
    vertices->SetData(offsets, connectivity);
    polyData->SetVerts(vertices);
    vtkPointData* pointData = polyData->GetPointData();
    for (vtkIdType c = 0; c < table->GetNumberOfColumns(); ++c)
    {
      pointData->AddArray(table->GetColumn(c));
    }
    // Global ids must be vtkIdType for ParaView's selection machinery.
    if (vtkDataArray* ids = vtkArrayDownCast<vtkDataArray>(
          table->GetColumnByName(vtkSampleTable::SampleIdName)))
    {
      auto globalIds = vtkSmartPointer<vtkIdTypeArray>::New();
      globalIds->DeepCopy(ids);
      globalIds->SetName(vtkSampleTable::SampleIdName);
      pointData->RemoveArray(vtkSampleTable::SampleIdName);
      pointData->SetGlobalIds(globalIds);
    }
    polyData->GetFieldData()->ShallowCopy(table->GetFieldData());
    // The selected rows come in the input's structure: the same leaf.
    this->MarkSelected(polyData, inputVector[1]->GetNumberOfInformationObjects() == 1
        ? TableOf(vtkDataObject::GetData(inputVector[1], 0), leaf)
        : nullptr);
    this->Cache = polyData;
  }
  return this->Superclass::RequestData(request, inputVector, outputVector);
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::MarkSelected(vtkPolyData* polyData, vtkTable* selected)
{
  if (!selected || selected->GetNumberOfRows() == 0)
  {
    return;
  }
  // Match by SampleId (stable across layers and epochs), else by original row id.
  vtkDataArray* ids = polyData->GetPointData()->GetGlobalIds();
  vtkDataArray* selectedIds =
    vtkArrayDownCast<vtkDataArray>(selected->GetColumnByName(vtkSampleTable::SampleIdName));
  if (!ids || !selectedIds)
  {
    ids = nullptr;
    selectedIds =
      vtkArrayDownCast<vtkDataArray>(selected->GetColumnByName("vtkOriginalRowIds"));
  }
  if (!selectedIds)
  {
    return;
  }
  std::set<long long> chosen;
  for (vtkIdType r = 0; r < selectedIds->GetNumberOfTuples(); ++r)
  {
    chosen.insert(static_cast<long long>(selectedIds->GetTuple1(r)));
  }
  vtkNew<vtkUnsignedCharArray> flags;
  flags->SetName(SelectedArrayName);
  flags->SetNumberOfTuples(polyData->GetNumberOfPoints());
  for (vtkIdType r = 0; r < polyData->GetNumberOfPoints(); ++r)
  {
    const long long id = ids ? static_cast<long long>(ids->GetTuple1(r)) : r;
    flags->SetValue(r, chosen.count(id) ? 1 : 0);
  }
  polyData->GetPointData()->AddArray(flags);
}

//------------------------------------------------------------------------------
int vtkGrandTourRepresentation::ProcessViewRequest(
  vtkInformationRequestKey* request, vtkInformation* inInfo, vtkInformation* outInfo)
{
  if (!this->Superclass::ProcessViewRequest(request, inInfo, outInfo))
  {
    return 0;
  }
  if (request == vtkPVView::REQUEST_UPDATE())
  {
    vtkPVRenderView::SetPiece(inInfo, this, this->Cache);
    // Layout coordinates: the data always lies in the unit disc, handles a little beyond. The
    // bounds ignore Zoom, so Reset Camera frames the unit disc and Zoom 2 shows it twice as large.
    const double bounds[6] = { -1.15, 1.15, -1.15, 1.15, -0.6, 0.6 };
    vtkPVRenderView::SetGeometryBounds(inInfo, this, bounds);
    // Every rendering process projects the whole table (small per sample), so deliver it
    // whole rather than distributing it.
    vtkPVRenderView::SetDeliverToAllProcesses(inInfo, this, false);
  }
  else if (request == vtkPVView::REQUEST_RENDER())
  {
    this->UpdatePicture(vtkPolyData::SafeDownCast(vtkPVView::GetDeliveredPiece(inInfo, this)),
      vtkGrandTourView::SafeDownCast(this->GetView()));
  }
  return 1;
}

//------------------------------------------------------------------------------
bool vtkGrandTourRepresentation::AddToView(vtkView* view)
{
  vtkPVRenderView* renderView = vtkPVRenderView::SafeDownCast(view);
  if (!renderView)
  {
    return false;
  }
  for (vtkProp* prop : this->Internals->Props())
  {
    renderView->GetRenderer()->AddViewProp(prop);
  }
  if (auto* tourView = vtkGrandTourView::SafeDownCast(view))
  {
    tourView->GetCanvas()->AddLayer(&this->Internals->Layer);
  }
  renderView->RegisterPropForHardwareSelection(this, this->Internals->PointsActor);
  renderView->RegisterPropForHardwareSelection(this, this->Internals->ImagesActor);
  return this->Superclass::AddToView(view);
}

//------------------------------------------------------------------------------
bool vtkGrandTourRepresentation::RemoveFromView(vtkView* view)
{
  vtkPVRenderView* renderView = vtkPVRenderView::SafeDownCast(view);
  if (!renderView)
  {
    return false;
  }
  for (vtkProp* prop : this->Internals->Props())
  {
    renderView->GetRenderer()->RemoveViewProp(prop);
  }
  if (auto* tourView = vtkGrandTourView::SafeDownCast(view))
  {
    tourView->GetCanvas()->RemoveLayer(&this->Internals->Layer);
  }
  renderView->UnRegisterPropForHardwareSelection(this, this->Internals->PointsActor);
  renderView->UnRegisterPropForHardwareSelection(this, this->Internals->ImagesActor);
  return this->Superclass::RemoveFromView(view);
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::SetVisibility(bool visible)
{
  this->Superclass::SetVisibility(visible);
  if (!visible)
  {
    this->Internals->Hide();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::SetOpacity(double opacity)
{
  this->Opacity = std::max(0.0, std::min(1.0, opacity));
  this->Modified();
}

//------------------------------------------------------------------------------
vtkIdType vtkGrandTourRepresentation::GetNumberOfSkippedSamples() const
{
  return this->Internals->Skipped;
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "Opacity: " << this->Opacity << "\n";
  os << indent << "Dimension: " << this->Internals->Dimension << "\n";
  os << indent << "NumberOfSkippedSamples: " << this->Internals->Skipped << "\n";
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::Report(const std::string& message, bool error)
{
  if (message == this->Internals->LastMessage)
  {
    return;
  }
  this->Internals->LastMessage = message;
  if (message.empty())
  {
    return;
  }
  if (error)
  {
    vtkErrorMacro(<< message);
  }
  else
  {
    vtkWarningMacro(<< message);
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdatePicture(vtkPolyData* data, vtkGrandTourView* view)
{
  auto& internals = *this->Internals;
  if (!view || !data || !this->GetVisibility())
  {
    internals.Hide();
    return;
  }
  if (data != internals.Data || data->GetMTime() != internals.DataTime)
  {
    internals.Data = data;
    internals.DataTime = data->GetMTime();
    internals.CoordinatesName.clear();
    internals.ColorKey.clear();
    internals.ImageKey.clear();
    internals.RowOfSampleId.clear();
  }
  if (!this->UpdateCoordinates(data, view))
  {
    internals.Hide();
    return;
  }
  const std::vector<double> values = view->ComputeFrame(internals.Dimension);
  const int n = internals.Dimension;
  // Renders that change nothing here (camera moves, other representations) skip the work.
  std::ostringstream key;
  vtkScalarsToColors* lut = view->GetLookupTable();
  key << internals.Coordinates.Get() << '|' << internals.DataTime << '|' << view->GetMTime()
      << '|' << this->GetMTime() << '|' << (lut ? lut->GetMTime() : 0);
  if (key.str() == internals.RenderKey)
  {
    return;
  }
  internals.RenderKey = key.str();
  neurotour::Frame frame(n, 2);
  for (int r = 0; r < n; ++r)
  {
    frame(r, 0) = values[2 * r];
    frame(r, 1) = values[2 * r + 1];
  }
  const vtkIdType rows = data->GetNumberOfPoints();
  internals.Projected.resize(2 * rows);
  // One thread: ~1 ms for 70,000 15-D rows, and OpenMP workers spinning after each frame
  // would take the cores the software rasteriser's threads draw with.
  neurotour::ProjectRows(internals.Coordinates->GetPointer(0), rows, frame, internals.Mean,
    internals.Radius / view->GetZoom(), internals.Projected.data(), 1);

  this->UpdateColors(data, view);

  // Pickable points: hidden classes sit behind the others. Their bounds on the way, given to
  // the pick actors with room for a thumbnail around each.
  float* xyz = vtkFloatArray::SafeDownCast(internals.Points->GetPoints()->GetData())->GetPointer(0);
  float low[2] = { 0.0f, 0.0f };
  float high[2] = { 0.0f, 0.0f };
  for (vtkIdType r = 0; r < rows; ++r)
  {
    const bool valid = internals.Valid[r] != 0;
    for (int k = 0; k < 2; ++k)
    {
      const float value = valid ? internals.Projected[2 * r + k] : 0.0f;
      xyz[3 * r + k] = value;
      low[k] = std::min(low[k], value);
      high[k] = std::max(high[k], value);
    }
    xyz[3 * r + 2] = internals.Hidden.empty() || !internals.Hidden[r] ? 0.0f : -0.5f;
  }
  const double margin = view->GetImageSize() * view->GetZoom();
  const double bounds[6] = { low[0] - margin, high[0] + margin, low[1] - margin,
    high[1] + margin, -0.6, 0.1 };
  internals.PointsActor->SetBounds(bounds);
  internals.ImagesActor->SetBounds(bounds);
  internals.Points->GetPoints()->Modified();
  internals.PointsActor->GetProperty()->SetPointSize(view->GetPointSize());

  const bool images = view->GetShowImages() && this->UpdateAtlas(data);
  internals.PointsActor->SetVisibility(!images);
  internals.ImagesActor->SetVisibility(images);
  auto& layer = internals.Layer;
  layer.Visible = true;
  layer.NumberOfRows = rows;
  layer.Positions = internals.Projected.data();
  layer.Colors = internals.Colors->GetPointer(0);
  layer.PointSize = view->GetPointSize();
  layer.Shaded = rows <= SphereLimit;
  layer.Opacity = this->Opacity;
  layer.Atlas = images ? internals.Atlas.data() : nullptr;
  if (images)
  {
    this->UpdateImages(view);
  }
  ++layer.Version;
  this->UpdateHandles(data, view, values);
}

//------------------------------------------------------------------------------
bool vtkGrandTourRepresentation::UpdateCoordinates(vtkPolyData* data, vtkGrandTourView* view)
{
  auto& internals = *this->Internals;
  vtkPointData* pointData = data->GetPointData();
  std::string name = view->GetCoordinatesArray() ? view->GetCoordinatesArray() : "";
  if (name.empty())
  {
    for (const char* candidate : { "Embedding", "Activations", "Pixels" })
    {
      if (pointData->GetArray(candidate))
      {
        name = candidate;
        break;
      }
    }
    for (int a = 0; name.empty() && a < pointData->GetNumberOfArrays(); ++a)
    {
      vtkDataArray* array = pointData->GetArray(a);
      if (array && array->GetNumberOfComponents() >= 2 && array->GetName())
      {
        name = array->GetName();
      }
    }
    if (name.empty())
    {
      this->Report("Grand Tour: the input has no array of 2 or more components to tour "
                   "(set CoordinatesArray)",
        true);
      return false;
    }
  }
  if (name == internals.CoordinatesName && internals.Coordinates)
  {
    return true;
  }
  internals.CoordinatesName.clear();
  internals.Coordinates = nullptr;
  vtkNew<vtkTable> columns;
  columns->SetRowData(pointData);
  std::string error;
  auto coordinates = vtkSampleTable::GetFeatures(columns, name.c_str(), error, false);
  if (!coordinates)
  {
    this->Report("Grand Tour: CoordinatesArray: " + error, true);
    return false;
  }
  const int n = coordinates->GetNumberOfComponents();
  if (n < 2)
  {
    this->Report("Grand Tour: the array '" + name + "' has " + std::to_string(n) +
        " component(s); a tour needs at least 2",
      true);
    return false;
  }
  const vtkIdType rows = coordinates->GetNumberOfTuples();
  Eigen::VectorXd mean;
  std::int64_t skipped = 0;
  const double radius =
    neurotour::LayoutRadius(coordinates->GetPointer(0), rows, n, mean, skipped);
  internals.Valid.assign(rows, 1);
  if (skipped > 0)
  {
    const float* values = coordinates->GetPointer(0);
    for (vtkIdType r = 0; r < rows; ++r)
    {
      for (int d = 0; d < n; ++d)
      {
        if (!std::isfinite(values[r * n + d]))
        {
          internals.Valid[r] = 0;
          break;
        }
      }
    }
  }
  internals.Coordinates = coordinates;
  internals.CoordinatesName = name;
  internals.Dimension = n;
  internals.Mean = mean;
  internals.Radius = radius > 0 ? radius : 1.0;
  internals.Skipped = skipped;

  // The drawn vertices: valid rows only, point ids still row ids.
  vtkNew<vtkPoints> points;
  points->SetDataTypeToFloat();
  points->SetNumberOfPoints(rows);
  internals.Points->Initialize();
  internals.Points->SetPoints(points);
  vtkNew<vtkCellArray> vertices;
  vertices->AllocateExact(rows - skipped, rows - skipped);
  for (vtkIdType r = 0; r < rows; ++r)
  {
    if (internals.Valid[r])
    {
      vertices->InsertNextCell(1, &r);
    }
  }
  internals.Points->SetVerts(vertices);
  internals.Layer.Selected.clear();
  if (auto* selected = vtkUnsignedCharArray::SafeDownCast(pointData->GetArray(SelectedArrayName)))
  {
    for (vtkIdType r = 0; r < rows; ++r)
    {
      if (internals.Valid[r] && selected->GetValue(r))
      {
        internals.Layer.Selected.push_back(r);
      }
    }
  }
  internals.ColorKey.clear();
  internals.ImageKey.clear();
  if (skipped > 0)
  {
    this->Report("Grand Tour: skipped " + std::to_string(skipped) + " of " +
        std::to_string(rows) + " samples whose '" + name + "' holds NaN or infinite values",
      false);
  }
  else
  {
    this->Report("", false);
  }
  return true;
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdateColors(vtkPolyData* data, vtkGrandTourView* view)
{
  auto& internals = *this->Internals;
  const std::string name = view->GetColorArray() ? view->GetColorArray() : "";
  vtkScalarsToColors* external = view->GetLookupTable();
  std::ostringstream key;
  key << name << '|' << external << '|' << (external ? external->GetMTime() : 0) << '|'
      << view->GetShowLegend() << '|';
  for (int label : view->GetHiddenLabels())
  {
    key << label << ',';
  }
  if (key.str() == internals.ColorKey)
  {
    return;
  }
  internals.ColorKey = key.str();

  const vtkIdType rows = data->GetNumberOfPoints();
  vtkDataArray* array = name.empty() ? nullptr : data->GetPointData()->GetArray(name.c_str());
  if (!array && !name.empty() && name == vtkSampleTable::SampleIdName)
  {
    array = data->GetPointData()->GetGlobalIds();
  }
  internals.Categorical =
    array && array->GetNumberOfComponents() == 1 && IsIntegerType(array->GetDataType());
  const std::vector<std::string> names =
    vtkSampleTable::GetLabelNames(data->GetFieldData());

  vtkSmartPointer<vtkScalarsToColors> lut = external;
  internals.Legend->SetNumberOfEntries(0);
  if (array && !lut && internals.Categorical)
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
    const bool legend = view->GetShowLegend() && values.size() <= 30;
    internals.Legend->SetNumberOfEntries(legend ? static_cast<int>(values.size()) : 0);
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
        swatch->ShallowCopy(internals.Swatch);
        vtkNew<vtkUnsignedCharArray> fill;
        fill->SetNumberOfComponents(3);
        const unsigned char rgb[3] = { static_cast<unsigned char>(std::lround(255 * rgba[0])),
          static_cast<unsigned char>(std::lround(255 * rgba[1])),
          static_cast<unsigned char>(std::lround(255 * rgba[2])) };
        fill->InsertNextTypedTuple(rgb);
        swatch->GetCellData()->SetScalars(fill);
        double text[3] = { 0.1, 0.1, 0.1 };
        internals.Legend->SetEntry(entry, swatch.Get(), label.c_str(), text);
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
      this->Report("Grand Tour: no array '" + name + "' to colour by; using one colour", false);
    }
    colors = vtkSmartPointer<vtkUnsignedCharArray>::New();
    colors->SetNumberOfComponents(4);
    colors->SetNumberOfTuples(rows);
    for (vtkIdType r = 0; r < rows; ++r)
    {
      const unsigned char steelBlue[4] = { 70, 130, 180, 255 };
      colors->SetTypedTuple(r, steelBlue);
    }
  }
  colors->SetName("GrandTourColors");

  // Hidden classes fade out (by the colour array when it holds labels, else by `Label`) and
  // are drawn first, behind the others.
  internals.Hidden.clear();
  const std::vector<int>& hidden = view->GetHiddenLabels();
  vtkDataArray* labels =
    internals.Categorical ? array : data->GetPointData()->GetArray(vtkSampleTable::LabelName);
  if (!hidden.empty() && labels)
  {
    internals.Hidden.assign(rows, 0);
    for (vtkIdType r = 0; r < rows; ++r)
    {
      const int label = static_cast<int>(labels->GetTuple1(r));
      if (std::find(hidden.begin(), hidden.end(), label) != hidden.end())
      {
        internals.Hidden[r] = 1;
        colors->SetTypedComponent(r, 3, HiddenAlpha);
      }
    }
  }
  internals.Colors = colors;
  // Drawn in SampleId order: the picture of a time step or layer must not depend on how its
  // rows happen to be ordered (overlapping samples cover each other in draw order).
  std::vector<vtkIdType> order;
  order.reserve(rows);
  for (vtkIdType r = 0; r < rows; ++r)
  {
    if (internals.Valid[r])
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
  internals.Layer.Faded.clear();
  internals.Layer.Shown.clear();
  for (vtkIdType r : order)
  {
    (!internals.Hidden.empty() && internals.Hidden[r] ? internals.Layer.Faded
                                                       : internals.Layer.Shown)
      .push_back(r);
  }
  // About 4% of the height per class, from the top right corner.
  const int entries = internals.Legend->GetNumberOfEntries();
  const double height = std::min(0.9, 0.045 * entries);
  internals.Legend->GetPositionCoordinate()->SetValue(0.81, 0.97 - height);
  internals.Legend->GetPosition2Coordinate()->SetValue(0.18, height);
  internals.Legend->SetVisibility(entries > 0);
}

//------------------------------------------------------------------------------
bool vtkGrandTourRepresentation::UpdateAtlas(vtkPolyData* data)
{
  auto& internals = *this->Internals;
  if (!internals.ImageKey.empty())
  {
    return internals.ImagesReady;
  }
  internals.ImageKey = "built";
  internals.ImagesReady = false;
  vtkDataArray* pixels = data->GetPointData()->GetArray("Pixels");
  if (!pixels)
  {
    this->Report("Grand Tour: ShowImages needs a 'Pixels' array (the input images)", true);
    return false;
  }
  const int values = pixels->GetNumberOfComponents();
  std::vector<int> shape = vtkSampleTable::GetImageShape(data->GetFieldData());
  if (shape.empty())
  {
    // No ImageShape or SampleShape: square grayscale or RGB images are the only sensible guess.
    for (int channels : { 1, 3 })
    {
      const int side = static_cast<int>(std::lround(std::sqrt(values / channels)));
      if (channels * side * side == values)
      {
        shape = { channels, side, side };
        break;
      }
    }
  }
  if (shape.size() == 2)
  {
    shape.insert(shape.begin(), 1);
  }
  if (shape.size() != 3 || (shape[0] != 1 && shape[0] != 3) ||
    shape[0] * shape[1] * shape[2] != values)
  {
    std::ostringstream message;
    message << "Grand Tour: images of " << values << " values per sample do not match ImageShape (";
    for (std::size_t k = 0; k < shape.size(); ++k)
    {
      message << (k ? " " : "") << shape[k];
    }
    message << "); ShowImages needs 1×H×W (grayscale) or 3×H×W (RGB) images";
    this->Report(message.str(), true);
    return false;
  }
  const int channels = shape[0];
  const int height = shape[1];
  const int width = shape[2];
  const vtkIdType rows = data->GetNumberOfPoints();
  const vtkIdType perRow = MaximumAtlasSide / width;
  const vtkIdType tiles = std::min<vtkIdType>(rows, perRow * (MaximumAtlasSide / height));
  if (tiles < rows)
  {
    this->Report("Grand Tour: showing the first " + std::to_string(tiles) + " of " +
        std::to_string(rows) + " thumbnails (one " + std::to_string(MaximumAtlasSide) +
        " pixel texture atlas)",
      false);
  }
  const vtkIdType columns = std::min<vtkIdType>(
    perRow, static_cast<vtkIdType>(std::ceil(std::sqrt(static_cast<double>(tiles)))));
  const vtkIdType tileRows = columns > 0 ? (tiles + columns - 1) / columns : 0;
  const int atlasWidth = static_cast<int>(std::max<vtkIdType>(1, columns * width));
  const int atlasHeight = static_cast<int>(std::max<vtkIdType>(1, tileRows * height));

  // 8-bit images go in as they are; anything else is scaled from its range to 0..255.
  double range[2] = { 0.0, 255.0 };
  if (pixels->GetDataType() != VTK_UNSIGNED_CHAR)
  {
    pixels->GetRange(range, -1);
    double low = VTK_DOUBLE_MAX;
    double high = VTK_DOUBLE_MIN;
    for (int c = 0; c < values; ++c)
    {
      double componentRange[2];
      pixels->GetRange(componentRange, c);
      low = std::min(low, componentRange[0]);
      high = std::max(high, componentRange[1]);
    }
    range[0] = low;
    range[1] = high > low ? high : low + 1.0;
  }
  const double scale = 255.0 / (range[1] - range[0]);

  internals.Atlas.assign(static_cast<std::size_t>(atlasWidth) * atlasHeight * channels, 0);
  auto& layer = internals.Layer;
  layer.AtlasWidth = atlasWidth;
  layer.Channels = channels;
  layer.TileWidth = width;
  layer.TileHeight = height;
  layer.TileOrigins.assign(2 * tiles, 0);
  std::vector<double> sample(values);
  for (vtkIdType t = 0; t < tiles; ++t)
  {
    const vtkIdType x0 = (t % columns) * width;
    const vtkIdType y0 = (t / columns) * height;
    layer.TileOrigins[2 * t] = static_cast<int>(x0);
    layer.TileOrigins[2 * t + 1] = static_cast<int>(y0);
    pixels->GetTuple(t, sample.data());
    for (int y = 0; y < height; ++y)
    {
      unsigned char* line = &internals.Atlas[((y0 + y) * atlasWidth + x0) * channels];
      for (int x = 0; x < width; ++x)
      {
        for (int c = 0; c < channels; ++c)
        {
          const double v = (sample[(c * height + y) * width + x] - range[0]) * scale;
          line[x * channels + c] = static_cast<unsigned char>(std::max(0.0, std::min(255.0, v)));
        }
      }
    }
  }

  // Pickable quads, one per drawn sample; their corners move every frame.
  vtkNew<vtkPoints> corners;
  corners->SetDataTypeToFloat();
  corners->SetNumberOfPoints(4 * tiles);
  vtkNew<vtkCellArray> quads;
  for (vtkIdType t = 0; t < tiles; ++t)
  {
    if (internals.Valid[t])
    {
      const vtkIdType ids[4] = { 4 * t, 4 * t + 1, 4 * t + 2, 4 * t + 3 };
      quads->InsertNextCell(4, ids);
    }
  }
  internals.Images->Initialize();
  internals.Images->SetPoints(corners);
  internals.Images->SetPolys(quads);
  internals.ImagesReady = true;
  return true;
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdateImages(vtkGrandTourView* view)
{
  auto& internals = *this->Internals;
  // A fraction of the data's radius, which Zoom scales like everything else in the layout.
  const float half = static_cast<float>(view->GetImageSize() * view->GetZoom() / 2.0);
  internals.Layer.ImageSide = 2.0 * half;
  vtkPoints* corners = internals.Images->GetPoints();
  float* xyz = vtkFloatArray::SafeDownCast(corners->GetData())->GetPointer(0);
  const vtkIdType tiles = corners->GetNumberOfPoints() / 4;
  const float offsets[4][2] = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };
  for (vtkIdType t = 0; t < tiles; ++t)
  {
    const float x = internals.Valid[t] ? internals.Projected[2 * t] : 0.0f;
    const float y = internals.Valid[t] ? internals.Projected[2 * t + 1] : 0.0f;
    // Later samples a hair above earlier ones, as the canvas draws them.
    const float z = 1e-6f * static_cast<float>(t) / static_cast<float>(tiles);
    for (int k = 0; k < 4; ++k)
    {
      xyz[3 * (4 * t + k)] = x + half * offsets[k][0];
      xyz[3 * (4 * t + k) + 1] = y + half * offsets[k][1];
      xyz[3 * (4 * t + k) + 2] = z;
    }
  }
  corners->Modified();
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdateHandles(
  vtkPolyData* data, vtkGrandTourView* view, const std::vector<double>& frame)
{
  auto& internals = *this->Internals;
  const int n = internals.Dimension;
  const double zoom = view->GetZoom();
  std::vector<vtkGrandTourView::Handle> handles;

  // Axis handles: basis vector i lands at row i of the frame (in the unit disc's units, times
  // Zoom like the points).
  if (view->GetShowAxisHandles() && n <= view->GetMaximumAxisHandles())
  {
    const std::vector<std::string> names =
      vtkSampleTable::GetLabelNames(data->GetFieldData());
    vtkDataArray* coordinates = data->GetPointData()->GetArray(internals.CoordinatesName.c_str());
    for (int i = 0; i < n; ++i)
    {
      vtkGrandTourView::Handle handle;
      if (static_cast<int>(names.size()) == n)
      {
        handle.Name = names[i]; // a softmax or logit layer: one axis per class
      }
      else if (coordinates && coordinates->GetComponentName(i))
      {
        handle.Name = coordinates->GetComponentName(i);
      }
      else
      {
        handle.Name = std::to_string(i);
      }
      handle.Position[0] = zoom * frame[2 * i];
      handle.Position[1] = zoom * frame[2 * i + 1];
      handle.Axis = i;
      handles.push_back(handle);
    }
  }
  const std::size_t axisCount = handles.size();

  // Centroid handles: the mean of their samples, found by SampleId in the current data.
  const auto& centroids = view->GetCentroidHandles();
  if (!centroids.empty())
  {
    vtkDataArray* ids = data->GetPointData()->GetGlobalIds();
    if (internals.RowOfSampleId.empty() && ids)
    {
      for (vtkIdType r = 0; r < ids->GetNumberOfTuples(); ++r)
      {
        internals.RowOfSampleId[static_cast<long long>(ids->GetTuple1(r))] = r;
      }
    }
    const float* values = internals.Coordinates->GetPointer(0);
    for (const auto& centroid : centroids)
    {
      Eigen::VectorXd sum = Eigen::VectorXd::Zero(n);
      int count = 0;
      for (long long id : centroid.SampleIds)
      {
        auto found = internals.RowOfSampleId.find(id);
        if (found != internals.RowOfSampleId.end() && internals.Valid[found->second])
        {
          sum += Eigen::Map<const Eigen::VectorXf>(values + found->second * n, n).cast<double>();
          ++count;
        }
      }
      if (count == 0)
      {
        continue; // none of its samples is in this data
      }
      const Eigen::VectorXd direction = (sum / count - internals.Mean) / internals.Radius;
      vtkGrandTourView::Handle handle;
      handle.Name = centroid.Name;
      handle.Axis = -1;
      handle.Direction.assign(direction.data(), direction.data() + n);
      handle.Position[0] = handle.Position[1] = 0.0;
      for (int d = 0; d < n; ++d)
      {
        handle.Position[0] += zoom * direction(d) * frame[2 * d];
        handle.Position[1] += zoom * direction(d) * frame[2 * d + 1];
      }
      handles.push_back(handle);
    }
  }

  // Axis lines from the origin with a dot at each end; centroid dots; all labels.
  vtkNew<vtkPoints> axisPoints;
  vtkNew<vtkCellArray> axisLines;
  vtkNew<vtkCellArray> axisEnds;
  const vtkIdType origin = axisPoints->InsertNextPoint(0, 0, 0.2);
  vtkNew<vtkPoints> markerPoints;
  vtkNew<vtkCellArray> markerCells;
  vtkNew<vtkPoints> labelPoints;
  vtkNew<vtkStringArray> labelNames;
  labelNames->SetName("Name");
  for (std::size_t k = 0; k < handles.size(); ++k)
  {
    const auto& handle = handles[k];
    if (k < axisCount)
    {
      const vtkIdType end = axisPoints->InsertNextPoint(handle.Position[0], handle.Position[1], 0.2);
      const vtkIdType line[2] = { origin, end };
      axisLines->InsertNextCell(2, line);
      axisEnds->InsertNextCell(1, &end);
    }
    else
    {
      const vtkIdType id = markerPoints->InsertNextPoint(handle.Position[0], handle.Position[1], 0.3);
      markerCells->InsertNextCell(1, &id);
    }
    // Short axes (the data barely moves along them) stay unlabelled, so the centre is legible.
    if (k >= axisCount || std::hypot(handle.Position[0], handle.Position[1]) > 0.15 * zoom)
    {
      labelPoints->InsertNextPoint(handle.Position[0] + 0.02, handle.Position[1] + 0.02, 0.3);
      labelNames->InsertNextValue(handle.Name);
    }
  }
  internals.Axes->Initialize();
  internals.Axes->SetPoints(axisPoints);
  internals.Axes->SetLines(axisLines);
  internals.Axes->SetVerts(axisEnds);
  internals.Markers->Initialize();
  internals.Markers->SetPoints(markerPoints);
  internals.Markers->SetVerts(markerCells);
  internals.Labels->Initialize();
  internals.Labels->SetPoints(labelPoints);
  internals.Labels->GetPointData()->AddArray(labelNames);
  internals.AxesActor->SetVisibility(axisCount > 0);
  internals.MarkersActor->SetVisibility(handles.size() > axisCount);
  internals.LabelsActor->SetVisibility(!handles.empty());
  view->SetHandles(handles);
}
