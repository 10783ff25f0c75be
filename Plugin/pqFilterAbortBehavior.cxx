#include "pqFilterAbortBehavior.h"

#include "pqApplicationCore.h"
#include "pqPipelineSource.h"
#include "pqProgressManager.h"
#include "pqPropertiesPanel.h"
#include "pqServerManagerModel.h"
#include "vtkAlgorithm.h"
#include "vtkCommand.h"
#include "vtkSMProxy.h"

#include <QApplication>
#include <QCoreApplication>
#include <QEvent>

namespace
{
constexpr int EventIntervalMilliseconds = 100;

bool IsUserInput(QEvent::Type type)
{
  switch (type)
  {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseButtonDblClick:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::ShortcutOverride:
    case QEvent::Shortcut:
    case QEvent::ContextMenu:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TouchEnd:
    case QEvent::DragEnter:
    case QEvent::DragMove:
    case QEvent::Drop:
      return true;
    default:
      return false;
  }
}
} // namespace

//------------------------------------------------------------------------------
pqFilterAbortBehavior::pqFilterAbortBehavior(QObject* parent)
  : Superclass(parent)
{
}

//------------------------------------------------------------------------------
pqFilterAbortBehavior::~pqFilterAbortBehavior()
{
  this->shutdown();
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::startup()
{
  auto* core = pqApplicationCore::instance();
  if (!core)
  {
    return;
  }
  pqServerManagerModel* model = core->getServerManagerModel();
  QObject::connect(
    model, &pqServerManagerModel::sourceAdded, this, &pqFilterAbortBehavior::onSourceAdded);
  QObject::connect(model, &pqServerManagerModel::preSourceRemoved, this,
    &pqFilterAbortBehavior::onSourceRemoved);
  for (pqPipelineSource* source : model->findItems<pqPipelineSource*>())
  {
    this->onSourceAdded(source);
  }
  QObject::connect(core->getProgressManager(), &pqProgressManager::abort, this,
    &pqFilterAbortBehavior::abortRunning);
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::shutdown()
{
  for (auto it = this->Algorithms.begin(); it != this->Algorithms.end(); ++it)
  {
    for (unsigned long observer : it.value().Observers)
    {
      it.key()->RemoveObserver(observer);
    }
  }
  this->Algorithms.clear();
  this->Running = nullptr;
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::onSourceAdded(pqPipelineSource* source)
{
  // Only builtin sessions have the algorithm in this process.
  auto* algorithm = vtkAlgorithm::SafeDownCast(source->getProxy()->GetClientSideObject());
  if (!algorithm || this->Algorithms.contains(algorithm))
  {
    return;
  }
  Observed observed;
  observed.Source = source;
  observed.Observers[0] =
    algorithm->AddObserver(vtkCommand::StartEvent, this, &pqFilterAbortBehavior::onStart);
  observed.Observers[1] =
    algorithm->AddObserver(vtkCommand::ProgressEvent, this, &pqFilterAbortBehavior::onProgress);
  observed.Observers[2] =
    algorithm->AddObserver(vtkCommand::EndEvent, this, &pqFilterAbortBehavior::onEnd);
  this->Algorithms.insert(algorithm, observed);
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::onSourceRemoved(pqPipelineSource* source)
{
  for (auto it = this->Algorithms.begin(); it != this->Algorithms.end(); ++it)
  {
    if (it.value().Source == source)
    {
      for (unsigned long observer : it.value().Observers)
      {
        it.key()->RemoveObserver(observer);
      }
      if (this->Running == it.key())
      {
        this->Running = nullptr;
      }
      this->Algorithms.erase(it);
      return;
    }
  }
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::onStart(vtkObject* caller, unsigned long, void*)
{
  auto* algorithm = vtkAlgorithm::SafeDownCast(caller);
  if (algorithm->GetAbortExecute())
  {
    return; // an aborted filter answering a render with its empty output: nothing to abort
  }
  this->Running = algorithm;
  this->SinceEvents.start();
  pqApplicationCore::instance()->getProgressManager()->setEnableAbort(true);
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::onProgress(vtkObject* caller, unsigned long, void*)
{
  if (caller != this->Running || this->Processing ||
    this->SinceEvents.elapsed() < EventIntervalMilliseconds)
  {
    return;
  }
  // Let a press on the abort button through; everything else waits for the filter to end.
  // The progress manager's own filter holds back every press while a filter runs, its
  // abort button's too (the press reaches the button's window first): this filter takes over.
  pqProgressManager* progress = pqApplicationCore::instance()->getProgressManager();
  this->Processing = true;
  const bool wasUnblocked = progress->unblockEvents(true);
  QCoreApplication::instance()->installEventFilter(this);
  QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::X11ExcludeTimers);
  QCoreApplication::instance()->removeEventFilter(this);
  progress->unblockEvents(wasUnblocked);
  this->Processing = false;
  this->SinceEvents.start();
}

//------------------------------------------------------------------------------
bool pqFilterAbortBehavior::eventFilter(QObject* watched, QEvent* event)
{
  if (this->Processing)
  {
    // Input reaches a widget through its window: let the window have it, then hold back
    // everything but the abort button.
    if (IsUserInput(event->type()) && !watched->isWindowType())
    {
      return watched->objectName() != QLatin1String("AbortButton");
    }
    // A render widget's repaint would render, and so update, the pipeline we are inside.
    if ((event->type() == QEvent::Paint || event->type() == QEvent::UpdateRequest) &&
      watched->inherits("QOpenGLWidget"))
    {
      return true;
    }
  }
  return this->Superclass::eventFilter(watched, event);
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::onEnd(vtkObject* caller, unsigned long, void*)
{
  auto* algorithm = vtkAlgorithm::SafeDownCast(caller);
  if (algorithm != this->Running)
  {
    return;
  }
  this->Running = nullptr;
  pqApplicationCore::instance()->getProgressManager()->setEnableAbort(false);
  if (this->AbortRequested)
  {
    this->AbortRequested = false;
    auto found = this->Algorithms.find(algorithm);
    if (found != this->Algorithms.end() && found.value().Source)
    {
      Observed& observed = found.value();
      observed.Aborted = true;
      // A first Apply runs the filter while it announces the source as applied, and marks it
      // unmodified afterwards: that announcement must not clear the abort, and the source is
      // marked modified again when the Apply has finished (onApplyFinished).
      observed.AbortedInFirstApply =
        observed.Source->modifiedState() == pqProxy::UNINITIALIZED;
      observed.Source->setModifiedState(pqProxy::MODIFIED);
      this->watchApply();
    }
    else
    {
      algorithm->SetAbortExecute(0); // nothing to apply it again from
    }
  }
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::watchApply()
{
  for (QWidget* window : QApplication::topLevelWidgets())
  {
    for (pqPropertiesPanel* panel : window->findChildren<pqPropertiesPanel*>())
    {
      QObject::connect(panel, QOverload<pqProxy*>::of(&pqPropertiesPanel::applied), this,
        &pqFilterAbortBehavior::onApplied, Qt::UniqueConnection);
      QObject::connect(panel, QOverload<>::of(&pqPropertiesPanel::applied), this,
        &pqFilterAbortBehavior::onApplyFinished, Qt::UniqueConnection);
    }
  }
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::onApplied(pqProxy* proxy)
{
  for (auto it = this->Algorithms.begin(); it != this->Algorithms.end(); ++it)
  {
    Observed& observed = it.value();
    if (!observed.Aborted || observed.Source != proxy)
    {
      continue;
    }
    if (observed.AbortedInFirstApply)
    {
      observed.AbortedInFirstApply = false; // the Apply that was aborted, still announcing
      continue;
    }
    // Before the render that ends this Apply: that render runs the filter again.
    observed.Aborted = false;
    it.key()->SetAbortExecute(0);
    it.key()->Modified();
  }
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::onApplyFinished()
{
  for (auto it = this->Algorithms.begin(); it != this->Algorithms.end(); ++it)
  {
    Observed& observed = it.value();
    if (observed.Aborted && observed.Source)
    {
      observed.AbortedInFirstApply = false;
      observed.Source->setModifiedState(pqProxy::MODIFIED);
    }
  }
}

//------------------------------------------------------------------------------
void pqFilterAbortBehavior::abortRunning()
{
  if (this->Running)
  {
    this->Running->SetAbortExecute(1);
    this->AbortRequested = true;
  }
}
