/**
 * @class vtkGrandTourHandleRepresentation
 * @brief The grab area of a Grand Tour handle: a point that follows the mouse, drawn by no one.
 *
 * The representation draws the handles (axis ends and centroid markers) itself, in one actor.
 * Per handle, this only answers "is the mouse within Tolerance pixels of it" and moves its world
 * position with the drag; VTK's point handle would rebuild and draw a cursor per handle at
 * every frame of the tour (9 ms for 15 axes with software OpenGL).
 */
#ifndef vtkGrandTourHandleRepresentation_h
#define vtkGrandTourHandleRepresentation_h

#include "vtkHandleRepresentation.h"

class vtkGrandTourHandleRepresentation : public vtkHandleRepresentation
{
public:
  static vtkGrandTourHandleRepresentation* New();
  vtkTypeMacro(vtkGrandTourHandleRepresentation, vtkHandleRepresentation);

  int ComputeInteractionState(int x, int y, int modify = 0) override;
  void StartWidgetInteraction(double eventPosition[2]) override;
  void WidgetInteraction(double eventPosition[2]) override;
  void BuildRepresentation() override;

protected:
  vtkGrandTourHandleRepresentation() = default;
  ~vtkGrandTourHandleRepresentation() override = default;

private:
  vtkGrandTourHandleRepresentation(const vtkGrandTourHandleRepresentation&) = delete;
  void operator=(const vtkGrandTourHandleRepresentation&) = delete;

  // Where the handle is on the screen (x, y) and its depth there (z).
  void HandleOnScreen(double display[3]);

  double LastEventPosition[2] = { 0.0, 0.0 };
};

#endif
