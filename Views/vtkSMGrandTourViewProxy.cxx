#include "vtkSMGrandTourViewProxy.h"

#include "vtkCommand.h"
#include "vtkObjectFactory.h"
#include "vtkSMPropertyHelper.h"
#include "vtkSMStringVectorProperty.h"
#include "vtkSMTrace.h"

#include <algorithm>
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
  else if (std::strcmp(static_cast<const char*>(name), "AddCentroidHandleFromSelection") == 0)
  {
    this->AddCentroidHandleFromSelection();
  }
  else if (std::strcmp(static_cast<const char*>(name), "RemoveLatestCentroidHandle") == 0)
  {
    this->RemoveLatestCentroidHandle();
  }
  else if (std::strcmp(static_cast<const char*>(name), "ToggleShowImages") == 0)
  {
    this->ToggleShowImages();
  }
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::ResetProjection()
{
  {
    // The reset happens at the current TourTime, which a playing tour moved untraced.
    SM_SCOPED_TRACE(PropertiesModified)
      .arg("proxy", this)
      .arg("comment", " Reset the projection at this tour time");
    this->GetProperty("TourTime")->Modified();
    this->UpdateProperty("TourTime");
  }
  SM_SCOPED_TRACE(CallMethod)
    .arg(this)
    .arg("ResetProjection")
    .arg("comment", "Show the first two coordinates again");
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
std::vector<std::pair<std::string, std::string>> vtkSMGrandTourViewProxy::GetCentroidHandles()
{
  vtkSMPropertyHelper values(this, "CentroidHandles");
  std::vector<std::pair<std::string, std::string>> handles;
  for (unsigned int i = 0; i + 1 < values.GetNumberOfElements(); i += 2)
  {
    handles.emplace_back(values.GetAsString(i), values.GetAsString(i + 1));
  }
  return handles;
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::SetCentroidHandles(
  const std::vector<std::pair<std::string, std::string>>& handles)
{
  std::vector<std::string> flat;
  for (const auto& handle : handles)
  {
    flat.push_back(handle.first);
    flat.push_back(handle.second);
  }
  auto* property = vtkSMStringVectorProperty::SafeDownCast(this->GetProperty("CentroidHandles"));
  property->SetElements(flat);
  this->UpdateProperty("CentroidHandles");
}

//------------------------------------------------------------------------------
std::string vtkSMGrandTourViewProxy::AddCentroidHandleFromSelection()
{
  // The representations mark the selected rows when they update.
  this->Update();
  vtkSMProperty* selected = this->GetProperty("SelectedSampleIdsInfo");
  this->UpdatePropertyInformation(selected);
  const std::string ids = vtkSMPropertyHelper(selected).GetAsString();
  if (ids.empty())
  {
    vtkErrorMacro(<< "A centroid handle needs selected samples: select some in the view "
                     "(or any view of the same data) first");
    return {};
  }
  auto handles = this->GetCentroidHandles();
  std::string name;
  for (int k = 1; name.empty(); ++k)
  {
    const std::string candidate = "centroid " + std::to_string(k);
    if (std::none_of(handles.begin(), handles.end(),
          [&candidate](const std::pair<std::string, std::string>& h) { return h.first == candidate; }))
    {
      name = candidate;
    }
  }
  handles.emplace_back(name, ids);
  SM_SCOPED_TRACE(PropertiesModified)
    .arg("proxy", this)
    .arg("comment", " A centroid handle at the selected samples");
  this->SetCentroidHandles(handles);
  return name;
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::RemoveLatestCentroidHandle()
{
  auto handles = this->GetCentroidHandles();
  if (handles.empty())
  {
    return;
  }
  handles.pop_back();
  SM_SCOPED_TRACE(PropertiesModified)
    .arg("proxy", this)
    .arg("comment", " Remove the latest centroid handle");
  this->SetCentroidHandles(handles);
}

//------------------------------------------------------------------------------
bool vtkSMGrandTourViewProxy::RenameCentroidHandle(
  const std::string& name, const std::string& newName)
{
  auto handles = this->GetCentroidHandles();
  const auto named = [&handles](const std::string& wanted) {
    return std::find_if(handles.begin(), handles.end(),
      [&wanted](const std::pair<std::string, std::string>& h) { return h.first == wanted; });
  };
  auto handle = named(name);
  if (handle == handles.end())
  {
    vtkErrorMacro(<< "No centroid handle named '" << name << "'");
    return false;
  }
  if (newName.empty() || (newName != name && named(newName) != handles.end()))
  {
    vtkErrorMacro(<< "Cannot rename the centroid handle '" << name << "' to '" << newName
                  << "': " << (newName.empty() ? "a name is needed" : "that name is taken"));
    return false;
  }
  handle->first = newName;
  SM_SCOPED_TRACE(PropertiesModified)
    .arg("proxy", this)
    .arg("comment", " Rename a centroid handle");
  this->SetCentroidHandles(handles);
  return true;
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::ToggleHiddenLabel(int label)
{
  vtkSMPropertyHelper hidden(this, "HiddenLabels");
  std::vector<int> labels = hidden.GetIntArray();
  auto found = std::find(labels.begin(), labels.end(), label);
  if (found == labels.end())
  {
    labels.push_back(label);
  }
  else
  {
    labels.erase(found);
  }
  SM_SCOPED_TRACE(PropertiesModified).arg("proxy", this).arg("comment", " Hide or show a class");
  hidden.Set(labels.data(), static_cast<unsigned int>(labels.size()));
  this->UpdateProperty("HiddenLabels");
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::ToggleShowImages()
{
  SM_SCOPED_TRACE(PropertiesModified)
    .arg("proxy", this)
    .arg("comment", " Images or dots");
  vtkSMPropertyHelper show(this, "ShowImages");
  show.Set(show.GetAsInt() ? 0 : 1);
  this->UpdateProperty("ShowImages");
}

//------------------------------------------------------------------------------
void vtkSMGrandTourViewProxy::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
}
