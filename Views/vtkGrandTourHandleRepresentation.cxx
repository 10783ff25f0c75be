#include "vtkGrandTourHandleRepresentation.h"

#include "vtkInteractorObserver.h"
#include "vtkObjectFactory.h"
#include "vtkRenderer.h"

#include <cmath>

vtkStandardNewMacro(vtkGrandTourHandleRepresentation);

//------------------------------------------------------------------------------
void vtkGrandTourHandleRepresentation::HandleOnScreen(double display[3])
{
  double world[3];
  this->GetWorldPosition(world);
  vtkInteractorObserver::ComputeWorldToDisplay(
    this->Renderer, world[0], world[1], world[2], display);
}

//------------------------------------------------------------------------------
int vtkGrandTourHandleRepresentation::ComputeInteractionState(int x, int y, int)
{
  this->InteractionState = vtkHandleRepresentation::Outside;
  if (this->Renderer)
  {
    double display[3];
    this->HandleOnScreen(display);
    if (std::hypot(display[0] - x, display[1] - y) <= this->Tolerance)
    {
      this->InteractionState = vtkHandleRepresentation::Nearby;
    }
  }
  return this->InteractionState;
}

//------------------------------------------------------------------------------
void vtkGrandTourHandleRepresentation::StartWidgetInteraction(double eventPosition[2])
{
  this->StartEventPosition[0] = this->LastEventPosition[0] = eventPosition[0];
  this->StartEventPosition[1] = this->LastEventPosition[1] = eventPosition[1];
  this->StartEventPosition[2] = 0.0;
  this->InteractionState = vtkHandleRepresentation::Selecting;
}

//------------------------------------------------------------------------------
void vtkGrandTourHandleRepresentation::WidgetInteraction(double eventPosition[2])
{
  if (!this->Renderer)
  {
    return;
  }
  // Moves by the mouse's motion at the handle's depth, so the grab offset is kept.
  double display[3];
  this->HandleOnScreen(display);
  double last[4];
  double now[4];
  vtkInteractorObserver::ComputeDisplayToWorld(
    this->Renderer, this->LastEventPosition[0], this->LastEventPosition[1], display[2], last);
  vtkInteractorObserver::ComputeDisplayToWorld(
    this->Renderer, eventPosition[0], eventPosition[1], display[2], now);
  double world[3];
  this->GetWorldPosition(world);
  for (int k = 0; k < 3; ++k)
  {
    world[k] += now[k] - last[k];
  }
  this->SetWorldPosition(world);
  this->LastEventPosition[0] = eventPosition[0];
  this->LastEventPosition[1] = eventPosition[1];
  this->Modified();
}

//------------------------------------------------------------------------------
void vtkGrandTourHandleRepresentation::BuildRepresentation()
{
  this->BuildTime.Modified();
}
