#include "vtkGrandTourRepresentation.h"

#include "vtkActor.h"
#include "vtkActor2D.h"
#include "vtkCellArray.h"
#include "vtkCompositeDataIterator.h"
#include "vtkCompositeDataSet.h"
#include "vtkDataObjectTree.h"
#include "vtkDataObjectTreeIterator.h"
#include "vtkPartitionedDataSet.h"
#include "vtkDataArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkLabeledDataMapper.h"
#include "vtkLegendBoxActor.h"
#include "vtkIntArray.h"
#include "vtkMath.h"
#include "vtkMultiProcessController.h"
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
#include "vtkTextActor.h"
#include "vtkTextProperty.h"
#include "vtkUnsignedCharArray.h"

#include "vtkGrandTourCanvas.h"
#include "vtkGrandTourColoring.h"
#include "vtkGrandTourPickActor.h"
#include "vtkGrandTourView.h"
#include "vtkSampleTable.h"

#include "GrandTour.h"
#include "GuidedTour.h"
#include "NearestNeighbors.h"
#include "ThumbnailAtlas.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <sstream>
#include <unordered_map>

namespace
{
// Largest side of the thumbnail atlas: 8192 holds 85,000 28×28 thumbnails (64 MB).
constexpr int MaximumAtlasSide = 8192;
// Above this many samples points are drawn as flat discs: in a crowd the shading reads as
// noise.
constexpr vtkIdType SphereLimit = 20000;
// Handle labels' font size (in a view of the reference size: vtkGrandTourView::GetSizeScale).
constexpr double HandleFontSize = 14.0;
// The picture's scale: this quantile of the samples' projected distances from their mean
// reaches the unit circle (times Zoom), so a few outliers do not shrink everything else.
constexpr double ExtentQuantile = 0.99;
// The scale follows the tour smoothly: extents at tour times this many radians of rotation
// apart are blended.
constexpr double ScaleStepRadians = 0.25;
// Point-data flag of the rows in ParaView's current selection.
constexpr const char* SelectedArrayName = "vtkGrandTourSelected";
// Point data under MPI: the rank that holds each row.
constexpr const char* RankArrayName = "vtkGrandTourRank";

// The rows this process offers to ParaView's selection, in the order of their pick ids. Every
// rendering process gets every row and draws the whole picture, but a selection names rows by
// (process, row on that process), and ParaView 5.11's selection loses picks: measured with two
// and three ranks, only the last rank's came back, the others' empty. So under MPI the
// last rank picks every row: its own first, as its rows, then those of ranks 0, 1, ... in
// order (the delivery appends the ranks' rows in rank order); the client maps them back
// (vtkGrandTourRepresentation::GetRowsPerRankInfo). The other ranks pick nothing. A client
// that renders an MPI server's rows itself picks in the same order, as process 0 (which, on
// the server, never picks).
std::vector<vtkIdType> PickableRows(vtkPolyData* data, vtkIntArray* rowsPerRank)
{
  const vtkIdType rows = data->GetNumberOfPoints();
  auto* ranks = vtkIntArray::SafeDownCast(data->GetPointData()->GetArray(RankArrayName));
  // The counts come from the rows' ranks, not from this process's controller: a client
  // connected to an MPI pvserver answers for the representation too.
  rowsPerRank->Initialize();
  const int* values = ranks ? ranks->GetPointer(0) : nullptr;
  const int last = values && rows > 0 ? *std::max_element(values, values + rows) : -1;
  std::vector<vtkIdType> pickable;
  if (last < 1)
  {
    pickable.resize(rows);
    std::iota(pickable.begin(), pickable.end(), 0);
    return pickable;
  }
  rowsPerRank->SetNumberOfValues(last + 1);
  rowsPerRank->FillValue(0);
  std::vector<vtkIdType> others; // the other ranks' rows, in rank order
  for (vtkIdType r = 0; r < rows; ++r)
  {
    rowsPerRank->SetValue(values[r], rowsPerRank->GetValue(values[r]) + 1);
    (values[r] == last ? pickable : others).push_back(r);
  }
  vtkMultiProcessController* controller = vtkMultiProcessController::GetGlobalController();
  if (controller && controller->GetNumberOfProcesses() > 1 &&
    controller->GetLocalProcessId() != last)
  {
    return {};
  }
  pickable.insert(pickable.end(), others.begin(), others.end());
  return pickable;
}

// The one row flagged as selected, or -1 when none or several are.
vtkIdType SingleSelectedRow(vtkPolyData* data)
{
  auto* selected =
    vtkUnsignedCharArray::SafeDownCast(data->GetPointData()->GetArray(SelectedArrayName));
  vtkIdType row = -1;
  for (vtkIdType r = 0; selected && r < selected->GetNumberOfTuples(); ++r)
  {
    if (selected->GetValue(r))
    {
      if (row >= 0)
      {
        return -1;
      }
      row = r;
    }
  }
  return row;
}

// A row's SampleId (from the point global ids), else the row id.
long long SampleIdOf(vtkDataArray* sampleIds, vtkIdType row)
{
  return sampleIds ? static_cast<long long>(sampleIds->GetTuple1(row)) : row;
}

std::vector<long long> SampleIdsOf(vtkPolyData* data)
{
  vtkDataArray* sampleIds = data->GetPointData()->GetGlobalIds();
  std::vector<long long> ids(data->GetNumberOfPoints());
  for (vtkIdType r = 0; r < data->GetNumberOfPoints(); ++r)
  {
    ids[r] = SampleIdOf(sampleIds, r);
  }
  return ids;
}

neurotour::Frame ToFrame(const std::vector<double>& values, int dimension)
{
  neurotour::Frame frame(dimension, 2);
  for (int r = 0; r < dimension; ++r)
  {
    frame(r, 0) = values[2 * r];
    frame(r, 1) = values[2 * r + 1];
  }
  return frame;
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

// The names and flat indices of the named tables of a composite (its layers), in order: table
// leaves named in their multiblock, or the first table of a named partitioned dataset (the
// blocks of a vtkPartitionedDataSetCollection).
std::vector<std::pair<std::string, unsigned int>> NamedTableLeaves(vtkDataObject* data)
{
  std::vector<std::pair<std::string, unsigned int>> leaves;
  auto* composite = vtkDataObjectTree::SafeDownCast(data);
  if (!composite)
  {
    return leaves;
  }
  vtkSmartPointer<vtkDataObjectTreeIterator> it;
  it.TakeReference(composite->NewTreeIterator());
  it->VisitOnlyLeavesOff();
  it->SkipEmptyNodesOn();
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    if (!it->HasCurrentMetaData() || !it->GetCurrentMetaData()->Has(vtkCompositeDataSet::NAME()))
    {
      continue;
    }
    const std::string name = it->GetCurrentMetaData()->Get(vtkCompositeDataSet::NAME());
    vtkDataObject* node = it->GetCurrentDataObject();
    if (vtkTable::SafeDownCast(node))
    {
      leaves.emplace_back(name, it->GetCurrentFlatIndex());
    }
    else if (auto* partitions = vtkPartitionedDataSet::SafeDownCast(node))
    {
      // Its partitions are the next flat indices, in order.
      for (unsigned int p = 0; p < partitions->GetNumberOfPartitions(); ++p)
      {
        if (vtkTable::SafeDownCast(partitions->GetPartitionAsDataObject(p)))
        {
          leaves.emplace_back(name, it->GetCurrentFlatIndex() + 1 + p);
          break;
        }
      }
    }
  }
  return leaves;
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
    // Thin and faint: 15 axis lines over the samples must not hide them (the canvas draws the
    // samples behind every actor). The dots at their ends, what a user grabs, stay opaque.
    this->AxesActor->GetProperty()->SetColor(0.85, 0.85, 0.85);
    this->AxesActor->GetProperty()->SetLineWidth(1.0);
    this->AxesActor->GetProperty()->SetOpacity(0.3);
    this->AxesActor->GetProperty()->SetLighting(false);
    this->AxesActor->PickableOff();
    // The translucent lines are drawn with the opaque props (blended all the same: VTK's opaque
    // pass keeps blending on): under MPI, ParaView's depth compositing drops the translucent
    // pass.
    this->AxesActor->ForceOpaqueOn();
    this->AxisEndsMapper->SetInputData(this->AxisEnds);
    this->AxisEndsMapper->ScalarVisibilityOff();
    this->AxisEndsActor->SetMapper(this->AxisEndsMapper);
    this->AxisEndsActor->GetProperty()->SetColor(0.85, 0.85, 0.85);
    this->AxisEndsActor->GetProperty()->SetPointSize(9);
    this->AxisEndsActor->GetProperty()->SetRenderPointsAsSpheres(true);
    this->AxisEndsActor->GetProperty()->SetLighting(false);
    this->AxisEndsActor->PickableOff();

    this->MarkersMapper->SetInputData(this->Markers);
    this->MarkersMapper->ScalarVisibilityOff();
    this->MarkersActor->SetMapper(this->MarkersMapper);
    this->MarkersActor->GetProperty()->SetColor(1.0, 0.55, 0.1);
    this->MarkersActor->GetProperty()->SetPointSize(18);
    this->MarkersActor->GetProperty()->SetRenderPointsAsSpheres(true);
    this->MarkersActor->GetProperty()->SetLighting(false); // lit imposters render near-white
    this->MarkersActor->PickableOff();

    this->LabelsMapper->SetInputData(this->Labels);
    this->LabelsMapper->SetLabelModeToLabelFieldData();
    this->LabelsMapper->SetFieldDataName("Name");
    vtkTextProperty* text = this->LabelsMapper->GetLabelTextProperty();
    text->SetColor(1.0, 1.0, 1.0);
    text->SetShadow(true);
    text->SetBold(true);
    text->SetJustificationToLeft();
    text->SetVerticalJustificationToBottom();
    this->LabelsActor->SetMapper(this->LabelsMapper);
    this->LabelsActor->PickableOff();

    // Lines from a selected sample to its nearest neighbours in the full space, in their
    // halos' colour, faint enough to see the samples under them.
    this->NeighborLinesMapper->SetInputData(this->NeighborLines);
    this->NeighborLinesMapper->ScalarVisibilityOff();
    this->NeighborLinesActor->SetMapper(this->NeighborLinesMapper);
    this->NeighborLinesActor->GetProperty()->SetColor(1.0, 0.78, 0.0);
    this->NeighborLinesActor->GetProperty()->SetOpacity(0.6);
    this->NeighborLinesActor->GetProperty()->SetLighting(false);
    this->NeighborLinesActor->PickableOff();
    this->NeighborLinesActor->ForceOpaqueOn(); // see AxesActor
    this->NeighborLabelMapper->SetInputData(this->NeighborLabel);
    this->NeighborLabelMapper->SetLabelModeToLabelFieldData();
    this->NeighborLabelMapper->SetFieldDataName("Name");
    text = this->NeighborLabelMapper->GetLabelTextProperty();
    text->SetColor(1.0, 0.85, 0.3);
    text->SetShadow(true);
    text->SetVerticalJustificationToTop();
    this->NeighborLabelActor->SetMapper(this->NeighborLabelMapper);
    this->NeighborLabelActor->PickableOff();

    // Trails in the samples' own colours, fading into the past (per-vertex alpha).
    this->TrailsMapper->SetInputData(this->Trails);
    this->TrailsMapper->SetColorModeToDirectScalars();
    this->TrailsMapper->SetScalarModeToUsePointData();
    this->TrailsActor->SetMapper(this->TrailsMapper);
    this->TrailsActor->GetProperty()->SetLineWidth(1.5);
    this->TrailsActor->GetProperty()->SetLighting(false);
    this->TrailsActor->PickableOff();
    this->TrailsActor->ForceOpaqueOn(); // see AxesActor

    // The guided tour's index, in the view's lower left corner.
    this->IndexText->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    this->IndexText->SetPosition(0.01, 0.01);
    this->IndexText->GetTextProperty()->SetColor(1.0, 1.0, 1.0);
    this->IndexText->GetTextProperty()->SetShadow(true);
    this->IndexText->PickableOff();
    this->IgnoreBoundsInFraming();
  }

  // Ours are the only props of the picture whose bounds would follow Zoom and the tour:
  // ParaView frames the representation's fixed geometry bounds alone (see REQUEST_UPDATE).
  void IgnoreBoundsInFraming()
  {
    for (vtkProp* prop : this->Props())
    {
      prop->UseBoundsOff();
    }
  }

  std::vector<vtkProp*> Props()
  {
    return { this->PointsActor, this->ImagesActor, this->AxesActor, this->AxisEndsActor,
      this->MarkersActor, this->LabelsActor, this->NeighborLinesActor, this->NeighborLabelActor,
      this->TrailsActor, this->IndexText, this->Coloring.GetLegend() };
  }

  void Hide()
  {
    this->Drawn = PictureInputs();
    for (vtkProp* prop : this->Props())
    {
      prop->SetVisibility(false);
    }
    this->Layer.Visible = false;
    ++this->Layer.Version;
  }

  // What the last picture was drawn from: modification times of its inputs.
  struct PictureInputs
  {
    vtkPolyData* Data = nullptr;
    vtkMTimeType DataTime = 0;
    vtkMTimeType ViewTime = 0;
    vtkMTimeType ColoringTime = 0;
    vtkMTimeType LookupTableTime = 0;
    vtkMTimeType RepresentationTime = 0;
    int ViewportSize[2] = { 0, 0 };
    bool operator==(const PictureInputs& o) const
    {
      return this->Data == o.Data && this->DataTime == o.DataTime &&
        this->ViewTime == o.ViewTime && this->ColoringTime == o.ColoringTime &&
        this->LookupTableTime == o.LookupTableTime &&
        this->RepresentationTime == o.RepresentationTime &&
        this->ViewportSize[0] == o.ViewportSize[0] && this->ViewportSize[1] == o.ViewportSize[1];
    }
  };

  // What changed since the last picture: each render rebuilds only these parts.
  struct PictureChanges
  {
    bool Data = false;        // another or a modified delivered piece: every cache
    bool Coordinates = false; // the toured array, hence the valid rows and the layout
    bool Coloring = false;    // colour array, lookup table, legend or hidden classes
    bool Anything = false;    // also the frame, Zoom, sizes, opacity: the projection
  };

  PictureChanges DetectChanges(vtkPolyData* data, vtkGrandTourView* view, vtkMTimeType own)
  {
    PictureInputs now;
    now.Data = data;
    now.DataTime = data->GetMTime();
    now.ViewTime = view->GetMTime();
    now.ColoringTime = view->GetColoringMTime();
    now.LookupTableTime = view->GetLookupTable() ? view->GetLookupTable()->GetMTime() : 0;
    now.RepresentationTime = own;
    const int* size = view->GetRenderer()->GetSize();
    now.ViewportSize[0] = size[0];
    now.ViewportSize[1] = size[1];
    PictureChanges changes;
    changes.Data = now.Data != this->Drawn.Data || now.DataTime != this->Drawn.DataTime;
    changes.Coloring = changes.Data || now.ColoringTime != this->Drawn.ColoringTime ||
      now.LookupTableTime != this->Drawn.LookupTableTime;
    changes.Anything = !(now == this->Drawn);
    this->Drawn = now;
    return changes;
  }

  vtkGrandTourCanvas::Layer Layer;
  vtkGrandTourColoring Coloring;
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
  vtkNew<vtkPolyData> AxisEnds;
  vtkNew<vtkPolyDataMapper> AxisEndsMapper;
  vtkNew<vtkActor> AxisEndsActor;
  vtkNew<vtkPolyData> Markers;
  vtkNew<vtkPolyDataMapper> MarkersMapper;
  vtkNew<vtkActor> MarkersActor;
  vtkNew<vtkPolyData> Labels;
  vtkNew<vtkLabeledDataMapper> LabelsMapper;
  vtkNew<vtkActor2D> LabelsActor;
  vtkNew<vtkPolyData> NeighborLines;
  vtkNew<vtkPolyDataMapper> NeighborLinesMapper;
  vtkNew<vtkActor> NeighborLinesActor;
  vtkNew<vtkPolyData> NeighborLabel;
  vtkNew<vtkLabeledDataMapper> NeighborLabelMapper;
  vtkNew<vtkActor2D> NeighborLabelActor;
  vtkNew<vtkPolyData> Trails;
  vtkNew<vtkPolyDataMapper> TrailsMapper;
  vtkNew<vtkActor> TrailsActor;
  std::vector<float> TrailsProjected;
  vtkNew<vtkTextActor> IndexText;

  // What the guided path was planned from: a new plan only when one of these changes.
  struct GuidedKey
  {
    vtkPolyData* Data = nullptr;
    vtkMTimeType DataTime = 0;
    std::string Array;
    int Index = -1;
    int Seed = 0;
    std::vector<double> Base;
    bool operator==(const GuidedKey& o) const
    {
      return this->Data == o.Data && this->DataTime == o.DataTime && this->Array == o.Array &&
        this->Index == o.Index && this->Seed == o.Seed && this->Base == o.Base;
    }
  };
  GuidedKey Planned;
  std::shared_ptr<const neurotour::GuidedPath> Path;

  // What the neighbours of a single selected sample were searched for: a new search only
  // when one of these changes, not at every frame of the tour.
  struct NeighborQuery
  {
    vtkPolyData* Data = nullptr;
    vtkMTimeType DataTime = 0;
    std::string Array;
    int K = 0;
    vtkIdType Row = -1;
    bool operator==(const NeighborQuery& o) const
    {
      return this->Data == o.Data && this->DataTime == o.DataTime && this->Array == o.Array &&
        this->K == o.K && this->Row == o.Row;
    }
  };
  NeighborQuery Queried;
  std::vector<std::int64_t> NeighborRows; // nearest first

  PictureInputs Drawn;
  // Caches built from the delivered data: the toured array and its layout.
  std::string CoordinatesName;
  vtkSmartPointer<vtkFloatArray> Coordinates;
  int Dimension = 0;
  Eigen::VectorXd Mean;
  // The axes a tour of these coordinates starts on, and the array they were chosen for.
  std::array<int, 2> StartAxes = { 0, 1 };
  std::string StartAxesArray;
  int StartAxesDimension = 0;
  bool StartAxesChanged = false;
  double Radius = 1.0; // the layout scale of this render (see UpdateScale)
  std::map<long long, double> Extents; // projected extents at tour times k · step
  vtkMTimeType ExtentsTourTime = 0;    // the view's GetTourMTime() they were computed at
  vtkIdType Skipped = 0;
  std::vector<vtkIdType> PickRows; // see PickableRows
  std::vector<char> Valid;
  std::vector<float> Projected;
  enum class AtlasState
  {
    Stale,
    Ready,
    Failed
  };
  AtlasState Atlased = AtlasState::Stale;
  std::string LastMessage;
  std::unordered_map<long long, vtkIdType> RowOfSampleId;
  // The SampleIds (else row ids) of Coordinates' rows, for matching layers in a transition.
  std::vector<long long> CoordinatesSampleIds;

  // A layer transition's leaving picture: positions as last drawn, and for each row of the
  // entering data the row of the same sample among them (-1: none).
  struct LeavingLayer
  {
    std::vector<float> Positions;
    std::vector<std::int64_t> From;
  };
  std::unique_ptr<LeavingLayer> Leaving;
  std::string ShownLayer; // the Layer of the data last drawn
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
  vtkDataObject* input = inputVector[0]->GetNumberOfInformationObjects() == 1
    ? vtkDataObject::GetData(inputVector[0], 0)
    : nullptr;
  unsigned int leaf = 0;
  const auto layers = NamedTableLeaves(input);
  this->LayerNames->Initialize();
  for (const auto& layer : layers)
  {
    this->LayerNames->InsertNextValue(layer.first);
    if (layer.first == this->Layer)
    {
      leaf = layer.second;
    }
  }
  vtkTable* table = nullptr;
  if (leaf == 0 && !this->Layer.empty() && !layers.empty())
  {
    std::string names;
    for (const auto& layer : layers)
    {
      names += (names.empty() ? "'" : ", '") + layer.first + "'";
    }
    vtkErrorMacro(<< "Grand Tour: no layer (block) named '" << this->Layer
                  << "' in the input; its layers are " << names);
  }
  else if (input)
  {
    // A plain table has no layers: Layer only chooses among the blocks of a composite.
    table = TableOf(input, leaf);
  }
  if (table)
  {
    // Points at the origin: the view places them on every frame.
    auto polyData = vtkSmartPointer<vtkPolyData>::New();
    vtkSampleTable::ToPoints(table, nullptr, polyData);
    // The selected rows come in the input's structure: the same leaf.
    this->MarkSelected(polyData, inputVector[1]->GetNumberOfInformationObjects() == 1
        ? TableOf(vtkDataObject::GetData(inputVector[1], 0), leaf)
        : nullptr);
    vtkMultiProcessController* controller = vtkMultiProcessController::GetGlobalController();
    if (controller && controller->GetNumberOfProcesses() > 1)
    {
      vtkNew<vtkIntArray> ranks;
      ranks->SetName(RankArrayName);
      ranks->SetNumberOfTuples(polyData->GetNumberOfPoints());
      ranks->FillValue(controller->GetLocalProcessId());
      polyData->GetPointData()->AddArray(ranks);
    }
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
    const long long id = SampleIdOf(ids, r);
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
    // Layout coordinates: the samples lie (99% of them) in the unit disc. Reset Camera frames
    // the bounding sphere of these bounds, whose radius (0.78·√2 = 1.1) puts the unit circle at
    // 91% of the view's smaller half-side; the z range holds the layers (hidden samples at
    // -0.05, axes and handles up to 0.03), kept thin as it would shrink the picture. Our
    // actors do not add their own bounds (UseBounds off), so the framing ignores Zoom, the
    // tour and the handles: Zoom 2 shows the layout twice as large.
    const double bounds[6] = { -0.78, 0.78, -0.78, 0.78, -0.06, 0.04 };
    vtkPVRenderView::SetGeometryBounds(inInfo, this, bounds);
    // Every rendering process gets every row and paints the whole picture: under MPI,
    // ParaView composites the ranks' pictures by depth, and the canvas's opaque quad (its
    // background included) lies at one depth on every rank, so each rank's picture must be
    // the whole one.
    vtkPVRenderView::SetDeliverToAllProcesses(inInfo, this, true);
  }
  else if (request == vtkPVView::REQUEST_RENDER())
  {
    auto* delivered = vtkPolyData::SafeDownCast(vtkPVView::GetDeliveredPiece(inInfo, this));
    vtkPointData* pointData = delivered ? delivered->GetPointData() : nullptr;
    if (pointData && !pointData->GetGlobalIds())
    {
      // Appending the ranks' rows for the delivery under MPI drops the global-ids role of
      // SampleId, by which handles, neighbours and trails find their samples.
      pointData->SetGlobalIds(pointData->GetArray(vtkSampleTable::SampleIdName));
    }
    this->UpdatePicture(delivered, vtkGrandTourView::SafeDownCast(this->GetView()));
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
void vtkGrandTourRepresentation::SetLayer(const char* name)
{
  const std::string value = name ? name : "";
  if (value != this->Layer)
  {
    this->Layer = value;
    this->MarkModified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::SetLayerTransition(double progress)
{
  progress = std::clamp(progress, 0.0, 1.0);
  if (progress != this->LayerTransition)
  {
    this->LayerTransition = progress;
    this->Modified(); // the picture only: the data stays as it is
  }
}

//------------------------------------------------------------------------------
vtkStringArray* vtkGrandTourRepresentation::GetLayerNamesInfo()
{
  return this->LayerNames;
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::GetArrayNames(vtkStringArray* coordinates, vtkStringArray* colors)
{
  if (!this->Cache)
  {
    return;
  }
  vtkPointData* pointData = this->Cache->GetPointData();
  for (int a = 0; a < pointData->GetNumberOfArrays(); ++a)
  {
    vtkDataArray* array = pointData->GetArray(a);
    if (!array || !array->GetName() || std::strcmp(array->GetName(), SelectedArrayName) == 0)
    {
      continue;
    }
    (array->GetNumberOfComponents() >= 2 ? coordinates : colors)
      ->InsertNextValue(array->GetName());
  }
  if (pointData->GetGlobalIds())
  {
    colors->InsertNextValue(vtkSampleTable::SampleIdName);
  }
}

//------------------------------------------------------------------------------
vtkPolyData* vtkGrandTourRepresentation::GetSampleData()
{
  // The data side's table where this process has one (builtin, a pvserver); a client of a
  // pvserver has only the piece delivered for drawing, which holds the same columns.
  if (this->Cache && this->Cache->GetNumberOfPoints() > 0)
  {
    return this->Cache;
  }
  return this->Internals->Drawn.Data;
}

//------------------------------------------------------------------------------
std::vector<long long> vtkGrandTourRepresentation::GetSelectedSampleIds()
{
  std::vector<long long> ids;
  vtkPolyData* data = this->GetSampleData();
  auto* selected = data
    ? vtkUnsignedCharArray::SafeDownCast(data->GetPointData()->GetArray(SelectedArrayName))
    : nullptr;
  if (!selected)
  {
    return ids;
  }
  vtkDataArray* sampleIds = data->GetPointData()->GetGlobalIds();
  for (vtkIdType r = 0; r < selected->GetNumberOfTuples(); ++r)
  {
    if (selected->GetValue(r))
    {
      ids.push_back(SampleIdOf(sampleIds, r));
    }
  }
  return ids;
}

//------------------------------------------------------------------------------
bool vtkGrandTourRepresentation::GetLegendLabelAt(
  const int position[2], const int viewportSize[2], int& label)
{
  return this->GetVisibility() &&
    this->Internals->Coloring.LegendEntryAt(position, viewportSize, label);
}

//------------------------------------------------------------------------------
bool vtkGrandTourRepresentation::GetSampleNear(
  double x, double y, double reach, SampleSummary& sample)
{
  auto& internals = *this->Internals;
  vtkPolyData* data = internals.Drawn.Data;
  if (!data || !this->GetVisibility() || !internals.Layer.Visible)
  {
    return false;
  }
  const vtkIdType rows = static_cast<vtkIdType>(internals.Projected.size() / 2);
  vtkIdType nearest = -1;
  double best = reach * reach;
  for (vtkIdType r = 0; r < rows; ++r)
  {
    if (!internals.Valid[r] || internals.Coloring.IsHidden(r))
    {
      continue;
    }
    const double dx = internals.Projected[2 * r] - x;
    const double dy = internals.Projected[2 * r + 1] - y;
    if (dx * dx + dy * dy <= best)
    {
      best = dx * dx + dy * dy;
      nearest = r;
    }
  }
  if (nearest < 0)
  {
    return false;
  }
  vtkPointData* pointData = data->GetPointData();
  const std::vector<std::string> names = vtkSampleTable::GetLabelNames(data->GetFieldData());
  const auto className = [&names](vtkDataArray* column, vtkIdType row) {
    const long long value = static_cast<long long>(column->GetTuple1(row));
    return value >= 0 && value < static_cast<long long>(names.size()) ? names[value]
                                                                      : std::to_string(value);
  };
  sample = SampleSummary();
  vtkDataArray* ids = pointData->GetGlobalIds();
  sample.SampleId = SampleIdOf(ids, nearest);
  if (vtkDataArray* labels = pointData->GetArray(vtkSampleTable::LabelName))
  {
    sample.Label = className(labels, nearest);
  }
  if (vtkDataArray* predictions = pointData->GetArray("Prediction"))
  {
    sample.Prediction = className(predictions, nearest);
  }
  // The thumbnail from the atlas (built once, also when only dots are drawn).
  if (pointData->GetArray("Pixels") && this->UpdateAtlas(data) &&
    nearest < static_cast<vtkIdType>(internals.Layer.TileOrigins.size() / 2))
  {
    const auto& layer = internals.Layer;
    sample.Width = layer.TileWidth;
    sample.Height = layer.TileHeight;
    sample.Channels = layer.Channels;
    const int x0 = layer.TileOrigins[2 * nearest];
    const int y0 = layer.TileOrigins[2 * nearest + 1];
    for (int row = 0; row < layer.TileHeight; ++row)
    {
      const unsigned char* line =
        &internals.Atlas[(static_cast<std::size_t>(y0 + row) * layer.AtlasWidth + x0) *
          layer.Channels];
      sample.Image.insert(sample.Image.end(), line, line + layer.TileWidth * layer.Channels);
    }
  }
  return true;
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
  os << indent << "Layer: " << this->Layer << "\n";
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
  // No rows (an aborted filter, an empty selection) is nothing to draw, not an error.
  if (!view || !data || !this->GetVisibility() || data->GetNumberOfPoints() == 0)
  {
    internals.Hide();
    return;
  }
  auto changes = internals.DetectChanges(data, view, this->GetMTime());
  if (changes.Data)
  {
    this->UpdateLeavingLayer(data);
    internals.CoordinatesName.clear();
    internals.Atlased = vtkInternals::AtlasState::Stale;
    internals.RowOfSampleId.clear();
    internals.PickRows = PickableRows(data, this->RowsPerRank);
  }
  if (!this->UpdateCoordinates(data, view, changes.Coordinates))
  {
    internals.Hide();
    return;
  }
  // Renders that change nothing here (camera moves, other representations) skip the work.
  if (!changes.Anything && !changes.Coordinates)
  {
    return;
  }
  if (internals.StartAxesChanged)
  {
    // The latest coordinates shown choose where an unset projection starts.
    view->SetStartAxes(internals.StartAxes);
    internals.StartAxesChanged = false;
  }
  this->UpdateGuidedPath(data, view);
  const std::vector<double> values = view->ComputeFrame(internals.Dimension);
  const int n = internals.Dimension;
  const neurotour::Frame frame = ToFrame(values, n);
  this->UpdateScale(view);
  const vtkIdType rows = data->GetNumberOfPoints();
  internals.Projected.resize(2 * rows);
  // One thread: ~1 ms for 70,000 15-D rows, and OpenMP workers spinning after each frame
  // would take the cores the software rasteriser's threads draw with.
  neurotour::ProjectRows(internals.Coordinates->GetPointer(0), rows, frame, internals.Mean,
    internals.Radius / view->GetZoom(), internals.Projected.data(), 1);
  if (internals.Leaving && this->LayerTransition < 1.0)
  {
    const auto& leaving = *internals.Leaving;
    neurotour::BlendTransition(leaving.Positions.data(),
      static_cast<std::int64_t>(leaving.Positions.size() / 2), leaving.From,
      this->LayerTransition, internals.Projected.data());
  }

  if (changes.Coloring || changes.Coordinates)
  {
    const std::string warning = internals.Coloring.Update(data, internals.Valid, view, internals.Layer);
    if (!warning.empty())
    {
      this->Report(warning, false);
    }
  }

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
      low[k] = std::min(low[k], value);
      high[k] = std::max(high[k], value);
    }
  }
  const auto& pickRows = internals.PickRows;
  for (std::size_t id = 0; id < pickRows.size(); ++id)
  {
    const vtkIdType r = pickRows[id];
    const bool valid = internals.Valid[r] != 0;
    xyz[3 * id] = valid ? internals.Projected[2 * r] : 0.0f;
    xyz[3 * id + 1] = valid ? internals.Projected[2 * r + 1] : 0.0f;
    xyz[3 * id + 2] = internals.Coloring.IsHidden(r) ? -0.05f : 0.0f;
  }
  const double margin = view->GetImageSize() * view->GetZoom();
  const double bounds[6] = { low[0] - margin, high[0] + margin, low[1] - margin,
    high[1] + margin, -0.06, 0.01 };
  internals.PointsActor->SetBounds(bounds);
  internals.ImagesActor->SetBounds(bounds);
  internals.Points->GetPoints()->Modified();
  // Points, handle labels and the legend grow and shrink with the view's smaller side.
  const int* viewport = internals.Drawn.ViewportSize;
  const double sizeScale = vtkGrandTourView::GetSizeScale(viewport);
  const double pointSize = view->GetPointSize() * sizeScale;
  internals.PointsActor->GetProperty()->SetPointSize(pointSize);
  internals.LabelsMapper->GetLabelTextProperty()->SetFontSize(
    static_cast<int>(std::lround(HandleFontSize * sizeScale)));
  internals.Coloring.LayoutLegend(viewport);

  if (changes.Coordinates)
  {
    internals.Atlased = vtkInternals::AtlasState::Stale; // its pick quads are the valid rows
  }
  const bool images = view->GetShowImages() && this->UpdateAtlas(data);
  internals.PointsActor->SetVisibility(!images);
  internals.ImagesActor->SetVisibility(images);
  auto& layer = internals.Layer;
  layer.Visible = true;
  layer.NumberOfRows = rows;
  layer.Positions = internals.Projected.data();
  layer.PointSize = pointSize;
  layer.Shaded = rows <= SphereLimit;
  layer.Opacity = this->Opacity;
  layer.Atlas = images ? internals.Atlas.data() : nullptr;
  if (images)
  {
    this->UpdateImages(view);
  }
  this->UpdateNeighbors(data, view);
  this->UpdateTrails(data, view, values);
  this->UpdateIndexText(view);
  ++layer.Version;
  this->UpdateHandles(data, view, values);
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdateLeavingLayer(vtkPolyData* data)
{
  auto& internals = *this->Internals;
  const bool layerChanged = this->Layer != internals.ShownLayer;
  internals.ShownLayer = this->Layer;
  const std::vector<long long>& leavingIds = internals.CoordinatesSampleIds;
  if (!layerChanged || !internals.Coordinates ||
    internals.Projected.size() != 2 * leavingIds.size())
  {
    internals.Leaving.reset();
    return;
  }
  auto leaving = std::make_unique<vtkInternals::LeavingLayer>();
  leaving->Positions = internals.Projected;
  for (std::size_t r = 0; r < internals.Valid.size(); ++r)
  {
    if (!internals.Valid[r])
    {
      leaving->Positions[2 * r] = leaving->Positions[2 * r + 1] = std::nanf("");
    }
  }
  leaving->From = neurotour::MatchRows(leavingIds, SampleIdsOf(data));
  internals.Leaving = std::move(leaving);
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdateScale(vtkGrandTourView* view)
{
  auto& internals = *this->Internals;
  const int n = internals.Dimension;
  if (internals.ExtentsTourTime != view->GetTourMTime() || internals.Extents.size() > 64)
  {
    internals.Extents.clear();
    internals.ExtentsTourTime = view->GetTourMTime();
  }
  const double speed = view->GetSpeed();
  // Tour time between the extents blended: a fixed angle of the rotation.
  const double step = speed > 0 ? ScaleStepRadians / speed : 0.0;
  const auto extentAt = [&](long long index) {
    auto found = internals.Extents.find(index);
    if (found == internals.Extents.end())
    {
      const double time = step > 0 ? index * step : view->GetTourTime();
      const double extent = neurotour::ProjectedExtent(internals.Coordinates->GetPointer(0),
        internals.Coordinates->GetNumberOfTuples(), ToFrame(view->ComputeFrameAt(n, time), n),
        internals.Mean, ExtentQuantile);
      found = internals.Extents.emplace(index, extent).first;
    }
    return found->second;
  };
  double extent = 0.0;
  if (step > 0)
  {
    const double position = view->GetTourTime() / step;
    const double cell = std::floor(position);
    const double f = position - cell;
    const double blend = f * f * (3.0 - 2.0 * f); // smoothstep: no kink at the grid times
    const auto k = static_cast<long long>(cell);
    extent = (1.0 - blend) * extentAt(k) + blend * extentAt(k + 1);
  }
  else
  {
    extent = extentAt(0); // a still tour: one frame (the cache is reset when it changes)
  }
  internals.Radius = extent > 0 ? extent : 1.0;
}

//------------------------------------------------------------------------------
bool vtkGrandTourRepresentation::UpdateCoordinates(
  vtkPolyData* data, vtkGrandTourView* view, bool& rebuilt)
{
  rebuilt = false;
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
  rebuilt = true;
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
  neurotour::CenteredExtent(coordinates->GetPointer(0), rows, n, mean, skipped);
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
  internals.CoordinatesSampleIds = SampleIdsOf(data);
  internals.CoordinatesName = name;
  internals.Dimension = n;
  internals.Mean = mean;
  if (name != internals.StartAxesArray || n != internals.StartAxesDimension)
  {
    // Chosen once per array, not per time step: the projection stays fixed across epochs.
    internals.StartAxes = neurotour::StartAxes(coordinates->GetPointer(0), rows, n, mean);
    internals.StartAxesArray = name;
    internals.StartAxesDimension = n;
    internals.StartAxesChanged = true;
  }
  internals.Extents.clear();
  internals.Skipped = skipped;

  // The pickable vertices (see PickableRows): valid rows only.
  const auto& pickRows = internals.PickRows;
  const auto pickable = static_cast<vtkIdType>(pickRows.size());
  vtkNew<vtkPoints> points;
  points->SetDataTypeToFloat();
  points->SetNumberOfPoints(pickable);
  internals.Points->Initialize();
  internals.Points->SetPoints(points);
  // Drawn in row order, as in one process (a later row covers an earlier one): the last rank
  // lists the other ranks' rows after its own.
  std::vector<vtkIdType> order(pickable);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
    [&pickRows](vtkIdType a, vtkIdType b) { return pickRows[a] < pickRows[b]; });
  vtkNew<vtkCellArray> vertices;
  vertices->AllocateEstimate(pickable, 1);
  for (vtkIdType id : order)
  {
    if (internals.Valid[pickRows[id]])
    {
      vertices->InsertNextCell(1, &id);
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
bool vtkGrandTourRepresentation::UpdateAtlas(vtkPolyData* data)
{
  auto& internals = *this->Internals;
  if (internals.Atlased != vtkInternals::AtlasState::Stale)
  {
    return internals.Atlased == vtkInternals::AtlasState::Ready;
  }
  internals.Atlased = vtkInternals::AtlasState::Failed; // until built below
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
  const vtkIdType rows = data->GetNumberOfPoints();
  neurotour::AtlasLayout atlas;
  try
  {
    atlas = neurotour::LayoutAtlas(rows, shape[2], shape[1], MaximumAtlasSide);
  }
  catch (const neurotour::InvalidInput& error)
  {
    this->Report(std::string("Grand Tour: ShowImages: ") + error.what(), true);
    return false;
  }
  const vtkIdType tiles = atlas.Tiles;
  if (tiles < rows)
  {
    this->Report("Grand Tour: showing the first " + std::to_string(tiles) + " of " +
        std::to_string(rows) + " thumbnails (one " + std::to_string(MaximumAtlasSide) +
        " pixel texture atlas)",
      false);
  }

  // 8-bit images go in as they are; anything else is scaled from its range to 0..255.
  double low = 0.0;
  double high = 255.0;
  if (pixels->GetDataType() != VTK_UNSIGNED_CHAR)
  {
    low = VTK_DOUBLE_MAX;
    high = VTK_DOUBLE_MIN;
    for (int c = 0; c < values; ++c)
    {
      double componentRange[2];
      pixels->GetRange(componentRange, c);
      low = std::min(low, componentRange[0]);
      high = std::max(high, componentRange[1]);
    }
    high = high > low ? high : low + 1.0;
  }

  internals.Atlas.assign(static_cast<std::size_t>(atlas.Width) * atlas.Height * channels, 0);
  auto& layer = internals.Layer;
  layer.AtlasWidth = atlas.Width;
  layer.Channels = channels;
  layer.TileWidth = atlas.TileWidth;
  layer.TileHeight = atlas.TileHeight;
  layer.TileOrigins.assign(2 * tiles, 0);
  std::vector<double> sample(values);
  for (vtkIdType t = 0; t < tiles; ++t)
  {
    layer.TileOrigins[2 * t] = atlas.TileX(t);
    layer.TileOrigins[2 * t + 1] = atlas.TileY(t);
    pixels->GetTuple(t, sample.data());
    neurotour::WriteTile(atlas, t, sample.data(), channels, low, high, internals.Atlas.data());
  }

  // Pickable quads, one per drawn sample this process picks (see PickableRows); their
  // corners move every frame.
  const auto& pickRows = internals.PickRows;
  const auto pickable = static_cast<vtkIdType>(pickRows.size());
  vtkNew<vtkPoints> corners;
  corners->SetDataTypeToFloat();
  corners->SetNumberOfPoints(4 * pickable);
  vtkNew<vtkCellArray> quads;
  for (vtkIdType p = 0; p < pickable; ++p)
  {
    if (pickRows[p] < tiles && internals.Valid[pickRows[p]])
    {
      const vtkIdType ids[4] = { 4 * p, 4 * p + 1, 4 * p + 2, 4 * p + 3 };
      quads->InsertNextCell(4, ids);
    }
  }
  internals.Images->Initialize();
  internals.Images->SetPoints(corners);
  internals.Images->SetPolys(quads);
  internals.Atlased = vtkInternals::AtlasState::Ready;
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
  const auto& pickRows = internals.PickRows;
  const vtkIdType tiles = std::min(
    static_cast<vtkIdType>(pickRows.size()), corners->GetNumberOfPoints() / 4);
  const vtkIdType rows = static_cast<vtkIdType>(internals.Valid.size());
  const float offsets[4][2] = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };
  for (vtkIdType t = 0; t < tiles; ++t)
  {
    const vtkIdType r = pickRows[t];
    const float x = internals.Valid[r] ? internals.Projected[2 * r] : 0.0f;
    const float y = internals.Valid[r] ? internals.Projected[2 * r + 1] : 0.0f;
    // Later samples a hair above earlier ones, as the canvas draws them.
    const float z = 1e-6f * static_cast<float>(r) / static_cast<float>(rows);
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
      // A softmax or logit layer has one axis per class; an embedding's axes (PCA, UMAP) are
      // not classes, however many there are.
      if (static_cast<int>(names.size()) == n && internals.CoordinatesName != "Embedding")
      {
        handle.Name = names[i];
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
    for (const auto& centroid : centroids)
    {
      std::vector<std::int64_t> members;
      members.reserve(centroid.SampleIds.size());
      for (long long id : centroid.SampleIds)
      {
        auto found = internals.RowOfSampleId.find(id);
        if (found != internals.RowOfSampleId.end())
        {
          members.push_back(found->second);
        }
      }
      const Eigen::VectorXd direction = neurotour::CentroidDirection(
        internals.Coordinates->GetPointer(0), internals.Coordinates->GetNumberOfTuples(), n,
        members, internals.Mean, internals.Radius);
      if (direction.size() == 0)
      {
        continue; // none of its samples is in this data
      }
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
  const vtkIdType origin = axisPoints->InsertNextPoint(0, 0, 0.02);
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
      const vtkIdType end =
        axisPoints->InsertNextPoint(handle.Position[0], handle.Position[1], 0.02);
      const vtkIdType line[2] = { origin, end };
      axisLines->InsertNextCell(2, line);
      axisEnds->InsertNextCell(1, &end);
    }
    else
    {
      const vtkIdType id =
        markerPoints->InsertNextPoint(handle.Position[0], handle.Position[1], 0.03);
      markerCells->InsertNextCell(1, &id);
    }
    // Short axes (the data barely moves along them) stay unlabelled, so the centre is legible.
    if (k >= axisCount || std::hypot(handle.Position[0], handle.Position[1]) > 0.15 * zoom)
    {
      labelPoints->InsertNextPoint(handle.Position[0] + 0.02, handle.Position[1] + 0.02, 0.03);
      labelNames->InsertNextValue(handle.Name);
    }
  }
  internals.Axes->Initialize();
  internals.Axes->SetPoints(axisPoints);
  internals.Axes->SetLines(axisLines);
  internals.AxisEnds->Initialize();
  internals.AxisEnds->SetPoints(axisPoints);
  internals.AxisEnds->SetVerts(axisEnds);
  internals.Markers->Initialize();
  internals.Markers->SetPoints(markerPoints);
  internals.Markers->SetVerts(markerCells);
  internals.Labels->Initialize();
  internals.Labels->SetPoints(labelPoints);
  internals.Labels->GetPointData()->AddArray(labelNames);
  internals.AxesActor->SetVisibility(axisCount > 0);
  internals.AxisEndsActor->SetVisibility(axisCount > 0);
  internals.MarkersActor->SetVisibility(handles.size() > axisCount);
  internals.LabelsActor->SetVisibility(!handles.empty());
  view->SetHandles(handles);
}

//------------------------------------------------------------------------------
std::string vtkGrandTourRepresentation::ResolveNeighborsArray(
  vtkPolyData* data, vtkGrandTourView* view) const
{
  const std::string chosen = view->GetNeighborsArray() ? view->GetNeighborsArray() : "";
  if (!chosen.empty())
  {
    return chosen;
  }
  for (const char* candidate : { "Activations", "Pixels" })
  {
    if (data->GetPointData()->GetArray(candidate))
    {
      return candidate;
    }
  }
  const char* toured = view->GetCoordinatesArray();
  return toured && *toured ? toured : "Embedding";
}

//------------------------------------------------------------------------------
std::vector<long long> vtkGrandTourRepresentation::GetNeighborSampleIds()
{
  std::vector<long long> ids;
  auto& internals = *this->Internals;
  vtkPolyData* data = this->GetSampleData();
  auto* view = vtkGrandTourView::SafeDownCast(this->GetView());
  if (!data || !view || !this->GetVisibility())
  {
    return ids;
  }
  this->SearchNeighbors(data, view, SingleSelectedRow(data));
  vtkDataArray* sampleIds = data->GetPointData()->GetGlobalIds();
  for (std::int64_t row : internals.NeighborRows)
  {
    ids.push_back(SampleIdOf(sampleIds, row));
  }
  return ids;
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdateNeighbors(vtkPolyData* data, vtkGrandTourView* view)
{
  auto& internals = *this->Internals;
  auto& layer = internals.Layer;
  this->SearchNeighbors(data, view, layer.Selected.size() == 1 ? layer.Selected[0] : -1);
  const auto& query = internals.Queried;
  layer.Neighbors.clear();
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> lines;
  vtkNew<vtkPoints> labelPoint;
  vtkNew<vtkStringArray> labelText;
  labelText->SetName("Name");
  if (!internals.NeighborRows.empty())
  {
    const vtkIdType row = query.Row;
    const float* xy = internals.Projected.data();
    const vtkIdType from = points->InsertNextPoint(xy[2 * row], xy[2 * row + 1], 0.015);
    for (std::int64_t neighbor : internals.NeighborRows)
    {
      if (!internals.Valid[neighbor])
      {
        continue;
      }
      layer.Neighbors.push_back(neighbor);
      const vtkIdType line[2] = { from,
        points->InsertNextPoint(xy[2 * neighbor], xy[2 * neighbor + 1], 0.015) };
      lines->InsertNextCell(2, line);
    }
    // How much of the full space's neighbourhood this projection keeps, for this frame.
    const int kept = neurotour::NeighborsKeptInProjection(
      xy, static_cast<std::int64_t>(internals.Projected.size() / 2), row, internals.NeighborRows);
    std::ostringstream text;
    text << internals.NeighborRows.size() << " nearest in " << query.Array << "\n" << kept
         << " of them nearest here";
    // Beside the sample, on the side towards the centre, so it stays in the view.
    const bool right = xy[2 * row] <= 0.0f;
    internals.NeighborLabelMapper->GetLabelTextProperty()->SetJustification(
      right ? VTK_TEXT_LEFT : VTK_TEXT_RIGHT);
    labelPoint->InsertNextPoint(
      xy[2 * row] + (right ? 0.03 : -0.03), xy[2 * row + 1] - 0.03, 0.03);
    labelText->InsertNextValue(text.str());
  }
  internals.NeighborLines->Initialize();
  internals.NeighborLines->SetPoints(points);
  internals.NeighborLines->SetLines(lines);
  internals.NeighborLabel->Initialize();
  internals.NeighborLabel->SetPoints(labelPoint);
  internals.NeighborLabel->GetPointData()->AddArray(labelText);
  internals.NeighborLinesActor->SetVisibility(!internals.NeighborRows.empty());
  internals.NeighborLabelActor->SetVisibility(!internals.NeighborRows.empty());
  internals.NeighborLabelMapper->GetLabelTextProperty()->SetFontSize(static_cast<int>(std::lround(
    0.85 * HandleFontSize * vtkGrandTourView::GetSizeScale(internals.Drawn.ViewportSize))));
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::SearchNeighbors(
  vtkPolyData* data, vtkGrandTourView* view, vtkIdType row)
{
  auto& internals = *this->Internals;
  const int k = view->GetNumberOfNeighbors();
  vtkInternals::NeighborQuery query;
  if (k > 0 && row >= 0)
  {
    query = { data, data->GetMTime(), this->ResolveNeighborsArray(data, view), k, row };
  }
  if (!(query == internals.Queried))
  {
    internals.Queried = query;
    internals.NeighborRows.clear();
    if (query.Data)
    {
      this->FindNeighbors(data, query.Array, row, k);
    }
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::FindNeighbors(
  vtkPolyData* data, const std::string& name, vtkIdType row, int k)
{
  auto& internals = *this->Internals;
  vtkNew<vtkTable> columns;
  columns->SetRowData(data->GetPointData());
  std::string error;
  auto features = vtkSampleTable::GetFeatures(columns, name.c_str(), error);
  if (!features)
  {
    this->Report("Grand Tour: NeighborsArray: " + error, true);
    return;
  }
  const vtkIdType rows = features->GetNumberOfTuples();
  const int d = features->GetNumberOfComponents();
  if (rows != data->GetNumberOfPoints() || row >= rows)
  {
    this->Report("Grand Tour: NeighborsArray '" + name + "' has " + std::to_string(rows) +
        " rows for " + std::to_string(data->GetNumberOfPoints()) + " samples",
      true);
    return;
  }
  // Exact, on this thread: one query, a single pass over the rows (~0.1 s for 70,000 rows of
  // 1,000 values), and only when the selection or the array changes.
  const neurotour::ConstMatrixMap all(features->GetPointer(0), rows, d);
  const neurotour::ConstMatrixMap query(features->GetPointer(0) + row * d, 1, d);
  const int wanted = static_cast<int>(std::min<vtkIdType>(k + 1, rows));
  neurotour::NeighborGraph graph;
  try
  {
    graph = neurotour::QueryNeighbors(all, query, wanted, neurotour::Metric::Euclidean, 1, 0,
      {}, neurotour::SearchMethod::Exact);
  }
  catch (const std::exception& failure)
  {
    this->Report(std::string("Grand Tour: neighbours in '") + name + "': " + failure.what(), true);
    return;
  }
  // The sample itself (distance 0) is not its own neighbour; a duplicate of it may be.
  for (int j = 0; j < graph.K && static_cast<int>(internals.NeighborRows.size()) < k; ++j)
  {
    if (graph.Indices[j] != row)
    {
      internals.NeighborRows.push_back(graph.Indices[j]);
    }
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdateTrails(
  vtkPolyData* data, vtkGrandTourView* view, const std::vector<double>& frame)
{
  auto& internals = *this->Internals;
  const int n = internals.Dimension;
  const vtkIdType rows = data->GetNumberOfPoints();
  auto* trail = vtkFloatArray::SafeDownCast(data->GetPointData()->GetArray("Trail"));
  auto* trailOf =
    vtkStringArray::SafeDownCast(data->GetFieldData()->GetAbstractArray("TrailArray"));
  // Only a trail of the toured array shares its projection.
  const bool shown = view->GetShowTrails() && trail && trailOf &&
    trailOf->GetNumberOfValues() == 1 && trailOf->GetValue(0) == internals.CoordinatesName &&
    trail->GetNumberOfTuples() == rows && trail->GetNumberOfComponents() % n == 0;
  internals.TrailsActor->SetVisibility(shown);
  if (!shown)
  {
    return;
  }
  const int steps = trail->GetNumberOfComponents() / n;
  internals.TrailsProjected.resize(static_cast<std::size_t>(2 * rows * steps));
  neurotour::ProjectRows(trail->GetPointer(0), rows * steps, ToFrame(frame, n), internals.Mean,
    internals.Radius / view->GetZoom(), internals.TrailsProjected.data(), 1);

  // One polyline per sample, from its oldest known place to where it is now; a step where
  // it was absent (NaN) breaks the line. Alpha rises from faint (oldest) to 0.8 (latest).
  vtkNew<vtkPoints> points;
  points->SetDataTypeToFloat();
  vtkNew<vtkCellArray> lines;
  vtkNew<vtkUnsignedCharArray> colors;
  colors->SetNumberOfComponents(4);
  const unsigned char* rgba = internals.Layer.Colors;
  std::vector<vtkIdType> line;
  const auto endLine = [&]() {
    if (line.size() >= 2)
    {
      lines->InsertNextCell(static_cast<vtkIdType>(line.size()), line.data());
    }
    line.clear();
  };
  for (vtkIdType r = 0; r < rows; ++r)
  {
    if (!internals.Valid[r] || internals.Coloring.IsHidden(r))
    {
      continue;
    }
    for (int s = 0; s <= steps; ++s)
    {
      const float* xy = s < steps
        ? &internals.TrailsProjected[static_cast<std::size_t>(2 * (r * steps + s))]
        : &internals.Projected[static_cast<std::size_t>(2 * r)];
      if (!std::isfinite(xy[0]) || !std::isfinite(xy[1]))
      {
        endLine();
        continue;
      }
      line.push_back(points->InsertNextPoint(xy[0], xy[1], 0.01));
      const auto alpha = static_cast<unsigned char>(
        std::lround(this->Opacity * 204.0 * (s + 1) / (steps + 1)));
      colors->InsertNextTypedTuple(
        std::array<unsigned char, 4>{ rgba[4 * r], rgba[4 * r + 1], rgba[4 * r + 2], alpha }
          .data());
    }
    endLine();
  }
  internals.Trails->Initialize();
  internals.Trails->SetPoints(points);
  internals.Trails->SetLines(lines);
  internals.Trails->GetPointData()->SetScalars(colors);
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdateGuidedPath(vtkPolyData* data, vtkGrandTourView* view)
{
  auto& internals = *this->Internals;
  if (view->GetTourMode() != vtkGrandTourView::GUIDED || !view->IsGuide(this))
  {
    return; // the plan is kept: back in guided mode, the same data needs none
  }
  const int n = internals.Dimension;
  vtkInternals::GuidedKey key;
  key.Data = data;
  key.DataTime = data->GetMTime();
  key.Array = internals.CoordinatesName;
  key.Index = view->GetPursuitIndex();
  key.Seed = view->GetSeed();
  key.Base = view->ComputeBaseFrame(n);
  if (key == internals.Planned)
  {
    view->SetGuidedPath(internals.Path);
    return;
  }
  internals.Planned = key;
  internals.Path.reset();
  view->SetGuidedPath(nullptr);
  const auto index = static_cast<neurotour::PursuitIndex>(key.Index);
  try
  {
    // A sample of the rows: each index evaluation projects them all, a few thousand times.
    const std::int64_t maximumRows = std::max<std::int64_t>(300, std::min<std::int64_t>(5000, 1000000 / n));
    std::vector<std::int64_t> kept;
    const std::vector<float> rows = neurotour::StandardizeRows(internals.Coordinates->GetPointer(0),
      internals.Coordinates->GetNumberOfTuples(), n, maximumRows, kept);
    std::vector<int> labels;
    if (index == neurotour::PursuitIndex::LDA)
    {
      vtkDataArray* label = data->GetPointData()->GetArray(vtkSampleTable::LabelName);
      if (!label)
      {
        throw neurotour::InvalidInput("the LDA index needs class labels (a Label column)");
      }
      for (std::int64_t r : kept)
      {
        labels.push_back(static_cast<int>(label->GetTuple1(r)));
      }
    }
    internals.Path = std::make_shared<const neurotour::GuidedPath>(neurotour::PlanGuidedTour(index,
      rows.data(), static_cast<std::int64_t>(kept.size()), n, labels.empty() ? nullptr : labels.data(),
      ToFrame(key.Base, n), static_cast<std::uint32_t>(key.Seed)));
    view->SetGuidedPath(internals.Path);
  }
  catch (const std::exception& failure)
  {
    this->Report(std::string("Grand Tour: guided tour: ") + failure.what() +
        "; the tour goes on unguided",
      true);
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourRepresentation::UpdateIndexText(vtkGrandTourView* view)
{
  auto& internals = *this->Internals;
  const bool shown = view->GetTourMode() == vtkGrandTourView::GUIDED && view->IsGuide(this) &&
    internals.Path;
  internals.IndexText->SetVisibility(shown);
  if (!shown)
  {
    if (view->IsGuide(this))
    {
      view->SetPursuitIndexValue(vtkMath::Nan());
    }
    return;
  }
  const double value =
    internals.Path->IndexAt(view->GetSpeed() * (view->GetTourTime() - view->GetTourOrigin()));
  view->SetPursuitIndexValue(value);
  static const char* const names[] = { "LDA", "holes", "central mass" };
  char text[128];
  std::snprintf(text, sizeof(text), "Guided tour: %s index %.3f (best found %.3f)",
    names[view->GetPursuitIndex()], value, internals.Path->IndexValues.back());
  internals.IndexText->SetInput(text);
  internals.IndexText->GetTextProperty()->SetFontSize(static_cast<int>(
    std::lround(HandleFontSize * vtkGrandTourView::GetSizeScale(internals.Drawn.ViewportSize))));
}
