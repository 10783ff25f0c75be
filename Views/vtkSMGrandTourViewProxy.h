/**
 * @class vtkSMGrandTourViewProxy
 * @brief Proxy of the Grand Tour view: carries out its ResetProjection and
 * ShowProjectionMatrix commands.
 *
 * ResetProjection is a command property (so pvpython shows it as `view.ResetProjection()`
 * and a GUI trace replays as that call), but what it does is a change of state: the base
 * frame becomes [e0 e1] (an empty ProjectionMatrix) at the current TourTime (TourOrigin).
 * Doing it through those two properties, here on the client, keeps the client's property
 * values, state files, undo and every server process in agreement; a server-side method would
 * leave the client's ProjectionMatrix and TourOrigin stale. ShowProjectionMatrix likewise
 * makes the ProjectionMatrix just set the frame shown now: handle drags, the speed control and
 * neurotour.SetProjectionMatrix all go through it.
 *
 * @sa vtkGrandTourView
 */
#ifndef vtkSMGrandTourViewProxy_h
#define vtkSMGrandTourViewProxy_h

#include "NeuroTourViewsModule.h" // for export macro
#include "vtkSMRenderViewProxy.h"

class NEUROTOURVIEWS_EXPORT vtkSMGrandTourViewProxy : public vtkSMRenderViewProxy
{
public:
  static vtkSMGrandTourViewProxy* New();
  vtkTypeMacro(vtkSMGrandTourViewProxy, vtkSMRenderViewProxy);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  /// Shows [e0 e1] now (ProjectionMatrix emptied, TourOrigin = TourTime, both pushed); the
  /// tour continues from there. What the ResetProjection command property does.
  void ResetProjection();

  ///@{
  /// Shows a frame now: ProjectionMatrix = `frame` (n×2 row-major, re-orthonormalised when
  /// used), TourOrigin = TourTime, both pushed; the tour continues from it. Without arguments,
  /// the ProjectionMatrix values already set on the property are shown: what the
  /// ShowProjectionMatrix command property does (view.ShowProjectionMatrix() in Python).
  void ShowProjectionMatrix(const double* frame, unsigned int count);
  void ShowProjectionMatrix();
  ///@}

protected:
  vtkSMGrandTourViewProxy();
  ~vtkSMGrandTourViewProxy() override;

private:
  vtkSMGrandTourViewProxy(const vtkSMGrandTourViewProxy&) = delete;
  void operator=(const vtkSMGrandTourViewProxy&) = delete;

  void OnPropertyUpdated(vtkObject* caller, unsigned long event, void* name);
};

#endif
