/**
 * @class pqGrandTourView
 * @brief Client side of the Grand Tour view: play/pause, speed and reset controls, handle
 * drags and rubber-band selections written back through the view proxy.
 *
 * Every change goes through proxy properties (vtkSMPropertyHelper + UpdateVTKObjects) or the
 * commands of vtkSMGrandTourViewProxy, inside trace scopes, so state files, Python traces
 * (Tools > Start Trace) and remote servers see exactly what the user did.
 *
 * In the view (click it first, so it has the keyboard focus): [d] (or the "+ Handle"
 * button) arms a centroid handle at the next rubber-band selection; [x] removes
 * the latest centroid handle; [i] switches thumbnails and dots; a double-click on a centroid
 * handle renames it; a click on a class in the legend hides or shows that class; resting the
 * mouse on a sample shows its image, class and prediction. Playing only
 * advances TourTime with a timer (by the real time elapsed, times Speed on the server side).
 * Choosing another Layer for a representation animates the switch: its LayerTransition goes
 * from 0 to 1 in 0.7 s, untraced (only the Layer is a setting).
 */
#ifndef pqGrandTourView_h
#define pqGrandTourView_h

#include "pqRenderView.h"

#include <QElapsedTimer>
#include <QPoint>
#include <QPointer>
#include <QTimer>

#include "vtkSMProperty.h"
#include "vtkWeakPointer.h"

#include <initializer_list> // for std::initializer_list
#include <utility>          // for std::pair
#include <vector>           // for std::vector

class QLabel;
class pqRepresentation;
class QSlider;
class QToolButton;
class vtkObject;

class pqGrandTourView : public pqRenderView
{
  Q_OBJECT
  typedef pqRenderView Superclass;

public:
  pqGrandTourView(const QString& group, const QString& name, vtkSMProxy* viewProxy,
    pqServer* server, QObject* parent = nullptr);
  ~pqGrandTourView() override;

  ///@{
  /// Rubber-band selections become selections of table rows (the view draws row r as point
  /// r), which spreadsheets, charts and ExtractSelection understand.
  void selectPointsOnSurface(int rectangle[4], int selectionModifier = pqView::PV_SELECTION_DEFAULT,
    const char* array = nullptr) override;
  void selectCellsOnSurface(int rectangle[4], int selectionModifier = pqView::PV_SELECTION_DEFAULT,
    const char* array = nullptr) override;
  ///@}

  /// Keys, double-clicks and legend clicks in the render widget (see the class comment).
  bool eventFilter(QObject* caller, QEvent* event) override;

protected:
  QWidget* createWidget() override;

private Q_SLOTS:
  void setPlaying(bool playing);
  void advance();
  void setSpeedFromSlider(int value);
  void traceSpeedDrag();
  // Traces the frame a handle drag left, once, when the mouse is released.
  void traceHandleDrag();
  void resetProjection();
  void updateControls();
  // Refreshes the information behind the array and layer drop-downs after a data update.
  void updateDomains();
  void watchLayer(pqRepresentation* representation);
  void advanceLayerTransition();

private:
  Q_DISABLE_COPY(pqGrandTourView)

  // The frame at the current TourTime (n×2 row-major; empty before the first render).
  std::vector<double> currentFrame();
  // Sets Speed after making `frame` the base frame at the current TourTime, so changing Speed
  // never makes the picture jump.
  void applySpeed(int value, const std::vector<double>& frame);
  // Marks properties modified (pushing the same values) so that the enclosing trace scope
  // records them: the timer advances TourTime untraced, and a slider drag is traced once.
  void markForTrace(std::initializer_list<const char*> names);
  void setProjection(const double* values, int count);
  void onProjectionEdited(vtkObject* caller, unsigned long event, void* data);
  void selectRows();
  // VTK display coordinates (bottom-up device pixels) of a position in the render widget.
  QPoint toDisplay(const QPoint& position) const;
  void renameHandleAt(const QPoint& position);
  bool toggleClassAt(const QPoint& position);
  // Shows the sample under `position` (image, class, prediction) beside the cursor, or hides it.
  void showSampleTip(const QPoint& position, const QPoint& globalPosition);

  QPointer<QToolButton> PlayButton;
  QPointer<QSlider> SpeedSlider;
  QPointer<QLabel> SpeedLabel;
  QPointer<QToolButton> ArmHandleButton; // checked: the next selection adds a centroid handle
  QPointer<QWidget> RenderWidget;
  QPointer<QWidget> SampleTip; // a tooltip window: the hovered sample's image and its text
  QPointer<QLabel> SampleImage;
  QPointer<QLabel> SampleText;
  QPoint PressPosition;
  // Starts the animated switch of `caller` (a representation's Layer property).
  void onLayerChanged(vtkObject* caller, unsigned long event, void* data);

  QTimer Timer;
  QElapsedTimer Clock;
  QTimer TransitionTimer;
  QElapsedTimer TransitionClock;
  std::vector<QPointer<pqRepresentation>> Transitioning; // whose LayerTransition is below 1
  // Observers of the representations' Layer properties, removed with this view.
  std::vector<std::pair<vtkWeakPointer<vtkSMProperty>, unsigned long>> LayerObservers;
  unsigned long EditedObserver = 0;
  unsigned long EditFinishedObserver = 0;
};

#endif
