/**
 * @class vtkGrandTourColoring
 * @brief The colours of a Grand Tour representation's samples, its class legend and the
 * order the canvas draws them in.
 *
 * Integer columns are categorical ("Brewer Qualitative Paired", class names from the field
 * data `LabelNames`, a legend of swatches and names); other columns get a viridis ramp; a
 * lookup table set on the view replaces both. Samples of hidden classes are faded and drawn
 * first, behind the others; the rest are drawn in SampleId order, so the picture does not
 * depend on how a time step's rows happen to be ordered.
 */
#ifndef vtkGrandTourColoring_h
#define vtkGrandTourColoring_h

#include "vtkGrandTourCanvas.h" // for vtkGrandTourCanvas::Layer
#include "vtkNew.h"             // for vtkNew
#include "vtkSmartPointer.h"    // for vtkSmartPointer

#include <string> // for std::string
#include <vector> // for std::vector

class vtkGrandTourView;
class vtkLegendBoxActor;
class vtkPolyData;
class vtkUnsignedCharArray;

class vtkGrandTourColoring
{
public:
  vtkGrandTourColoring();
  ~vtkGrandTourColoring();

  /// The class legend (swatches and names), a prop of the view's renderer.
  vtkLegendBoxActor* GetLegend() { return this->Legend; }

  /// Colours the rows of `data` (skipping rows whose `valid` flag is 0) as the view's
  /// ColorArray, LookupTable, ShowLegend and HiddenLabels say; fills the layer's Colors, Faded
  /// and Shown. Returns a warning for the user, or an empty string.
  std::string Update(vtkPolyData* data, const std::vector<char>& valid, vtkGrandTourView* view,
    vtkGrandTourCanvas::Layer& layer);

  /// Places the legend in the top right corner of a viewport of this size (pixels): entries
  /// of a readable height that follows the viewport's smaller side within bounds, so the
  /// swatches are never a few pixels nor the names huge.
  void LayoutLegend(const int viewportSize[2]);

  /// Whether row r belongs to a hidden class (after Update).
  bool IsHidden(vtkIdType row) const { return !this->Hidden.empty() && this->Hidden[row]; }

  /// The label value of the legend entry under a display position (pixels of the viewport
  /// whose size is given), or false when the position is on no entry.
  bool LegendEntryAt(const int position[2], const int viewportSize[2], int& label) const;

private:
  vtkGrandTourColoring(const vtkGrandTourColoring&) = delete;
  void operator=(const vtkGrandTourColoring&) = delete;

  vtkSmartPointer<vtkUnsignedCharArray> Colors;
  std::vector<char> Hidden;
  std::vector<long long> LegendValues; // label value of each legend entry, top first
  std::size_t LongestName = 0;          // characters of the longest legend name
  vtkNew<vtkLegendBoxActor> Legend;
  vtkNew<vtkPolyData> Swatch;
};

#endif
