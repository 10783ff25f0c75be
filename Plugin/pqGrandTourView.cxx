#include "pqGrandTourView.h"

#include "pqApplicationCore.h"
#include "pqCoreUtilities.h"
#include "pqDataRepresentation.h"
#include "pqOutputPort.h"
#include "pqPipelineSource.h"
#include "pqRepresentation.h"
#include "vtkCommand.h"
#include "vtkSMProperty.h"
#include "vtkSMPropertyHelper.h"
#include "vtkSMSourceProxy.h"
#include "vtkSMTrace.h"
#include "vtkSMViewProxy.h"

#include "vtkGrandTourView.h"
#include "vtkSMGrandTourViewProxy.h"

#include <QFrame>
#include <QEvent>
#include <QHelpEvent>
#include <QImage>
#include <QPixmap>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

namespace
{
constexpr int SliderSteps = 200; // speed slider: 0 .. 2 rad/s in 0.01 steps
constexpr int TimerMilliseconds = 16;
constexpr double TransitionMilliseconds = 700.0; // a layer switch, as in the UMAP Tour

// vtkSelectionNode field types, as the selection sources' FieldType property holds them.
constexpr int PointField = 1;
constexpr int RowField = 5;

// The (rank, row) of a pick (process, id) of the Grand Tour view: under MPI the last rank (or a
// client rendering the server's rows, as process 0) picks every row, its own first, then rank
// 0's, rank 1's, ... (vtkGrandTourRepresentation::GetRowsPerRankInfo; neurotour's
// _rank_and_row does the same for pvpython).
std::pair<vtkIdType, vtkIdType> RankAndRow(
  vtkIdType process, vtkIdType pick, const std::vector<int>& rowsPerRank)
{
  const auto last = static_cast<vtkIdType>(rowsPerRank.size()) - 1;
  if (last < 1 || (process != 0 && process != last))
  {
    return { process, pick };
  }
  if (pick < rowsPerRank[last])
  {
    return { last, pick };
  }
  vtkIdType rest = pick - rowsPerRank[last];
  for (vtkIdType rank = 0; rank < last; ++rank)
  {
    if (rest < rowsPerRank[rank])
    {
      return { rank, rest };
    }
    rest -= rowsPerRank[rank];
  }
  return { process, pick }; // beyond every row: left as it was
}

// Point-id selections on the table's rows: every IDSelectionSource under `selection`.
bool PointsToRows(vtkSMProxy* selection, const std::vector<int>& rowsPerRank)
{
  if (!selection)
  {
    return false;
  }
  bool changed = false;
  if (selection->GetProperty("Input") && !selection->GetProperty("FieldType"))
  {
    vtkSMPropertyHelper inputs(selection, "Input");
    for (unsigned int i = 0; i < inputs.GetNumberOfElements(); ++i)
    {
      changed = PointsToRows(inputs.GetAsProxy(i), rowsPerRank) || changed;
    }
  }
  else if (selection->GetProperty("FieldType") &&
    vtkSMPropertyHelper(selection, "FieldType").GetAsInt() == PointField)
  {
    vtkSMPropertyHelper(selection, "FieldType").Set(RowField);
    if (rowsPerRank.size() > 1 && selection->GetProperty("IDs"))
    {
      vtkSMPropertyHelper ids(selection, "IDs");
      for (unsigned int k = 0; k + 1 < ids.GetNumberOfElements(); k += 2)
      {
        const auto rankAndRow =
          RankAndRow(ids.GetAsIdType(k), ids.GetAsIdType(k + 1), rowsPerRank);
        ids.Set(k, rankAndRow.first);
        ids.Set(k + 1, rankAndRow.second);
      }
    }
    selection->UpdateVTKObjects();
    changed = true;
  }
  return changed;
}
} // namespace

//------------------------------------------------------------------------------
pqGrandTourView::pqGrandTourView(
  const QString& group, const QString& name, vtkSMProxy* viewProxy, pqServer* server, QObject* parent)
  : Superclass("GrandTourView", group, name, vtkSMViewProxy::SafeDownCast(viewProxy), server, parent)
{
  this->Timer.setInterval(TimerMilliseconds);
  QObject::connect(&this->Timer, &QTimer::timeout, this, &pqGrandTourView::advance);
  pqCoreUtilities::connect(viewProxy->GetProperty("Playing"), vtkCommand::ModifiedEvent, this,
    SLOT(updateControls()));
  pqCoreUtilities::connect(
    viewProxy->GetProperty("Speed"), vtkCommand::ModifiedEvent, this, SLOT(updateControls()));
  QObject::connect(this, &pqView::updateDataEvent, this, &pqGrandTourView::updateDomains);
  this->TransitionTimer.setInterval(TimerMilliseconds);
  QObject::connect(&this->TransitionTimer, &QTimer::timeout, this,
    &pqGrandTourView::advanceLayerTransition);
  QObject::connect(this, &pqView::representationAdded, this, &pqGrandTourView::watchLayer);
  // A projection link (neurotour.LinkProjections) sets these from another view: draw them.
  for (const char* name : { "ProjectionMatrix", "TourOrigin", "TourTime", "Seed", "Speed",
         "TourMode", "PursuitIndex" })
  {
    pqCoreUtilities::connect(
      viewProxy->GetProperty(name), vtkCommand::ModifiedEvent, this, SLOT(render()));
  }
  if (auto* view = vtkGrandTourView::SafeDownCast(this->getClientSideView()))
  {
    this->EditedObserver = view->AddObserver(
      vtkGrandTourView::ProjectionEditedEvent, this, &pqGrandTourView::onProjectionEdited);
    this->EditFinishedObserver = view->AddObserver(
      vtkGrandTourView::ProjectionEditFinishedEvent, this, &pqGrandTourView::traceHandleDrag);
  }
}

//------------------------------------------------------------------------------
pqGrandTourView::~pqGrandTourView()
{
  if (auto* view = vtkGrandTourView::SafeDownCast(this->getClientSideView()))
  {
    view->RemoveObserver(this->EditedObserver);
    view->RemoveObserver(this->EditFinishedObserver);
  }
  for (const auto& observer : this->LayerObservers)
  {
    if (observer.first)
    {
      observer.first->RemoveObserver(observer.second);
    }
  }
}

//------------------------------------------------------------------------------
QWidget* pqGrandTourView::createWidget()
{
  QWidget* renderWidget = this->Superclass::createWidget();
  auto* container = new QWidget();
  container->setObjectName("GrandTourViewWidget");
  auto* layout = new QVBoxLayout(container);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);

  auto* controls = new QHBoxLayout();
  controls->setContentsMargins(4, 2, 4, 0);
  this->PlayButton = new QToolButton(container);
  this->PlayButton->setObjectName("PlayTour");
  this->PlayButton->setCheckable(true);
  this->PlayButton->setToolTip(tr("Play or pause the tour (advances Tour Time)"));
  QObject::connect(this->PlayButton, &QToolButton::toggled, this, &pqGrandTourView::setPlaying);
  controls->addWidget(this->PlayButton);

  auto* speedName = new QLabel(tr("Speed"), container);
  controls->addWidget(speedName);
  this->SpeedSlider = new QSlider(Qt::Horizontal, container);
  this->SpeedSlider->setObjectName("TourSpeed");
  this->SpeedSlider->setRange(0, SliderSteps);
  this->SpeedSlider->setToolTip(tr("Angular speed of the tour, in radians per second"));
  QObject::connect(
    this->SpeedSlider, &QSlider::valueChanged, this, &pqGrandTourView::setSpeedFromSlider);
  QObject::connect(
    this->SpeedSlider, &QSlider::sliderReleased, this, &pqGrandTourView::traceSpeedDrag);
  controls->addWidget(this->SpeedSlider, 1);
  this->SpeedLabel = new QLabel(container);
  this->SpeedLabel->setMinimumWidth(70);
  controls->addWidget(this->SpeedLabel);

  this->ArmHandleButton = new QToolButton(container);
  this->ArmHandleButton->setObjectName("ArmCentroidHandle");
  this->ArmHandleButton->setCheckable(true);
  this->ArmHandleButton->setText(tr("+ Handle"));
  this->ArmHandleButton->setToolTip(
    tr("Add a centroid handle at the samples of the next rubber-band selection (key d, "
       "which also starts ParaView's point selection). "
       "Double-click a handle to rename it; x removes the latest one; i switches images and "
       "dots; click a class in the legend to hide or show it."));
  controls->addWidget(this->ArmHandleButton);

  auto* reset = new QToolButton(container);
  reset->setObjectName("ResetProjection");
  reset->setText(tr("Reset projection"));
  reset->setToolTip(tr("Show the first two coordinates again; the tour continues from there"));
  QObject::connect(reset, &QToolButton::clicked, this, &pqGrandTourView::resetProjection);
  controls->addWidget(reset);

  layout->addLayout(controls);
  layout->addWidget(renderWidget, 1);
  this->RenderWidget = renderWidget;
  renderWidget->installEventFilter(this);
  this->updateControls();
  return container;
}

//------------------------------------------------------------------------------
void pqGrandTourView::updateControls()
{
  vtkSMProxy* proxy = this->getProxy();
  const bool playing = vtkSMPropertyHelper(proxy, "Playing").GetAsInt() != 0;
  const double speed = vtkSMPropertyHelper(proxy, "Speed").GetAsDouble();
  if (this->PlayButton)
  {
    const QSignalBlocker blocker(this->PlayButton);
    this->PlayButton->setChecked(playing);
    this->PlayButton->setIcon(this->PlayButton->style()->standardIcon(
      playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
  }
  if (this->SpeedSlider)
  {
    const QSignalBlocker blocker(this->SpeedSlider);
    this->SpeedSlider->setValue(static_cast<int>(speed * 100.0 + 0.5));
  }
  if (this->SpeedLabel)
  {
    this->SpeedLabel->setText(tr("%1 rad/s").arg(speed, 0, 'f', 2));
  }
  if (playing && !this->Timer.isActive())
  {
    this->Clock.start();
    this->Timer.start();
  }
  else if (!playing && this->Timer.isActive())
  {
    this->Timer.stop();
  }
}

//------------------------------------------------------------------------------
void pqGrandTourView::updateDomains()
{
  // The drop-downs of CoordinatesArray, ColorArray, NeighborsArray and each representation's
  // Layer list what the data just delivered holds.
  vtkSMProxy* proxy = this->getProxy();
  for (const char* names :
    { "CoordinatesArrayNamesInfo", "ColorArrayNamesInfo", "NeighborsArrayNamesInfo" })
  {
    proxy->UpdatePropertyInformation(proxy->GetProperty(names));
  }
  for (pqRepresentation* representation : this->getRepresentations())
  {
    vtkSMProxy* representationProxy = representation->getProxy();
    if (vtkSMProperty* layers = representationProxy->GetProperty("LayerNamesInfo"))
    {
      representationProxy->UpdatePropertyInformation(layers);
    }
  }
}

//------------------------------------------------------------------------------
void pqGrandTourView::watchLayer(pqRepresentation* representation)
{
  if (vtkSMProperty* layer = representation->getProxy()->GetProperty("Layer"))
  {
    if (representation->getProxy()->GetProperty("LayerTransition"))
    {
      this->LayerObservers.emplace_back(layer,
        layer->AddObserver(vtkCommand::ModifiedEvent, this, &pqGrandTourView::onLayerChanged));
    }
  }
}

//------------------------------------------------------------------------------
void pqGrandTourView::onLayerChanged(vtkObject* caller, unsigned long, void*)
{
  for (pqRepresentation* representation : this->getRepresentations())
  {
    vtkSMProxy* proxy = representation->getProxy();
    if (proxy->GetProperty("Layer") != caller || !proxy->GetProperty("LayerTransition"))
    {
      continue;
    }
    // Started from the event loop: this runs inside the trace scope of whoever set Layer,
    // which would record LayerTransition too. The representation keeps the picture it
    // leaves, so the first steps may come after the new layer's first render.
    QPointer<pqRepresentation> switched(representation);
    QTimer::singleShot(0, this, [this, switched]() {
      if (!switched)
      {
        return;
      }
      if (std::find(this->Transitioning.begin(), this->Transitioning.end(), switched) ==
        this->Transitioning.end())
      {
        this->Transitioning.push_back(switched);
      }
      this->TransitionClock.start();
      this->TransitionTimer.start();
      this->advanceLayerTransition();
    });
  }
}

//------------------------------------------------------------------------------
void pqGrandTourView::advanceLayerTransition()
{
  const double progress = std::min(1.0, this->TransitionClock.elapsed() / TransitionMilliseconds);
  for (pqRepresentation* representation : this->Transitioning)
  {
    if (representation)
    {
      vtkSMProxy* proxy = representation->getProxy();
      vtkSMPropertyHelper(proxy, "LayerTransition").Set(progress);
      proxy->UpdateVTKObjects();
    }
  }
  if (progress >= 1.0)
  {
    this->TransitionTimer.stop();
    this->Transitioning.clear();
  }
  this->render();
}

//------------------------------------------------------------------------------
void pqGrandTourView::markForTrace(std::initializer_list<const char*> names)
{
  vtkSMProxy* proxy = this->getProxy();
  for (const char* name : names)
  {
    proxy->GetProperty(name)->Modified();
  }
  proxy->UpdateVTKObjects();
}

//------------------------------------------------------------------------------
void pqGrandTourView::setPlaying(bool playing)
{
  vtkSMProxy* proxy = this->getProxy();
  SM_SCOPED_TRACE(PropertiesModified).arg("proxy", proxy).arg("comment", " Play or pause the tour");
  vtkSMPropertyHelper(proxy, "Playing").Set(playing ? 1 : 0);
  proxy->UpdateVTKObjects();
  this->markForTrace({ "TourTime" });
  this->updateControls();
}

//------------------------------------------------------------------------------
void pqGrandTourView::advance()
{
  // Not traced frame by frame (60 entries a second): the next traced action records the
  // TourTime reached. Real elapsed time, so the tour runs at Speed rad/s however fast frames
  // render.
  const double seconds = this->Clock.restart() / 1000.0;
  vtkSMProxy* proxy = this->getProxy();
  const double time = vtkSMPropertyHelper(proxy, "TourTime").GetAsDouble() + seconds;
  vtkSMPropertyHelper(proxy, "TourTime").Set(time);
  proxy->UpdateVTKObjects();
  this->render();
}

//------------------------------------------------------------------------------
std::vector<double> pqGrandTourView::currentFrame()
{
  vtkSMProxy* proxy = this->getProxy();
  proxy->UpdatePropertyInformation(proxy->GetProperty("ProjectionMatrixInfo"));
  vtkSMPropertyHelper info(proxy, "ProjectionMatrixInfo");
  std::vector<double> frame(info.GetNumberOfElements());
  for (unsigned int i = 0; i < frame.size(); ++i)
  {
    frame[i] = info.GetAsDouble(i);
  }
  return frame;
}

//------------------------------------------------------------------------------
void pqGrandTourView::setProjection(const double* values, int count)
{
  if (auto* proxy = vtkSMGrandTourViewProxy::SafeDownCast(this->getProxy()))
  {
    proxy->ShowProjectionMatrix(values, static_cast<unsigned int>(count));
  }
}

//------------------------------------------------------------------------------
void pqGrandTourView::setSpeedFromSlider(int value)
{
  // The frame at a time depends on Speed: today's frame becomes the base. Read outside the
  // trace scope, which would otherwise record the information property as a setting.
  const std::vector<double> frame = this->currentFrame();
  if (this->SpeedSlider && this->SpeedSlider->isSliderDown())
  {
    // A drag: traced once, when the slider is released (traceSpeedDrag).
    this->applySpeed(value, frame);
    return;
  }
  vtkSMProxy* proxy = this->getProxy();
  SM_SCOPED_TRACE(PropertiesModified).arg("proxy", proxy).arg("comment", " Tour speed");
  this->applySpeed(value, frame);
  this->markForTrace({ "TourTime" });
}

//------------------------------------------------------------------------------
void pqGrandTourView::traceSpeedDrag()
{
  vtkSMProxy* proxy = this->getProxy();
  SM_SCOPED_TRACE(PropertiesModified).arg("proxy", proxy).arg("comment", " Tour speed");
  this->markForTrace({ "ProjectionMatrix", "TourOrigin", "TourTime", "Speed" });
}

//------------------------------------------------------------------------------
void pqGrandTourView::traceHandleDrag()
{
  vtkSMProxy* proxy = this->getProxy();
  SM_SCOPED_TRACE(PropertiesModified).arg("proxy", proxy).arg("comment", " Drag a handle");
  this->markForTrace({ "ProjectionMatrix", "TourOrigin", "TourTime" });
}

//------------------------------------------------------------------------------
void pqGrandTourView::applySpeed(int value, const std::vector<double>& frame)
{
  if (!frame.empty())
  {
    this->setProjection(frame.data(), static_cast<int>(frame.size()));
  }
  vtkSMProxy* proxy = this->getProxy();
  vtkSMPropertyHelper(proxy, "Speed").Set(value / 100.0);
  proxy->UpdateVTKObjects();
  this->updateControls();
  this->render();
}

//------------------------------------------------------------------------------
void pqGrandTourView::resetProjection()
{
  // The proxy's command (vtkSMGrandTourViewProxy), which traces itself: what
  // view.ResetProjection() does.
  this->getProxy()->InvokeCommand("ResetProjection");
  this->render();
}

//------------------------------------------------------------------------------
void pqGrandTourView::onProjectionEdited(vtkObject* caller, unsigned long, void*)
{
  auto* view = vtkGrandTourView::SafeDownCast(caller);
  const std::vector<double>& frame = view->GetEditedProjectionMatrix();
  if (!frame.empty())
  {
    this->setProjection(frame.data(), static_cast<int>(frame.size()));
    this->render();
  }
}

//------------------------------------------------------------------------------
void pqGrandTourView::selectPointsOnSurface(int rectangle[4], int selectionModifier, const char* array)
{
  this->Superclass::selectPointsOnSurface(rectangle, selectionModifier, array);
  this->selectRows();
  if (this->ArmHandleButton && this->ArmHandleButton->isChecked())
  {
    this->ArmHandleButton->setChecked(false);
    if (auto* proxy = vtkSMGrandTourViewProxy::SafeDownCast(this->getProxy()))
    {
      proxy->AddCentroidHandleFromSelection();
      this->render();
    }
  }
}

//------------------------------------------------------------------------------
bool pqGrandTourView::eventFilter(QObject* caller, QEvent* event)
{
  auto* proxy = vtkSMGrandTourViewProxy::SafeDownCast(this->getProxy());
  if (caller != this->RenderWidget || !proxy)
  {
    return this->Superclass::eventFilter(caller, event);
  }
  switch (event->type())
  {
    case QEvent::ShortcutOverride:
    {
      // Keys reach the view's widget after the application's shortcuts had their chance.
      auto* key = static_cast<QKeyEvent*>(event);
      if (key->modifiers() & ~Qt::KeypadModifier)
      {
        break;
      }
      if (key->key() == Qt::Key_D && this->ArmHandleButton)
      {
        // Not taken: ParaView's own [d] (Select Points On) starts the rubber band whose
        // selection the armed handle then marks.
        this->ArmHandleButton->setChecked(true);
        break;
      }
      if (key->key() == Qt::Key_X || key->key() == Qt::Key_I)
      {
        event->accept(); // ours in this view: the key press follows
        return true;
      }
      break;
    }
    case QEvent::KeyPress:
    {
      auto* key = static_cast<QKeyEvent*>(event);
      if (key->modifiers() & ~Qt::KeypadModifier)
      {
        break;
      }
      if (key->key() == Qt::Key_X)
      {
        proxy->RemoveLatestCentroidHandle();
        this->render();
        return true;
      }
      if (key->key() == Qt::Key_I)
      {
        proxy->ToggleShowImages();
        this->render();
        return true;
      }
      break;
    }
    case QEvent::MouseButtonPress:
      this->PressPosition = static_cast<QMouseEvent*>(event)->pos();
      break;
    case QEvent::MouseButtonRelease:
    {
      // A click (no drag) on a legend entry; the press went on to VTK as usual.
      auto* mouse = static_cast<QMouseEvent*>(event);
      if (mouse->button() == Qt::LeftButton &&
        (mouse->pos() - this->PressPosition).manhattanLength() <= 3 &&
        this->toggleClassAt(mouse->pos()))
      {
        return true;
      }
      break;
    }
    case QEvent::ToolTip:
    {
      auto* help = static_cast<QHelpEvent*>(event);
      this->showSampleTip(help->pos(), help->globalPos());
      return true;
    }
    case QEvent::MouseMove:
    case QEvent::Leave:
      if (this->SampleTip)
      {
        this->SampleTip->hide();
      }
      break;
    case QEvent::MouseButtonDblClick:
      this->renameHandleAt(static_cast<QMouseEvent*>(event)->pos());
      break;
    default:
      break;
  }
  return this->Superclass::eventFilter(caller, event);
}

//------------------------------------------------------------------------------
QPoint pqGrandTourView::toDisplay(const QPoint& position) const
{
  const double ratio = this->RenderWidget ? this->RenderWidget->devicePixelRatioF() : 1.0;
  const int height = this->RenderWidget ? this->RenderWidget->height() : 0;
  return QPoint(static_cast<int>(position.x() * ratio),
    static_cast<int>((height - 1 - position.y()) * ratio));
}

//------------------------------------------------------------------------------
bool pqGrandTourView::toggleClassAt(const QPoint& position)
{
  auto* view = vtkGrandTourView::SafeDownCast(this->getClientSideView());
  auto* proxy = vtkSMGrandTourViewProxy::SafeDownCast(this->getProxy());
  const QPoint display = this->toDisplay(position);
  int label = 0;
  if (!view || !proxy || !view->GetLegendLabelAt(display.x(), display.y(), label))
  {
    return false;
  }
  proxy->ToggleHiddenLabel(label);
  this->render();
  return true;
}

//------------------------------------------------------------------------------
void pqGrandTourView::showSampleTip(const QPoint& position, const QPoint& globalPosition)
{
  auto* view = vtkGrandTourView::SafeDownCast(this->getClientSideView());
  const QPoint display = this->toDisplay(position);
  vtkGrandTourRepresentation::SampleSummary sample;
  if (!view || !view->GetSampleAt(display.x(), display.y(), sample))
  {
    if (this->SampleTip)
    {
      this->SampleTip->hide();
    }
    return;
  }
  if (!this->SampleTip)
  {
    this->SampleTip = new QFrame(this->RenderWidget, Qt::ToolTip);
    this->SampleTip->setObjectName("GrandTourSampleTip");
    auto* layout = new QVBoxLayout(this->SampleTip);
    layout->setContentsMargins(4, 4, 4, 4);
    this->SampleImage = new QLabel(this->SampleTip);
    this->SampleText = new QLabel(this->SampleTip);
    layout->addWidget(this->SampleImage);
    layout->addWidget(this->SampleText);
  }
  QString text = tr("<b>%1</b>").arg(sample.Label.empty()
      ? tr("sample %1").arg(sample.SampleId)
      : QString::fromStdString(sample.Label).toHtmlEscaped());
  if (!sample.Prediction.empty())
  {
    text += tr("<br>predicted: %1").arg(QString::fromStdString(sample.Prediction).toHtmlEscaped());
  }
  text += tr("<br>SampleId %1").arg(sample.SampleId);
  this->SampleText->setText(text);
  this->SampleImage->setVisible(!sample.Image.empty());
  if (!sample.Image.empty())
  {
    const QImage image(sample.Image.data(), sample.Width, sample.Height,
      sample.Width * sample.Channels,
      sample.Channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8);
    // Four texels a pixel: a 28×28 image as 112×112, sharp.
    this->SampleImage->setPixmap(
      QPixmap::fromImage(image.scaled(4 * sample.Width, 4 * sample.Height)));
  }
  this->SampleTip->adjustSize();
  this->SampleTip->move(globalPosition + QPoint(14, 14));
  this->SampleTip->show();
}

//------------------------------------------------------------------------------
void pqGrandTourView::renameHandleAt(const QPoint& position)
{
  auto* view = vtkGrandTourView::SafeDownCast(this->getClientSideView());
  auto* proxy = vtkSMGrandTourViewProxy::SafeDownCast(this->getProxy());
  const QPoint display = this->toDisplay(position);
  const std::string name = view ? view->GetCentroidHandleAt(display.x(), display.y()) : "";
  if (name.empty() || !proxy)
  {
    return;
  }
  QInputDialog dialog(this->RenderWidget);
  dialog.setObjectName("RenameCentroidHandle");
  dialog.setWindowTitle(tr("Rename handle"));
  dialog.setLabelText(tr("New name of the centroid handle \"%1\":").arg(QString::fromStdString(name)));
  dialog.setTextValue(QString::fromStdString(name));
  if (dialog.exec() == QDialog::Accepted)
  {
    proxy->RenameCentroidHandle(name, dialog.textValue().trimmed().toStdString());
    this->render();
  }
}

//------------------------------------------------------------------------------
void pqGrandTourView::selectCellsOnSurface(int rectangle[4], int selectionModifier, const char* array)
{
  // Each sample is one vertex: selecting "cells" means selecting the same samples.
  this->selectPointsOnSurface(rectangle, selectionModifier, array);
}

//------------------------------------------------------------------------------
void pqGrandTourView::selectRows()
{
  bool changed = false;
  for (pqRepresentation* item : this->getRepresentations())
  {
    auto* representation = qobject_cast<pqDataRepresentation*>(item);
    pqOutputPort* port = representation ? representation->getOutputPortFromInput() : nullptr;
    if (port)
    {
      vtkSMProxy* proxy = representation->getProxy();
      proxy->UpdatePropertyInformation();
      const std::vector<int> rowsPerRank =
        vtkSMPropertyHelper(proxy, "RowsPerRankInfo").GetIntArray();
      changed = PointsToRows(
                  port->getSourceProxy()->GetSelectionInput(port->getPortNumber()), rowsPerRank) ||
        changed;
    }
  }
  if (changed)
  {
    pqApplicationCore::instance()->render();
  }
}
