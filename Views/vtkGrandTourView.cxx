#include "vtkGrandTourView.h"

#include "vtkGrandTourCanvas.h"
#include "vtkGrandTourHandleRepresentation.h"
#include "vtkGrandTourRepresentation.h"

#include "vtkCallbackCommand.h"
#include "vtkCamera.h"
#include "vtkDoubleArray.h"
#include "vtkHandleWidget.h"
#include "vtkObjectFactory.h"
#include "vtkRenderWindowInteractor.h"
#include "vtkRenderer.h"
#include "vtkScalarsToColors.h"
#include "vtkSmartPointer.h"
#include "vtkStringArray.h"

#include "GrandTour.h"
#include "GuidedTour.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>
#include <sstream>

namespace
{
// A frame as n×2 row-major values.
std::vector<double> ToValues(const neurotour::Frame& frame)
{
  std::vector<double> values(2 * frame.rows());
  for (int r = 0; r < frame.rows(); ++r)
  {
    values[2 * r] = frame(r, 0);
    values[2 * r + 1] = frame(r, 1);
  }
  return values;
}
} // namespace

//------------------------------------------------------------------------------
class vtkGrandTourView::vtkInternals
{
public:
  std::unique_ptr<neurotour::GrandTour> Tour;
  std::shared_ptr<const neurotour::GuidedPath> Guided;
  int TourSeed = 0;
  double TourSpeed = -1.0;
  bool BaseDirty = true;
  vtkNew<vtkDoubleArray> FrameInfo;
  vtkNew<vtkStringArray> CoordinatesArrayNames;
  vtkNew<vtkStringArray> ColorArrayNames;
  vtkNew<vtkStringArray> NeighborsArrayNames;
  std::string SelectedSampleIds;
  std::string NeighborSampleIds;
  std::vector<Handle> Handles;
  std::vector<vtkSmartPointer<vtkHandleWidget>> Widgets;
  vtkRenderWindowInteractor* Interactor = nullptr;
  bool Dragging = false;
  bool Edited = false; // the current drag changed the frame
  vtkNew<vtkGrandTourCanvas> Canvas;
};

vtkStandardNewMacro(vtkGrandTourView);

//------------------------------------------------------------------------------
vtkGrandTourView::vtkGrandTourView()
  : Internals(new vtkInternals)
{
  // A 2-D picture: parallel projection, 2-D interaction (pan and zoom, no rotation).
  this->SetInteractionMode(vtkPVRenderView::INTERACTION_MODE_2D);
  this->SetParallelProjection(1);
  this->SetOrientationAxesVisibility(false);
  this->SetUseFXAA(false);
  this->Internals->FrameInfo->SetName("ProjectionMatrix");
  this->Internals->FrameInfo->SetNumberOfComponents(2);
  this->Internals->Canvas->SetRenderer(this->GetRenderer());
  this->GetRenderer()->AddViewProp(this->Internals->Canvas);
}

//------------------------------------------------------------------------------
vtkGrandTourView::~vtkGrandTourView()
{
  this->SetLookupTable(nullptr);
  // No SetEnabled(0) here: it would render into a window that may already be gone.
  for (auto& widget : this->Internals->Widgets)
  {
    widget->RemoveAllObservers();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetInteractionMode(int mode)
{
  this->Superclass::SetInteractionMode(
    mode == vtkPVRenderView::INTERACTION_MODE_3D ? vtkPVRenderView::INTERACTION_MODE_2D : mode);
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetParallelProjection(int)
{
  this->Superclass::SetParallelProjection(1);
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetOrientationAxesVisibility(bool)
{
  this->Superclass::SetOrientationAxesVisibility(false);
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetUseFXAA(bool)
{
  this->Superclass::SetUseFXAA(false);
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetCoordinatesArray(const char* name)
{
  const std::string value = name ? name : "";
  if (value != this->CoordinatesArray)
  {
    this->CoordinatesArray = value;
    this->Modified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetNeighborsArray(const char* name)
{
  const std::string value = name ? name : "";
  if (value != this->NeighborsArray)
  {
    this->NeighborsArray = value;
    this->Modified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetColorArray(const char* name)
{
  const std::string value = name ? name : "";
  if (value != this->ColorArray)
  {
    this->ColorArray = value;
    this->ColoringModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetLookupTable(vtkScalarsToColors* lut)
{
  if (lut != this->LookupTable)
  {
    vtkSetObjectBodyMacro(LookupTable, vtkScalarsToColors, lut);
    this->ColoringModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetShowLegend(bool show)
{
  if (show != this->ShowLegend)
  {
    this->ShowLegend = show;
    this->ColoringModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::ClearHiddenLabels()
{
  this->HiddenLabels.clear();
  this->ColoringModified();
}

//------------------------------------------------------------------------------
void vtkGrandTourView::AddHiddenLabel(int label)
{
  this->HiddenLabels.push_back(label);
  this->ColoringModified();
}

//------------------------------------------------------------------------------
void vtkGrandTourView::ColoringModified()
{
  this->ColoringTime.Modified();
  this->Modified();
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetSpeed(double speed)
{
  speed = std::max(0.0, std::min(100.0, speed));
  if (speed != this->Speed)
  {
    this->Speed = speed;
    this->TourModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetSeed(int seed)
{
  if (seed != this->Seed)
  {
    this->Seed = seed;
    this->TourModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetTourMode(int mode)
{
  mode = std::max<int>(GRAND, std::min<int>(GUIDED, mode));
  if (mode != this->TourMode)
  {
    this->TourMode = mode;
    this->TourModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetPursuitIndex(int index)
{
  index = std::max<int>(LDA, std::min<int>(CENTRAL_MASS, index));
  if (index != this->PursuitIndex)
  {
    this->PursuitIndex = index;
    this->TourModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetGuidedPath(std::shared_ptr<const neurotour::GuidedPath> path)
{
  if (path != this->Internals->Guided)
  {
    this->Internals->Guided = std::move(path);
    this->TourModified();
  }
}

//------------------------------------------------------------------------------
bool vtkGrandTourView::IsGuide(vtkGrandTourRepresentation* representation)
{
  for (int r = 0; r < this->GetNumberOfRepresentations(); ++r)
  {
    auto* candidate = vtkGrandTourRepresentation::SafeDownCast(this->GetRepresentation(r));
    if (candidate && candidate->GetVisibility())
    {
      return candidate == representation;
    }
  }
  return false;
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetTourOrigin(double origin)
{
  if (origin != this->TourOrigin)
  {
    this->TourOrigin = origin;
    this->TourModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::TourModified()
{
  this->TourTimeStamp.Modified();
  this->Modified();
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetStartAxes(const std::array<int, 2>& axes)
{
  if (axes != this->StartAxes)
  {
    this->StartAxes = axes;
    this->Internals->BaseDirty = true;
    // Called while rendering: the tour changed, the view's properties did not.
    this->TourTimeStamp.Modified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::ClearProjectionMatrix()
{
  this->ProjectionMatrix.clear();
  this->Internals->BaseDirty = true;
  this->TourModified();
}

//------------------------------------------------------------------------------
void vtkGrandTourView::AddProjectionMatrixRow(double x, double y)
{
  this->ProjectionMatrix.push_back(x);
  this->ProjectionMatrix.push_back(y);
  this->Internals->BaseDirty = true;
  this->TourModified();
}

//------------------------------------------------------------------------------
void vtkGrandTourView::ClearCentroidHandles()
{
  this->CentroidHandles.clear();
  this->Modified();
}

//------------------------------------------------------------------------------
void vtkGrandTourView::AddCentroidHandle(const char* name, const char* sampleIds)
{
  CentroidHandle handle;
  handle.Name = name ? name : "";
  std::istringstream ids(sampleIds ? sampleIds : "");
  long long id;
  while (ids >> id)
  {
    handle.SampleIds.push_back(id);
  }
  this->CentroidHandles.push_back(std::move(handle));
  this->Modified();
}

//------------------------------------------------------------------------------
std::vector<double> vtkGrandTourView::ComputeFrame(int dimension)
{
  std::vector<double> values = this->ComputeFrameAt(dimension, this->TourTime);
  if (!values.empty())
  {
    this->LastDimension = dimension;
  }
  return values;
}

//------------------------------------------------------------------------------
std::vector<double> vtkGrandTourView::ComputeFrameAt(int dimension, double tourTime)
{
  if (dimension < 2)
  {
    return {};
  }
  const auto& guided = this->Internals->Guided;
  if (this->TourMode == GUIDED && guided && guided->Frames.front().rows() == dimension)
  {
    // Along the path at Speed from TourOrigin; resting at its start before, at its end after.
    return ToValues(guided->At(this->Speed * (tourTime - this->TourOrigin)));
  }
  return ToValues(this->PrepareTour(dimension).At(tourTime));
}

//------------------------------------------------------------------------------
std::vector<double> vtkGrandTourView::ComputeBaseFrame(int dimension)
{
  if (dimension < 2)
  {
    return {};
  }
  return ToValues(this->PrepareTour(dimension).Base());
}

//------------------------------------------------------------------------------
neurotour::GrandTour& vtkGrandTourView::PrepareTour(int dimension)
{
  auto& internals = *this->Internals;
  if (!internals.Tour || internals.Tour->Dimension() != dimension ||
    internals.TourSeed != this->Seed || internals.TourSpeed != this->Speed)
  {
    internals.Tour = std::make_unique<neurotour::GrandTour>(
      dimension, static_cast<std::uint32_t>(this->Seed), this->Speed);
    internals.TourSeed = this->Seed;
    internals.TourSpeed = this->Speed;
    internals.BaseDirty = true;
  }
  if (internals.BaseDirty || internals.Tour->Origin() != this->TourOrigin)
  {
    neurotour::Frame base = neurotour::Frame::Zero(dimension, 2);
    const bool startAxesFit = this->StartAxes[1] < dimension;
    base(startAxesFit ? this->StartAxes[0] : 0, 0) = 1.0;
    base(startAxesFit ? this->StartAxes[1] : 1, 1) = 1.0;
    if (this->ProjectionMatrix.size() == static_cast<std::size_t>(2 * dimension))
    {
      for (int r = 0; r < dimension; ++r)
      {
        base(r, 0) = this->ProjectionMatrix[2 * r];
        base(r, 1) = this->ProjectionMatrix[2 * r + 1];
      }
    }
    else if (!this->ProjectionMatrix.empty())
    {
      vtkWarningMacro(<< "ProjectionMatrix has " << this->ProjectionMatrix.size()
                      << " values, but the data is " << dimension << "-D (needs "
                      << 2 * dimension << "): starting from the start axes");
    }
    try
    {
      internals.Tour->SetBase(base, this->TourOrigin);
    }
    catch (const neurotour::InvalidInput& error)
    {
      vtkErrorMacro(<< "ProjectionMatrix: " << error.what());
      internals.Tour->SetBase(neurotour::IdentityFrame(dimension), this->TourOrigin);
    }
    internals.BaseDirty = false;
  }
  return *internals.Tour;
}

//------------------------------------------------------------------------------
vtkGrandTourCanvas* vtkGrandTourView::GetCanvas()
{
  return this->Internals->Canvas;
}

//------------------------------------------------------------------------------
vtkDoubleArray* vtkGrandTourView::GetProjectionMatrixInfo()
{
  const std::vector<double> frame = this->ComputeFrame(this->LastDimension);
  vtkDoubleArray* info = this->Internals->FrameInfo;
  info->SetNumberOfTuples(static_cast<vtkIdType>(frame.size() / 2));
  std::copy(frame.begin(), frame.end(), info->GetPointer(0));
  return info;
}

//------------------------------------------------------------------------------
void vtkGrandTourView::UpdateArrayNames()
{
  vtkNew<vtkStringArray> coordinates;
  vtkNew<vtkStringArray> colors;
  for (int r = 0; r < this->GetNumberOfRepresentations(); ++r)
  {
    if (auto* representation = vtkGrandTourRepresentation::SafeDownCast(this->GetRepresentation(r)))
    {
      representation->GetArrayNames(coordinates, colors);
    }
  }
  // Without repeats, in the order first seen.
  const auto unique = [](vtkStringArray* from, vtkStringArray* to) {
    to->Initialize();
    std::set<std::string> seen;
    for (vtkIdType i = 0; i < from->GetNumberOfValues(); ++i)
    {
      if (seen.insert(from->GetValue(i)).second)
      {
        to->InsertNextValue(from->GetValue(i));
      }
    }
  };
  // The arrays the representation tours by default first, in its order of preference: the
  // GUI's drop-down shows (and on Apply sets) its first entry, which must be that default,
  // not the first column (Pixels comes before an Embedding added downstream).
  const auto preferring = [&](std::initializer_list<const char*> names, vtkStringArray* to) {
    vtkNew<vtkStringArray> preferred;
    for (const char* name : names)
    {
      for (vtkIdType i = 0; i < coordinates->GetNumberOfValues(); ++i)
      {
        if (coordinates->GetValue(i) == name)
        {
          preferred->InsertNextValue(name);
          break;
        }
      }
    }
    for (vtkIdType i = 0; i < coordinates->GetNumberOfValues(); ++i)
    {
      preferred->InsertNextValue(coordinates->GetValue(i));
    }
    unique(preferred, to);
  };
  preferring({ "Embedding", "Activations", "Pixels" }, this->Internals->CoordinatesArrayNames);
  // Neighbours are searched in the full space by default: Activations, else Pixels.
  preferring({ "Activations", "Pixels" }, this->Internals->NeighborsArrayNames);
  unique(colors, this->Internals->ColorArrayNames);
}

//------------------------------------------------------------------------------
vtkStringArray* vtkGrandTourView::GetCoordinatesArrayNamesInfo()
{
  this->UpdateArrayNames();
  return this->Internals->CoordinatesArrayNames;
}

//------------------------------------------------------------------------------
vtkStringArray* vtkGrandTourView::GetColorArrayNamesInfo()
{
  this->UpdateArrayNames();
  return this->Internals->ColorArrayNames;
}

//------------------------------------------------------------------------------
vtkStringArray* vtkGrandTourView::GetNeighborsArrayNamesInfo()
{
  this->UpdateArrayNames();
  return this->Internals->NeighborsArrayNames;
}

//------------------------------------------------------------------------------
const char* vtkGrandTourView::GetSelectedSampleIdsInfo()
{
  std::set<long long> ids;
  for (int r = 0; r < this->GetNumberOfRepresentations(); ++r)
  {
    auto* representation = vtkGrandTourRepresentation::SafeDownCast(this->GetRepresentation(r));
    if (representation && representation->GetVisibility())
    {
      for (long long id : representation->GetSelectedSampleIds())
      {
        ids.insert(id);
      }
    }
  }
  std::ostringstream text;
  for (long long id : ids)
  {
    text << (text.tellp() > 0 ? " " : "") << id;
  }
  this->Internals->SelectedSampleIds = text.str();
  return this->Internals->SelectedSampleIds.c_str();
}

//------------------------------------------------------------------------------
const char* vtkGrandTourView::GetNeighborSampleIdsInfo()
{
  std::ostringstream text;
  for (int r = 0; r < this->GetNumberOfRepresentations(); ++r)
  {
    auto* representation = vtkGrandTourRepresentation::SafeDownCast(this->GetRepresentation(r));
    if (representation && representation->GetVisibility())
    {
      for (long long id : representation->GetNeighborSampleIds())
      {
        text << (text.tellp() > 0 ? " " : "") << id;
      }
    }
  }
  this->Internals->NeighborSampleIds = text.str();
  return this->Internals->NeighborSampleIds.c_str();
}

//------------------------------------------------------------------------------
std::string vtkGrandTourView::GetCentroidHandleAt(int x, int y)
{
  // The handle's marker is 18 pixels across: a click on it or just beside it.
  constexpr double reach = 12.0;
  vtkRenderer* renderer = this->GetRenderer();
  for (const Handle& handle : this->Internals->Handles)
  {
    if (handle.Axis >= 0)
    {
      continue;
    }
    renderer->SetWorldPoint(handle.Position[0], handle.Position[1], 0.0, 1.0);
    renderer->WorldToDisplay();
    const double* display = renderer->GetDisplayPoint();
    if (std::hypot(display[0] - x, display[1] - y) <= reach)
    {
      return handle.Name;
    }
  }
  return {};
}

//------------------------------------------------------------------------------
double vtkGrandTourView::GetSizeScale(const int viewportSize[2])
{
  constexpr double referenceSide = 500.0;
  const double side = std::min(viewportSize[0], viewportSize[1]);
  return std::max(0.75, std::min(2.0, side / referenceSide));
}

//------------------------------------------------------------------------------
bool vtkGrandTourView::GetSampleAt(
  int x, int y, vtkGrandTourRepresentation::SampleSummary& sample)
{
  vtkRenderer* renderer = this->GetRenderer();
  const int* size = renderer->GetSize();
  if (size[1] <= 0)
  {
    return false;
  }
  renderer->SetDisplayPoint(x, y, 0.0);
  renderer->DisplayToWorld();
  const double* world = renderer->GetWorldPoint();
  if (world[3] == 0.0)
  {
    return false;
  }
  // Pixels to layout units with the (parallel) camera; a point's drawn radius, or a
  // thumbnail's half side, and 3 pixels more.
  const double perPixel = 2.0 * renderer->GetActiveCamera()->GetParallelScale() / size[1];
  const double pointRadius = 0.5 * this->PointSize * GetSizeScale(size) * perPixel;
  const double imageRadius = this->ShowImages ? 0.5 * this->ImageSize * this->Zoom : 0.0;
  const double reach = std::max(pointRadius, imageRadius) + 3.0 * perPixel;
  for (int r = 0; r < this->GetNumberOfRepresentations(); ++r)
  {
    auto* representation = vtkGrandTourRepresentation::SafeDownCast(this->GetRepresentation(r));
    if (representation &&
      representation->GetSampleNear(world[0] / world[3], world[1] / world[3], reach, sample))
    {
      return true;
    }
  }
  return false;
}

//------------------------------------------------------------------------------
bool vtkGrandTourView::GetLegendLabelAt(int x, int y, int& label)
{
  const int position[2] = { x, y };
  const int* size = this->GetRenderer()->GetSize();
  for (int r = 0; r < this->GetNumberOfRepresentations(); ++r)
  {
    auto* representation = vtkGrandTourRepresentation::SafeDownCast(this->GetRepresentation(r));
    if (representation && representation->GetLegendLabelAt(position, size, label))
    {
      return true;
    }
  }
  return false;
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetHandles(const std::vector<Handle>& handles)
{
  this->Internals->Handles = handles;
}

//------------------------------------------------------------------------------
void vtkGrandTourView::SetupInteractor(vtkRenderWindowInteractor* interactor)
{
  this->Superclass::SetupInteractor(interactor);
  this->Internals->Interactor = interactor;
}

//------------------------------------------------------------------------------
void vtkGrandTourView::AboutToRenderOnLocalProcess(bool interactive)
{
  this->Superclass::AboutToRenderOnLocalProcess(interactive);
  auto& internals = *this->Internals;
  if (!internals.Interactor || internals.Dragging)
  {
    return;
  }
  // One handle widget per drawn handle, placed on it; dragging one calls OnHandleInteraction.
  while (internals.Widgets.size() < internals.Handles.size())
  {
    vtkNew<vtkGrandTourHandleRepresentation> representation;
    auto widget = vtkSmartPointer<vtkHandleWidget>::New();
    widget->SetInteractor(internals.Interactor);
    widget->SetCurrentRenderer(this->GetRenderer());
    widget->SetRepresentation(representation);
    widget->SetPriority(1.0); // before the view's own pan/zoom style
    widget->AddObserver(vtkCommand::InteractionEvent, this, &vtkGrandTourView::OnHandleInteraction);
    widget->AddObserver(
      vtkCommand::StartInteractionEvent, this, &vtkGrandTourView::OnHandleInteraction);
    widget->AddObserver(vtkCommand::EndInteractionEvent, this, &vtkGrandTourView::OnHandleInteraction);
    internals.Widgets.push_back(widget);
  }
  for (std::size_t k = 0; k < internals.Widgets.size(); ++k)
  {
    vtkHandleWidget* widget = internals.Widgets[k];
    const bool used = k < internals.Handles.size();
    if (used)
    {
      double position[3] = { internals.Handles[k].Position[0], internals.Handles[k].Position[1],
        0.01 };
      widget->GetHandleRepresentation()->SetWorldPosition(position);
    }
    if (widget->GetEnabled() != (used ? 1 : 0))
    {
      widget->SetEnabled(used ? 1 : 0);
    }
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::OnHandleInteraction(vtkObject* caller, unsigned long event, void*)
{
  auto& internals = *this->Internals;
  if (event == vtkCommand::StartInteractionEvent)
  {
    internals.Dragging = true;
    internals.Edited = false;
    return;
  }
  if (event == vtkCommand::EndInteractionEvent)
  {
    internals.Dragging = false;
    if (internals.Edited)
    {
      this->InvokeEvent(ProjectionEditFinishedEvent);
    }
    return;
  }
  std::size_t index = 0;
  while (index < internals.Widgets.size() && internals.Widgets[index] != caller)
  {
    ++index;
  }
  const int n = this->LastDimension;
  if (index >= internals.Handles.size() || n < 2)
  {
    return;
  }
  const Handle& handle = internals.Handles[index];
  double world[3];
  internals.Widgets[index]->GetHandleRepresentation()->GetWorldPosition(world);
  const std::vector<double> values = this->ComputeFrame(n);
  neurotour::Frame frame(n, 2);
  for (int r = 0; r < n; ++r)
  {
    frame(r, 0) = values[2 * r];
    frame(r, 1) = values[2 * r + 1];
  }
  // Back from world to layout coordinates, where the frame's rows live.
  const Eigen::Vector2d drop(world[0] / this->Zoom, world[1] / this->Zoom);
  neurotour::Frame edited;
  if (handle.Axis >= 0 && handle.Axis < n)
  {
    edited = neurotour::DragAxis(frame, handle.Axis, drop - frame.row(handle.Axis).transpose());
  }
  else if (handle.Direction.size() == static_cast<std::size_t>(n))
  {
    const Eigen::VectorXd centroid =
      Eigen::Map<const Eigen::VectorXd>(handle.Direction.data(), n);
    edited = neurotour::DragCentroid(frame, centroid, drop);
  }
  else
  {
    return;
  }
  internals.Edited = true;
  this->EditedProjection.resize(2 * n);
  for (int r = 0; r < n; ++r)
  {
    this->EditedProjection[2 * r] = edited(r, 0);
    this->EditedProjection[2 * r + 1] = edited(r, 1);
  }
  if (this->HasObserver(ProjectionEditedEvent))
  {
    // The client writes it back through the proxy (state, trace and other processes).
    this->InvokeEvent(ProjectionEditedEvent);
  }
  else
  {
    this->ProjectionMatrix = this->EditedProjection;
    this->TourOrigin = this->TourTime;
    internals.BaseDirty = true;
    this->TourModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourView::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "CoordinatesArray: " << this->CoordinatesArray << "\n";
  os << indent << "ColorArray: " << this->ColorArray << "\n";
  os << indent << "LookupTable: " << this->LookupTable << "\n";
  os << indent << "Speed: " << this->Speed << "\n";
  os << indent << "TourTime: " << this->TourTime << "\n";
  os << indent << "TourOrigin: " << this->TourOrigin << "\n";
  os << indent << "Seed: " << this->Seed << "\n";
  os << indent << "Playing: " << this->Playing << "\n";
  os << indent << "Zoom: " << this->Zoom << "\n";
  os << indent << "PointSize: " << this->PointSize << "\n";
  os << indent << "ShowAxisHandles: " << this->ShowAxisHandles << "\n";
  os << indent << "MaximumAxisHandles: " << this->MaximumAxisHandles << "\n";
  os << indent << "ShowImages: " << this->ShowImages << "\n";
  os << indent << "ImageSize: " << this->ImageSize << "\n";
  os << indent << "ShowLegend: " << this->ShowLegend << "\n";
  os << indent << "HiddenLabels: " << this->HiddenLabels.size() << " value(s)\n";
  os << indent << "NumberOfNeighbors: " << this->NumberOfNeighbors << "\n";
  os << indent << "NeighborsArray: " << this->NeighborsArray << "\n";
  os << indent << "ShowTrails: " << this->ShowTrails << "\n";
  os << indent << "TourMode: " << (this->TourMode == GUIDED ? "guided" : "grand") << "\n";
  os << indent << "PursuitIndex: " << this->PursuitIndex << "\n";
  os << indent << "ProjectionMatrix: " << this->ProjectionMatrix.size() << " value(s)\n";
  os << indent << "CentroidHandles: " << this->CentroidHandles.size() << "\n";
}
