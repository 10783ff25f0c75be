/**
 * @class vtkGrandTourView
 * @brief Render view that shows sample tables through a moving 2-D projection (Grand Tour).
 *
 * The frame (an n×2 orthonormal matrix) at tour time TourTime is a deterministic function of
 * Seed, Speed, the base frame ProjectionMatrix and TourOrigin (the tour time at which the base
 * frame is shown), so any picture can be reproduced in a GUI, pvbatch, or an animation track.
 * The view holds the tour state and the display options; vtkGrandTourRepresentation projects
 * its data with the view's frame at each render, so moving the frame never re-executes the
 * pipeline.
 *
 * With an interactor (GUI), SetupInteractor creates handle widgets: dragging an axis or
 * centroid handle computes a new frame and fires ProjectionEditedEvent; the client (pq view)
 * then writes ProjectionMatrix and TourOrigin back through the proxy, so every process, state
 * files and Python traces see the same frame.
 *
 * @sa vtkGrandTourRepresentation
 */
#ifndef vtkGrandTourView_h
#define vtkGrandTourView_h

#include "NeuroTourViewsModule.h" // for export macro
#include "vtkCommand.h"           // for vtkCommand::UserEvent
#include "vtkGrandTourRepresentation.h" // for vtkGrandTourRepresentation::SampleSummary
#include "vtkPVRenderView.h"
#include "vtkMath.h"      // for vtkMath::Nan
#include "vtkTimeStamp.h" // for vtkTimeStamp

#include <array>  // for the start axes
#include <memory> // for std::unique_ptr
#include <string> // for std::string
#include <vector> // for std::vector

class vtkDoubleArray;
namespace neurotour
{
class GrandTour;
struct GuidedPath;
}
class vtkGrandTourCanvas;
class vtkStringArray;
class vtkScalarsToColors;

class NEUROTOURVIEWS_EXPORT vtkGrandTourView : public vtkPVRenderView
{
public:
  static vtkGrandTourView* New();
  vtkTypeMacro(vtkGrandTourView, vtkPVRenderView);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  /// Fired (on the process with the interactor) when a handle drag changed the frame;
  /// GetEditedProjectionMatrix() holds the new frame. ProjectionEditFinishedEvent follows when
  /// the mouse button is released after such a drag (the client traces the result once).
  enum
  {
    ProjectionEditedEvent = vtkCommand::UserEvent + 701,
    ProjectionEditFinishedEvent = vtkCommand::UserEvent + 702
  };

  ///@{
  /// Name of the n-D array to tour (n ≥ 2 components). Empty (default): the first of
  /// `Embedding`, `Activations`, `Pixels`, else the first numeric array with ≥ 2 components.
  void SetCoordinatesArray(const char* name);
  vtkGetCharFromStdStringMacro(CoordinatesArray);
  ///@}

  ///@{
  /// Array that colours the points (default `Label`): categorical for integer arrays, with
  /// class names from the field data `LabelNames`; continuous otherwise.
  void SetColorArray(const char* name);
  vtkGetCharFromStdStringMacro(ColorArray);
  ///@}

  ///@{
  /// Optional lookup table (a ParaView colour map). Without one, integer labels get the
  /// "Brewer Qualitative Paired" palette and continuous arrays a viridis-like ramp.
  void SetLookupTable(vtkScalarsToColors* lut);
  vtkGetObjectMacro(LookupTable, vtkScalarsToColors);
  ///@}

  ///@{
  /// Angular speed of the tour in radians per second of tour time (default 0.2).
  void SetSpeed(double speed);
  vtkGetMacro(Speed, double);
  ///@}

  ///@{
  /// Tour time in seconds (default 0). Not ParaView time: ParaView time is the epoch.
  vtkSetMacro(TourTime, double);
  vtkGetMacro(TourTime, double);
  ///@}

  ///@{
  /// The tour time at which the frame equals ProjectionMatrix (default 0).
  void SetTourOrigin(double origin);
  vtkGetMacro(TourOrigin, double);
  ///@}

  ///@{
  /// Seed of the tour's plane rotation rates (default 42).
  void SetSeed(int seed);
  vtkGetMacro(Seed, int);
  ///@}

  ///@{
  /// GRAND (default): the tour wanders through every projection (Asimov's torus method).
  /// GUIDED: from the base frame at TourOrigin it climbs PursuitIndex along geodesics
  /// between planes (tourr's guided tour), at Speed, and rests at the best projection it
  /// found. The path is planned from the shown data (the first visible representation's).
  enum TourModes
  {
    GRAND = 0,
    GUIDED = 1
  };
  void SetTourMode(int mode);
  vtkGetMacro(TourMode, int);
  ///@}

  ///@{
  /// The index a guided tour climbs: LDA (default; classes apart, from the Label column),
  /// HOLES (few samples at the centre) or CENTRAL_MASS (many at the centre).
  enum PursuitIndices
  {
    LDA = 0,
    HOLES = 1,
    CENTRAL_MASS = 2
  };
  void SetPursuitIndex(int index);
  vtkGetMacro(PursuitIndex, int);
  ///@}

  /// The guided tour's index at the current TourTime (NaN in a grand tour or before a path
  /// is planned), for read-back through an information property.
  vtkGetMacro(PursuitIndexValue, double);

  ///@{
  /// Whether the client advances TourTime with a timer (default off). The server does nothing
  /// with it: it is state, kept so that state files restore a playing view.
  vtkSetMacro(Playing, bool);
  vtkGetMacro(Playing, bool);
  ///@}

  ///@{
  /// Scale of the layout (default 1): at 1, 99% of the samples' projections lie within the
  /// unit disc (what Reset Camera frames); the representations follow the current projection's
  /// extent, smoothed over the tour as a function of TourTime (deterministic, no jitter); 2
  /// draws it twice as large. The camera's own zoom (mouse wheel) multiplies it.
  vtkSetClampMacro(Zoom, double, 0.01, 100.0);
  vtkGetMacro(Zoom, double);
  ///@}

  ///@{
  /// Diameter of a point in pixels (default 7) in a view whose smaller side is 500 pixels; it
  /// scales with the view (within 0.75 to 2 times).
  vtkSetClampMacro(PointSize, double, 1.0, 100.0);
  vtkGetMacro(PointSize, double);
  ///@}

  ///@{
  /// Show one handle per input dimension when n ≤ MaximumAxisHandles (default on).
  vtkSetMacro(ShowAxisHandles, bool);
  vtkGetMacro(ShowAxisHandles, bool);
  vtkSetClampMacro(MaximumAxisHandles, int, 0, 1000);
  vtkGetMacro(MaximumAxisHandles, int);
  ///@}

  ///@{
  /// Draw each sample as its image thumbnail (from `Pixels` and `SampleShape`) instead of a
  /// point (default off). ImageSize is the thumbnail side as a fraction of the unit disc's
  /// radius (default 0.08).
  vtkSetMacro(ShowImages, bool);
  vtkGetMacro(ShowImages, bool);
  vtkSetClampMacro(ImageSize, double, 0.001, 1.0);
  vtkGetMacro(ImageSize, double);
  ///@}

  ///@{
  /// Show a legend of class names for categorical colouring without a lookup table (default on).
  void SetShowLegend(bool show);
  vtkGetMacro(ShowLegend, bool);
  ///@}

  ///@{
  /// Label values drawn faded (almost transparent), e.g. to look at a few classes.
  void ClearHiddenLabels();
  void AddHiddenLabel(int label);
  const std::vector<int>& GetHiddenLabels() const { return this->HiddenLabels; }
  ///@}

  ///@{
  /// Neighbours in the full space: when exactly one sample is selected, its NumberOfNeighbors
  /// (default 10; 0 = off) nearest samples in NeighborsArray (euclidean, exact) get halos and
  /// lines to it, and a label tells how many of them are also nearest in the picture. Empty
  /// NeighborsArray (default): Activations, else Pixels, else the toured array.
  vtkSetClampMacro(NumberOfNeighbors, int, 0, 1000);
  vtkGetMacro(NumberOfNeighbors, int);
  void SetNeighborsArray(const char* name);
  vtkGetCharFromStdStringMacro(NeighborsArray);
  ///@}

  ///@{
  /// Draw each sample's trail, its path over the earlier time steps, when the data has one for
  /// the toured array (a Sample Trails filter upstream). Default on.
  vtkSetMacro(ShowTrails, bool);
  vtkGetMacro(ShowTrails, bool);
  ///@}

  /// The SampleIds of the selected sample's neighbours (see NumberOfNeighbors), nearest first,
  /// space-separated; empty unless exactly one shown sample is selected.
  const char* GetNeighborSampleIdsInfo();

  ///@{
  /// Base frame: n×2 values, row-major (row i = screen position of basis vector i). Empty or of
  /// the wrong size for the data: [e0 e1]. Re-orthonormalised when used.
  void ClearProjectionMatrix();
  void AddProjectionMatrixRow(double x, double y);
  ///@}

  /// The frame at the current TourTime for the last rendered dimension (n×2, row-major),
  /// for read-back through an information property.
  vtkDoubleArray* GetProjectionMatrixInfo();

  ///@{
  /// The arrays the shown data has (in all its representations, without repeats): those
  /// CoordinatesArray can tour (2 or more components) and those ColorArray can colour by
  /// (one component), for the drop-downs of those properties.
  vtkStringArray* GetCoordinatesArrayNamesInfo();
  vtkStringArray* GetColorArrayNamesInfo();
  /// The same arrays as CoordinatesArrayNamesInfo, Activations and Pixels first (the default
  /// of NeighborsArray, which the GUI's drop-down sets to its first entry).
  vtkStringArray* GetNeighborsArrayNamesInfo();
  ///@}

  /// The SampleIds of the shown samples in ParaView's current selection, space-separated as
  /// CentroidHandles holds them: where a centroid handle "at the selection" goes.
  const char* GetSelectedSampleIdsInfo();

  /// The frame a handle drag produced (n×2 row-major), valid in ProjectionEditedEvent.
  const std::vector<double>& GetEditedProjectionMatrix() const { return this->EditedProjection; }

  ///@{
  /// Centroid handles: each has a name and the SampleIds whose centroid it marks (recomputed
  /// from the current data, so a handle follows its samples across epochs). The ids are a
  /// space-separated list in one string.
  void ClearCentroidHandles();
  void AddCentroidHandle(const char* name, const char* sampleIds);
  ///@}

#ifndef __VTK_WRAP__
  /// The frame at TourTime for n dimensions (n×2 row-major); empty for n < 2. Used by the
  /// representations.
  std::vector<double> ComputeFrame(int dimension);

  /// The frame at any tour time (n×2 row-major), as ComputeFrame gives it at TourTime.
  std::vector<double> ComputeFrameAt(int dimension, double tourTime);

  /// The frame the tour shows at TourOrigin (ProjectionMatrix, else the start axes).
  std::vector<double> ComputeBaseFrame(int dimension);

  /// The guided tour's path (planned by a representation from its data) and the index value
  /// shown now; a null path goes back to the grand tour until one is set.
  void SetGuidedPath(std::shared_ptr<const neurotour::GuidedPath> path);
  void SetPursuitIndexValue(double value) { this->PursuitIndexValue = value; }

  /// Whether `representation` is the one whose data plans the guided path: the first
  /// visible Grand Tour representation.
  bool IsGuide(vtkGrandTourRepresentation* representation);

  /// The coordinate axes the tour starts on when ProjectionMatrix is empty; the representation
  /// sets them from its data (neurotour::StartAxes).
  void SetStartAxes(const std::array<int, 2>& axes);

  /// When the frame as a function of tour time last changed (Seed, Speed, ProjectionMatrix
  /// or TourOrigin): what the representations' scale over the tour is cached against.
  vtkMTimeType GetTourMTime() const { return this->TourTimeStamp.GetMTime(); }

  /// Handles the representations report for this render, in world coordinates (layout
  /// coordinates, where the data lies in the unit disc, times Zoom). The view places its
  /// widgets on them.
  struct Handle
  {
    std::string Name;
    double Position[2];
    int Axis;                      // input dimension for an axis handle, -1 for a centroid
    std::vector<double> Direction; // centroid (centred, divided by the data radius)
  };
  void SetHandles(const std::vector<Handle>& handles);
  struct CentroidHandle
  {
    std::string Name;
    std::vector<long long> SampleIds;
  };
  const std::vector<CentroidHandle>& GetCentroidHandles() const { return this->CentroidHandles; }

  /// The name of the centroid handle drawn at a display position (pixels, bottom-up as VTK's),
  /// within a few pixels; empty when there is none.
  std::string GetCentroidHandleAt(int x, int y);

  /// The label value of the class legend entry at a display position (pixels, bottom-up);
  /// false when the position is on no legend entry.
  bool GetLegendLabelAt(int x, int y, int& label);

  /// How point sizes and fonts scale with a viewport (pixels): they are as set in a view whose
  /// smaller side is 500 pixels, and follow that side within 0.75 to 2 times.
  static double GetSizeScale(const int viewportSize[2]);

  /// What a tooltip shows of the sample drawn under a display position (pixels, bottom-up):
  /// false when there is none within half a point (or thumbnail) and 3 pixels.
  bool GetSampleAt(int x, int y, vtkGrandTourRepresentation::SampleSummary& sample);

  /// When ColorArray, LookupTable, ShowLegend or HiddenLabels last changed: the
  /// representations recolour only then, not at every frame of the tour.
  vtkMTimeType GetColoringMTime() const { return this->ColoringTime.GetMTime(); }

  /// Where the representations draw their samples (one image behind the handles and labels).
  vtkGrandTourCanvas* GetCanvas();
#endif

  void SetupInteractor(vtkRenderWindowInteractor*) override;

  ///@{
  /// The picture is 2-D: 3-D rotation becomes 2-D pan and zoom (selection mode stays), and
  /// the camera is always parallel. These hide the superclass setters, which ParaView's
  /// RenderView properties call by name.
  void SetInteractionMode(int mode) override;
  void SetParallelProjection(int mode);
  ///@}

  /// Always hidden: the x, y, z of the orientation axes mean nothing in a projection.
  void SetOrientationAxesVisibility(bool) override;

  /// Always off, whatever ParaView's render view setting says: FXAA smears thumbnails, gains
  /// little on round points, and with software OpenGL costs about 60 ms per 1024×768 frame,
  /// most of a tour frame.
  void SetUseFXAA(bool);

protected:
  vtkGrandTourView();
  ~vtkGrandTourView() override;

  void AboutToRenderOnLocalProcess(bool interactive) override;

  std::string CoordinatesArray;
  int TourMode = GRAND;
  int PursuitIndex = LDA;
  double PursuitIndexValue = vtkMath::Nan();
  std::string ColorArray = "Label";
  vtkScalarsToColors* LookupTable = nullptr;
  double Speed = 0.2;
  double TourTime = 0.0;
  double TourOrigin = 0.0;
  int Seed = 42;
  bool Playing = false;
  double Zoom = 1.0;
  double PointSize = 7.0;
  bool ShowAxisHandles = true;
  int MaximumAxisHandles = 20;
  bool ShowImages = false;
  double ImageSize = 0.08;
  bool ShowLegend = true;
  std::vector<int> HiddenLabels;
  int NumberOfNeighbors = 10;
  bool ShowTrails = true;
  std::string NeighborsArray;
  std::vector<double> ProjectionMatrix;
  std::vector<double> EditedProjection;
  std::vector<CentroidHandle> CentroidHandles;
  int LastDimension = 0;
  std::array<int, 2> StartAxes = { 0, 1 };
  vtkTimeStamp ColoringTime;
  vtkTimeStamp TourTimeStamp;

private:
  vtkGrandTourView(const vtkGrandTourView&) = delete;
  void operator=(const vtkGrandTourView&) = delete;

  void OnHandleInteraction(vtkObject* widget, unsigned long event, void* data);
  // The grand tour for n dimensions, its base frame set from ProjectionMatrix (or the start
  // axes) at TourOrigin.
  neurotour::GrandTour& PrepareTour(int dimension);
  // Fills the two lists of array names from the representations.
  void UpdateArrayNames();
  // Marks a change of the frame as a function of tour time (see GetTourMTime).
  void TourModified();
  // Marks a change of how samples are coloured (see GetColoringMTime).
  void ColoringModified();

  class vtkInternals;
  std::unique_ptr<vtkInternals> Internals;
};

#endif
