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

#include <string>  // for std::string
#include <utility> // for std::pair
#include <vector>  // for std::vector

class NEUROTOURVIEWS_EXPORT vtkSMGrandTourViewProxy : public vtkSMRenderViewProxy
{
public:
  static vtkSMGrandTourViewProxy* New();
  vtkTypeMacro(vtkSMGrandTourViewProxy, vtkSMRenderViewProxy);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  /// Shows [e0 e1] now (ProjectionMatrix emptied, TourOrigin = TourTime, both pushed); the
  /// tour continues from there. What the ResetProjection command property does (Python's
  /// view.ResetProjection(), the GUI's button); traced as the TourTime it happened at and the
  /// call.
  void ResetProjection();

  ///@{
  /// Shows a frame now: ProjectionMatrix = `frame` (n×2 row-major, re-orthonormalised when
  /// used), TourOrigin = TourTime, both pushed; the tour continues from it. Without arguments,
  /// the ProjectionMatrix values already set on the property are shown: what the
  /// ShowProjectionMatrix command property does (view.ShowProjectionMatrix() in Python).
  void ShowProjectionMatrix(const double* frame, unsigned int count);
  void ShowProjectionMatrix();
  ///@}

  /// Adds a centroid handle at the shown samples selected now, named "centroid k" (the first
  /// k not taken); returns its name, or an empty string (with an error) when nothing is
  /// selected. The AddCentroidHandleFromSelection command; the GUI's armed [d] / toolbar button.
  std::string AddCentroidHandleFromSelection();

  /// Removes the centroid handle added last (the RemoveLatestCentroidHandle command; [x]).
  void RemoveLatestCentroidHandle();

  /// Renames a centroid handle; false (with an error) when there is none of that name or the
  /// new name is empty or taken. The GUI's double-click on a handle.
  bool RenameCentroidHandle(const std::string& name, const std::string& newName);

  /// Hides the class `label` if shown, shows it if hidden (HiddenLabels). A legend click.
  void ToggleHiddenLabel(int label);

  /// Thumbnails on or off (ShowImages; the ToggleShowImages command; [i]).
  void ToggleShowImages();

  /// Each change above is traced (a Python trace records the properties it set) and pushed.

protected:
  vtkSMGrandTourViewProxy();
  ~vtkSMGrandTourViewProxy() override;

private:
  vtkSMGrandTourViewProxy(const vtkSMGrandTourViewProxy&) = delete;
  void operator=(const vtkSMGrandTourViewProxy&) = delete;

  void OnPropertyUpdated(vtkObject* caller, unsigned long event, void* name);

  // CentroidHandles as (name, sample ids) pairs, read and written back.
  std::vector<std::pair<std::string, std::string>> GetCentroidHandles();
  void SetCentroidHandles(const std::vector<std::pair<std::string, std::string>>& handles);
};

#endif
