#ifndef pqWideColumnsBehavior_h
#define pqWideColumnsBehavior_h

#include <QObject>

class pqDataRepresentation;
class pqRepresentation;
class pqView;

/**
 * Keeps spreadsheets of sample tables responsive: a feature array (Pixels, Activations) is
 * hundreds to tens of thousands of columns, and Qt's header handling of that many columns
 * froze the GUI for minutes. When a table is shown in a spreadsheet view, arrays wider than
 * MaximumVisibleComponents are added to the view's hidden column labels; the spreadsheet's
 * "Toggle column visibility" menu shows them again.
 */
class pqWideColumnsBehavior : public QObject
{
  Q_OBJECT
  typedef QObject Superclass;

public:
  pqWideColumnsBehavior(QObject* parent = nullptr);
  ~pqWideColumnsBehavior() override;

  static constexpr int MaximumVisibleComponents = 32;

  // The plugin's auto-start interface.
  void startup();
  void shutdown() {}

private:
  void onViewAdded(pqView* view);
  void onRepresentationAdded(pqRepresentation* representation);
  // False while the representation's input has no data information yet.
  bool hideWideColumns(pqDataRepresentation* data);

  Q_DISABLE_COPY(pqWideColumnsBehavior)
};

#endif
