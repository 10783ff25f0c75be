#include "pqWideColumnsBehavior.h"

#include "pqApplicationCore.h"
#include "pqDataRepresentation.h"
#include "pqOutputPort.h"
#include "pqServerManagerModel.h"
#include "pqView.h"
#include "vtkDataObject.h"
#include "vtkPVArrayInformation.h"
#include "vtkPVDataInformation.h"
#include "vtkPVDataSetAttributesInformation.h"
#include "vtkSMPropertyHelper.h"
#include "vtkSMProxy.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

//------------------------------------------------------------------------------
pqWideColumnsBehavior::pqWideColumnsBehavior(QObject* parent)
  : Superclass(parent)
{
}

//------------------------------------------------------------------------------
pqWideColumnsBehavior::~pqWideColumnsBehavior() = default;

//------------------------------------------------------------------------------
void pqWideColumnsBehavior::startup()
{
  if (auto* core = pqApplicationCore::instance())
  {
    pqServerManagerModel* model = core->getServerManagerModel();
    QObject::connect(
      model, &pqServerManagerModel::viewAdded, this, &pqWideColumnsBehavior::onViewAdded);
    for (pqView* view : model->findItems<pqView*>())
    {
      this->onViewAdded(view);
    }
  }
}

//------------------------------------------------------------------------------
void pqWideColumnsBehavior::onViewAdded(pqView* view)
{
  // The model announces a representation before it is in a view: listen to the views.
  if (view->getViewType() == "SpreadSheetView")
  {
    QObject::connect(
      view, &pqView::representationAdded, this, &pqWideColumnsBehavior::onRepresentationAdded);
  }
}

//------------------------------------------------------------------------------
void pqWideColumnsBehavior::onRepresentationAdded(pqRepresentation* representation)
{
  auto* data = qobject_cast<pqDataRepresentation*>(representation);
  pqView* view = representation->getView();
  if (!data || !view || view->getViewType() != "SpreadSheetView")
  {
    return;
  }
  // A representation made from Python may come before its data: then hide once it arrives.
  // Only once, so a column the user shows again stays shown.
  if (!this->hideWideColumns(data))
  {
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(data, &pqDataRepresentation::dataUpdated, this,
      [this, data, connection]()
      {
        if (this->hideWideColumns(data))
        {
          QObject::disconnect(*connection);
        }
      });
  }
}

//------------------------------------------------------------------------------
bool pqWideColumnsBehavior::hideWideColumns(pqDataRepresentation* data)
{
  pqView* view = data->getView();
  pqOutputPort* port = data->getOutputPortFromInput();
  vtkPVDataInformation* information = port ? port->getDataInformation() : nullptr;
  vtkPVDataSetAttributesInformation* rows =
    information ? information->GetAttributeInformation(vtkDataObject::ROW) : nullptr;
  if (!view || !rows || rows->GetNumberOfArrays() == 0)
  {
    return false;
  }
  vtkSMProxy* viewProxy = view->getProxy();
  vtkSMPropertyHelper hidden(viewProxy, "HiddenColumnLabels", /*quiet=*/true);
  std::vector<std::string> labels;
  for (unsigned int i = 0; i < hidden.GetNumberOfElements(); ++i)
  {
    labels.emplace_back(hidden.GetAsString(i));
  }
  const size_t before = labels.size();
  for (int a = 0; a < rows->GetNumberOfArrays(); ++a)
  {
    vtkPVArrayInformation* array = rows->GetArrayInformation(a);
    if (array && array->GetName() && array->GetNumberOfComponents() > MaximumVisibleComponents &&
      std::find(labels.begin(), labels.end(), array->GetName()) == labels.end())
    {
      labels.emplace_back(array->GetName());
    }
  }
  if (labels.size() != before)
  {
    hidden.SetNumberOfElements(static_cast<unsigned int>(labels.size()));
    for (unsigned int i = 0; i < labels.size(); ++i)
    {
      hidden.Set(i, labels[i].c_str());
    }
    viewProxy->UpdateVTKObjects();
    view->render();
  }
  return true;
}
