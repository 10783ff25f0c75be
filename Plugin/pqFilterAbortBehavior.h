#ifndef pqFilterAbortBehavior_h
#define pqFilterAbortBehavior_h

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QPointer>

class pqPipelineSource;
class pqProxy;
class vtkAlgorithm;
class vtkObject;

/**
 * Makes the status bar's abort button stop the filter that is running (builtin sessions).
 *
 * ParaView 5.11 has the button but never enables it, and in a builtin session the GUI does not
 * process events while a filter runs. This behaviour observes each pipeline source's
 * algorithm: while one reports progress, the button is enabled and, every 100 ms, the GUI
 * processes the events that reach it (other input, timers and render-widget repaints are held
 * back, so nothing re-enters the pipeline). A press sets that algorithm's AbortExecute; VTK
 * then ends the update, downstream filters see CheckAbort() too, and the outputs are empty.
 * The source is then marked modified, and the flag stays set until the user applies it: VTK
 * re-requests an aborted output on every update, and each render would otherwise run the
 * whole filter again, with no abort button to stop it (a NeuroTour filter whose flag is set
 * returns its empty output at once). Apply clears the flag and runs the filter again.
 *
 * In client-server sessions the algorithm runs in pvserver, which reads no client request
 * until it is done, so the button stays disabled there.
 */
class pqFilterAbortBehavior : public QObject
{
  Q_OBJECT
  typedef QObject Superclass;

public:
  pqFilterAbortBehavior(QObject* parent = nullptr);
  ~pqFilterAbortBehavior() override;

  // The plugin's auto-start interface.
  void startup();
  void shutdown();

protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  void onSourceAdded(pqPipelineSource* source);
  void onSourceRemoved(pqPipelineSource* source);
  void onStart(vtkObject* caller, unsigned long, void*);
  void onProgress(vtkObject* caller, unsigned long, void*);
  void onEnd(vtkObject* caller, unsigned long, void*);
  void abortRunning();
  void watchApply();
  void onApplied(pqProxy* proxy);
  void onApplyFinished();

  struct Observed
  {
    QPointer<pqPipelineSource> Source;
    unsigned long Observers[3];
    bool Aborted = false; // AbortExecute kept set until the next Apply
    bool AbortedInFirstApply = false;
  };
  QMap<vtkAlgorithm*, Observed> Algorithms;
  vtkAlgorithm* Running = nullptr;
  bool AbortRequested = false;
  bool Processing = false;
  QElapsedTimer SinceEvents;

  Q_DISABLE_COPY(pqFilterAbortBehavior)
};

#endif
