#include "vtkGrandTourPickActor.h"

#include "vtkObjectFactory.h"
#include "vtkRenderer.h"

#include <algorithm>

vtkStandardNewMacro(vtkGrandTourPickActor);

//------------------------------------------------------------------------------
int vtkGrandTourPickActor::RenderOpaqueGeometry(vtkViewport* viewport)
{
  auto* renderer = vtkRenderer::SafeDownCast(viewport);
  return renderer && renderer->GetSelector() ? this->Superclass::RenderOpaqueGeometry(viewport) : 0;
}

//------------------------------------------------------------------------------
void vtkGrandTourPickActor::SetBounds(const double bounds[6])
{
  std::copy_n(bounds, 6, this->FixedBounds);
}

//------------------------------------------------------------------------------
double* vtkGrandTourPickActor::GetBounds()
{
  return this->FixedBounds;
}
