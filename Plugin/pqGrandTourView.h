/**
 * @class pqGrandTourView
 * @brief Client side of the Grand Tour view: play/pause, speed and reset controls, handle
 * drags and rubber-band selections written back through the view proxy.
 *
 * Every change goes through proxy properties (vtkSMPropertyHelper + UpdateVTKObjects), so
 * state files, Python traces and remote servers see exactly what the user did. Playing only
 * advances TourTime with a timer (by the real time elapsed, times Speed on the server side).
 */
#ifndef pqGrandTourView_h
#define pqGrandTourView_h

#include "pqRenderView.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

class QLabel;
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

protected:
  QWidget* createWidget() override;

private Q_SLOTS:
  void setPlaying(bool playing);
  void advance();
  void setSpeedFromSlider(int value);
  void resetProjection();
  void updateControls();

private:
  Q_DISABLE_COPY(pqGrandTourView)

  // Makes the current frame the base frame at the current TourTime, so changing Speed or
  // pausing never makes the picture jump.
  void rebaseAtCurrentTime();
  void setProjection(const double* values, int count);
  void onProjectionEdited(vtkObject* caller, unsigned long event, void* data);
  void selectRows();

  QPointer<QToolButton> PlayButton;
  QPointer<QSlider> SpeedSlider;
  QPointer<QLabel> SpeedLabel;
  QTimer Timer;
  QElapsedTimer Clock;
  unsigned long ObserverId = 0;
};

#endif
