#include "vtkSMGrandTourViewProxy.h"

#include "vtkCommand.h"
#include "vtkObjectFactory.h"
#include "vtkSMPropertyHelper.h"

#include <cstring>

vtkStandardNewMacro(vtkSMGrandTourViewProxy);

//------------------------------------------------------------------------------
vtkSMGrandTourViewProxy::vtkSMGrandTourViewProxy()
{
  // InvokeCommand (Python's view.ResetProjection(), a replayed trace, the GUI's buttons) is
  // not virtual; the event it fires after pushing the command is the hook.
  this->AddObserver(
    vtkCommand::UpdatePropertyEvent, this, &vtkSMGrandTourViewProxy::OnPropertyUpdated);
}

//------------------------------------------------------------------------------
vtkSMGrandTourViewProxy::~vtkSMGrandTourViewProxy() = default;

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::OnPropertyUpdated(vtkObject*, unsigned long, void* name)
{
  if (!name)
  {
    return;
  }
  if (std::strcmp(static_cast<const char*>(name), "ResetProjection") == 0)
  {
    this->ResetProjection();
  }
  else if (std::strcmp(static_cast<const char*>(name), "ShowProjectionMatrix") == 0)
  {
    this->ShowProjectionMatrix();
  }
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::ResetProjection()
{
  vtkSMPropertyHelper(this, "ProjectionMatrix").SetNumberOfElements(0);
  this->ShowProjectionMatrix();
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::ShowProjectionMatrix(const double* frame, unsigned int count)
{
  vtkSMPropertyHelper(this, "ProjectionMatrix").Set(frame, count);
  this->ShowProjectionMatrix();
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::ShowProjectionMatrix()
{
  const unsigned int count = vtkSMPropertyHelper(this, "ProjectionMatrix").GetNumberOfElements();
  if (count % 2 != 0)
  {
    vtkErrorMacro(<< "ProjectionMatrix has " << count
                  << " values; a frame has 2 per input dimension (n rows of x, y)");
    return;
  }
  vtkSMPropertyHelper(this, "TourOrigin").Set(vtkSMPropertyHelper(this, "TourTime").GetAsDouble());
  // UpdateProperty, not UpdateVTKObjects: the command may arrive from inside an
  // UpdateVTKObjects, which does not nest.
  this->UpdateProperty("ProjectionMatrix");
  this->UpdateProperty("TourOrigin");
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
}
