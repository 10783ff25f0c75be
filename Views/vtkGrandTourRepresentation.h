/**
 * @class vtkGrandTourRepresentation
 * @brief Draws a sample table in a vtkGrandTourView: points or image thumbnails, handles.
 *
 * The input is a sample table, or a composite of them (a vtkMultiBlockDataSet of layers, or
 * ExtractBlock's output): then the leaf named Layer is drawn, or without a Layer the first
 * leaf that is a table with rows.
 * On the data server, RequestData turns the table into vtkPolyData vertices (one per row, in
 * row order) carrying every column as point data and `SampleId` as point global ids; that is
 * what the view delivers and what hardware selection reports. On the rendering processes,
 * each render projects the view's CoordinatesArray with the view's current frame (scaled so
 * that 99% of the samples lie within the unit circle times Zoom, the extent smoothed over the
 * tour as a function of TourTime, so the picture uses the view at any projection without
 * jitter and a TourTime always gives the same picture), colours by the view's ColorArray, and hands the points (or, when ShowImages is
 * on, thumbnails cut from one atlas of all images) to the view's vtkGrandTourCanvas, which
 * draws them; pick-only actors keep the same vertices and quads for hardware selection. The
 * axis and centroid handles and their labels are ordinary actors. Moving the tour never
 * re-executes the pipeline.
 *
 * Bad input (missing array, fewer than 2 components, images that do not match SampleShape)
 * gives one clear error and an empty picture; rows with NaN coordinates are skipped and
 * counted in a warning.
 */
#ifndef vtkGrandTourRepresentation_h
#define vtkGrandTourRepresentation_h

#include "NeuroTourViewsModule.h" // for export macro
#include "vtkPVDataRepresentation.h"
#include "vtkIntArray.h"     // for vtkNew<vtkIntArray>
#include "vtkNew.h"          // for vtkNew
#include "vtkSmartPointer.h" // for vtkSmartPointer
#include "vtkStringArray.h"  // for vtkNew<vtkStringArray>

#include <memory> // for std::unique_ptr
#include <string> // for std::string
#include <vector> // for std::vector

class vtkGrandTourView;
class vtkPolyData;
class vtkTable;

class NEUROTOURVIEWS_EXPORT vtkGrandTourRepresentation : public vtkPVDataRepresentation
{
public:
  static vtkGrandTourRepresentation* New();
  vtkTypeMacro(vtkGrandTourRepresentation, vtkPVDataRepresentation);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  int ProcessViewRequest(vtkInformationRequestKey* request, vtkInformation* inInfo,
    vtkInformation* outInfo) override;

  void SetVisibility(bool visible) override;

  ///@{
  /// Opacity of the points and thumbnails (default 1).
  void SetOpacity(double opacity);
  double GetOpacity() const { return this->Opacity; }
  ///@}

  ///@{
  /// The block (layer) of a multiblock input to tour, by name (default empty: the first
  /// block that is a table with rows). Ignored for a plain table.
  void SetLayer(const char* name);
  vtkGetCharFromStdStringMacro(Layer);
  ///@}

  ///@{
  /// How far the picture has moved from the layer shown before to the current one (0..1,
  /// default 1). At a change of Layer the positions last drawn are kept as the leaving
  /// layer's (until the data changes again); while this is below 1 each sample is drawn this
  /// fraction (eased) of the way from there to its place in the new layer, matched by
  /// SampleId. The GUI animates it from 0 to 1 in 0.7 s at each change of Layer; batch
  /// scripts step it (neurotour.RenderLayerTransition).
  void SetLayerTransition(double progress);
  vtkGetMacro(LayerTransition, double);
  ///@}

  /// The names of the input's table blocks (its layers), for the Layer property's domain.
  vtkStringArray* GetLayerNamesInfo();

  /// Under MPI, the number of rows each rank holds; empty in one process. ParaView 5.11 loses
  /// the other ranks' picks in a selection, so the last rank picks every row: its own
  /// first (pick id = its row), then rank 0's, rank 1's, ... (neurotour.RowSelection and the
  /// GUI give those back to their ranks).
  vtkIntArray* GetRowsPerRankInfo() { return this->RowsPerRank; }

  /// The numeric arrays of the data it shows: those of 2 or more components (what the view can
  /// tour) and those of one (what it can colour by, SampleId included).
  void GetArrayNames(vtkStringArray* coordinates, vtkStringArray* colors);

#ifndef __VTK_WRAP__
  /// The SampleIds (else row ids) of the shown rows in ParaView's current selection.
  std::vector<long long> GetSelectedSampleIds();

  /// The label value of the class legend entry at a display position (pixels of a viewport
  /// of the given size); false when the position is on no entry.
  bool GetLegendLabelAt(const int position[2], const int viewportSize[2], int& label);

  /// What a tooltip shows of a sample.
  struct SampleSummary
  {
    long long SampleId = -1;
    std::string Label;      // class name from LabelNames, else the Label value; may be empty
    std::string Prediction; // the Prediction column's class, when there is one
    int Width = 0;          // the image (from Pixels), when there is one:
    int Height = 0;         // Width × Height texels of Channels bytes, top row first
    int Channels = 0;
    std::vector<unsigned char> Image;
  };

  /// The sample drawn nearest to a world position (layout coordinates), if within `reach`.
  bool GetSampleNear(double x, double y, double reach, SampleSummary& sample);

  /// When exactly one shown sample is selected: the SampleIds (else row ids) of its
  /// NumberOfNeighbors nearest samples in the view's NeighborsArray, nearest first.
  std::vector<long long> GetNeighborSampleIds();
#endif

  /// The number of rows skipped at the last render because their coordinates hold NaN.
  vtkIdType GetNumberOfSkippedSamples() const;

protected:
  vtkGrandTourRepresentation();
  ~vtkGrandTourRepresentation() override;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  bool AddToView(vtkView* view) override;
  bool RemoveFromView(vtkView* view) override;

  vtkSmartPointer<vtkPolyData> Cache;
  double Opacity = 1.0;
  std::string Layer;
  double LayerTransition = 1.0;
  vtkNew<vtkStringArray> LayerNames;
  vtkNew<vtkIntArray> RowsPerRank;

private:
  vtkGrandTourRepresentation(const vtkGrandTourRepresentation&) = delete;
  void operator=(const vtkGrandTourRepresentation&) = delete;

  // The samples this process holds: the data side's points, else the delivered piece.
  vtkPolyData* GetSampleData();
  // Data side: flags the rows of `selected` (matched by SampleId) in the delivered points.
  void MarkSelected(vtkPolyData* polyData, vtkTable* selected);
  // Rendering side, once per render: only the parts whose inputs changed are rebuilt.
  void UpdatePicture(vtkPolyData* data, vtkGrandTourView* view);
  // `rebuilt` tells whether the toured array's cache was (re)built.
  bool UpdateCoordinates(vtkPolyData* data, vtkGrandTourView* view, bool& rebuilt);
  // At a change of data: when Layer changed, keeps the picture last drawn as the leaving
  // layer's, its rows matched to `data`'s by SampleId; otherwise drops any leaving picture
  // (a new time step ends a transition).
  void UpdateLeavingLayer(vtkPolyData* data);
  // The layout scale at the view's TourTime: a smoothed quantile of the projected extent.
  void UpdateScale(vtkGrandTourView* view);
  bool UpdateAtlas(vtkPolyData* data);
  void UpdateImages(vtkGrandTourView* view);
  void UpdateHandles(vtkPolyData* data, vtkGrandTourView* view, const std::vector<double>& frame);
  // A single selected sample's nearest neighbours in the full space: halos, lines, a label.
  void UpdateNeighbors(vtkPolyData* data, vtkGrandTourView* view);
  // Each sample's path over the earlier time steps (a `Trail` array of the toured array, from
  // Sample Trails), projected with the same frame.
  void UpdateTrails(vtkPolyData* data, vtkGrandTourView* view, const std::vector<double>& frame);
  // Plans the guided tour's path from this data when the view is in guided mode and this is
  // its first visible representation (again only when the data, array, index, seed or base
  // frame changed), and hands it to the view.
  void UpdateGuidedPath(vtkPolyData* data, vtkGrandTourView* view);
  // The guided tour's index now, in the view's corner and in the view's PursuitIndexValue.
  void UpdateIndexText(vtkGrandTourView* view);
  // Searches them again only when the data, row, array or count changed (-1: no row).
  void SearchNeighbors(vtkPolyData* data, vtkGrandTourView* view, vtkIdType row);
  void FindNeighbors(vtkPolyData* data, const std::string& name, vtkIdType row, int k);
  // The view's NeighborsArray, else Activations, Pixels or the toured array.
  std::string ResolveNeighborsArray(vtkPolyData* data, vtkGrandTourView* view) const;
  // Reports a problem once (not at every frame); an empty message clears it.
  void Report(const std::string& message, bool error);

  class vtkInternals;
  std::unique_ptr<vtkInternals> Internals;
};

#endif
