#include "pqModelLayersPropertyWidget.h"

#include "pqApplicationCore.h"
#include "pqServer.h"
#include "pqServerManagerModel.h"
#include "vtkCommand.h"
#include "vtkSMProxy.h"
#include "vtkSMSourceProxy.h"
#include "vtkSMStringListDomain.h"
#include "vtkSMStringVectorProperty.h"

#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

#include <string>
#include <vector>

namespace
{
// The file name is typed one key at a time: list the layers once typing pauses.
constexpr int ModelFileSettleMilliseconds = 500;

std::vector<std::string> ToStdStrings(const QStringList& list)
{
  std::vector<std::string> strings;
  for (const QString& item : list)
  {
    strings.push_back(item.toStdString());
  }
  return strings;
}

QStringList ToQStrings(const std::vector<std::string>& strings)
{
  QStringList list;
  for (const std::string& item : strings)
  {
    list.push_back(QString::fromStdString(item));
  }
  return list;
}

vtkSMStringVectorProperty* StringProperty(vtkSMProxy* proxy, const char* name)
{
  return vtkSMStringVectorProperty::SafeDownCast(proxy->GetProperty(name));
}
} // namespace

//------------------------------------------------------------------------------
pqModelLayersPropertyWidget::pqModelLayersPropertyWidget(
  vtkSMProxy* proxy, vtkSMProperty* property, QWidget* parent)
  : Superclass(proxy, parent)
  , List(new QListWidget(this))
  , Placeholder(new QLabel(this))
{
  this->setProperty(property);
  this->setChangeAvailableAsChangeFinished(true);
  this->List->setObjectName("ModelLayers");
  this->List->setToolTip(pqPropertyWidget::getTooltip(property));
  this->List->setMinimumHeight(this->List->sizeHintForRow(0) * 6);
  this->Placeholder->setObjectName("ModelLayersPlaceholder");
  this->Placeholder->setWordWrap(true);
  this->Placeholder->setText(
    tr("Choose a Model File to list its layers. With none checked, the model's top-level "
       "layers are extracted."));

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(this->Placeholder);
  layout->addWidget(this->List);
  QObject::connect(
    this->List, &QListWidget::itemChanged, this, &pqModelLayersPropertyWidget::onItemChanged);

  if (auto* domain = property->FindDomain<vtkSMStringListDomain>())
  {
    this->DomainObserver = domain->AddObserver(
      vtkCommand::DomainModifiedEvent, this, &pqModelLayersPropertyWidget::rebuildList);
  }
  this->ModelFileSettle.setSingleShot(true);
  this->ModelFileSettle.setInterval(ModelFileSettleMilliseconds);
  QObject::connect(&this->ModelFileSettle, &QTimer::timeout, this,
    &pqModelLayersPropertyWidget::onModelFileChanged);
  if (auto* file = proxy->GetProperty("ModelFile"))
  {
    this->ModelFileObserver = file->AddObserver(vtkCommand::UncheckedPropertyModifiedEvent,
      &this->ModelFileSettle, static_cast<void (QTimer::*)()>(&QTimer::start));
  }
  if (auto* files = proxy->GetProperty("ModelFiles"))
  {
    this->ModelFilesObserver = files->AddObserver(vtkCommand::UncheckedPropertyModifiedEvent,
      &this->ModelFileSettle, static_cast<void (QTimer::*)()>(&QTimer::start));
  }
  this->rebuildList();
}

//------------------------------------------------------------------------------
pqModelLayersPropertyWidget::~pqModelLayersPropertyWidget()
{
  if (auto* domain = this->property()->FindDomain<vtkSMStringListDomain>())
  {
    domain->RemoveObserver(this->DomainObserver);
  }
  if (auto* file = this->proxy()->GetProperty("ModelFile"))
  {
    file->RemoveObserver(this->ModelFileObserver);
  }
  if (auto* files = this->proxy()->GetProperty("ModelFiles"))
  {
    files->RemoveObserver(this->ModelFilesObserver);
  }
}

//------------------------------------------------------------------------------
void pqModelLayersPropertyWidget::onModelFileChanged()
{
  vtkSMProxy* proxy = this->proxy();
  auto* file = StringProperty(proxy, "ModelFile");
  auto* files = StringProperty(proxy, "ModelFiles");
  if (!file || !files)
  {
    return;
  }
  const QStringList chosen = ToQStrings(files->GetUncheckedElements()) +
    ToQStrings(file->GetUncheckedElements());
  if (chosen == this->ListedModelFiles)
  {
    return;
  }
  // In a builtin session the files are here: wait until the name is a whole file's. (A
  // remote server's files are checked there, by the filter, after the pause.)
  pqServer* server =
    pqApplicationCore::instance()->getServerManagerModel()->findServer(proxy->GetSession());
  if (server && !server->isRemote())
  {
    for (const QString& name : chosen)
    {
      if (!QFileInfo(name).isFile())
      {
        return;
      }
    }
  }
  this->ListedModelFiles = chosen;
  // The layers come from the model on the server (RequestInformation): push the chosen files
  // there now, as a reader's file name is pushed before its first Apply, so the list fills
  // before Apply. The other properties stay pending until Apply.
  file->SetElements(file->GetUncheckedElements());
  files->SetElements(files->GetUncheckedElements());
  proxy->UpdateProperty("ModelFile");
  proxy->UpdateProperty("ModelFiles");
  if (auto* source = vtkSMSourceProxy::SafeDownCast(proxy))
  {
    source->UpdatePipelineInformation();
  }
}

//------------------------------------------------------------------------------
void pqModelLayersPropertyWidget::rebuildList()
{
  auto* layers = vtkSMStringVectorProperty::SafeDownCast(this->property());
  auto* domain = layers ? layers->FindDomain<vtkSMStringListDomain>() : nullptr;
  if (!domain)
  {
    return;
  }
  QStringList available;
  for (unsigned int i = 0; i < domain->GetNumberOfStrings(); ++i)
  {
    available.push_back(QString::fromUtf8(domain->GetString(i)));
  }
  const QStringList checked = ToQStrings(layers->GetUncheckedElements());
  // Layers checked but not in this model (a state saved with another model) stay listed and
  // checked, so the filter's error names them instead of the choice vanishing silently.
  QStringList listed = available;
  for (const QString& name : checked)
  {
    if (!listed.contains(name))
    {
      listed.push_back(name);
    }
  }

  this->Rebuilding = true;
  this->List->clear();
  for (const QString& name : listed)
  {
    auto* item = new QListWidgetItem(name, this->List);
    item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setCheckState(checked.contains(name) ? Qt::Checked : Qt::Unchecked);
    if (!available.contains(name))
    {
      item->setToolTip(tr("Not a layer of the chosen model"));
      item->setForeground(Qt::red);
    }
  }
  this->Rebuilding = false;
  this->Placeholder->setVisible(available.isEmpty());
}

//------------------------------------------------------------------------------
void pqModelLayersPropertyWidget::onItemChanged(QListWidgetItem*)
{
  if (this->Rebuilding)
  {
    return;
  }
  auto* layers = vtkSMStringVectorProperty::SafeDownCast(this->property());
  layers->SetUncheckedElements(ToStdStrings(this->checkedLayers()));
  Q_EMIT this->changeAvailable();
}

//------------------------------------------------------------------------------
QStringList pqModelLayersPropertyWidget::checkedLayers() const
{
  QStringList checked;
  for (int row = 0; row < this->List->count(); ++row)
  {
    QListWidgetItem* item = this->List->item(row);
    if (item->checkState() == Qt::Checked)
    {
      checked.push_back(item->text());
    }
  }
  return checked;
}

//------------------------------------------------------------------------------
void pqModelLayersPropertyWidget::apply()
{
  auto* layers = vtkSMStringVectorProperty::SafeDownCast(this->property());
  layers->SetElements(layers->GetUncheckedElements());
  this->Superclass::apply();
}

//------------------------------------------------------------------------------
void pqModelLayersPropertyWidget::reset()
{
  this->property()->ClearUncheckedElements();
  this->rebuildList();
  this->Superclass::reset();
}
