#ifndef pqModelLayersPropertyWidget_h
#define pqModelLayersPropertyWidget_h

#include "pqPropertyWidget.h"

#include <QStringList>
#include <QTimer>

class QLabel;
class QListWidget;
class QListWidgetItem;

/**
 * The Layers property of Activation Extraction: the model's layers as a checkable list.
 *
 * The list is the property's string-list domain, which follows the LayerNamesInfo information
 * property. As soon as a model file is chosen in the panel (before Apply), the widget pushes
 * that file to the filter and updates its pipeline information, so the model's layers appear
 * at once, as a reader's arrays do. Checked layers are kept as the property's unchecked
 * values until Apply, like every other panel widget.
 */
class pqModelLayersPropertyWidget : public pqPropertyWidget
{
  Q_OBJECT
  typedef pqPropertyWidget Superclass;

public:
  pqModelLayersPropertyWidget(vtkSMProxy* proxy, vtkSMProperty* property, QWidget* parent = nullptr);
  ~pqModelLayersPropertyWidget() override;

  void apply() override;
  void reset() override;

private:
  void onModelFileChanged();
  void rebuildList();
  void onItemChanged(QListWidgetItem* item);
  QStringList checkedLayers() const;

  QListWidget* List;
  QLabel* Placeholder;
  QStringList ListedModelFiles; // the model files whose layers the domain shows
  QTimer ModelFileSettle;
  bool Rebuilding = false;
  unsigned long DomainObserver = 0;
  unsigned long ModelFileObserver = 0;
  unsigned long ModelFilesObserver = 0;

  Q_DISABLE_COPY(pqModelLayersPropertyWidget)
};

#endif
