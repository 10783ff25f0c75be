"""Grand Tour view: what the GUI's interactions drive, through proxy properties and commands
(so they are traced and saved in state files): the array drop-downs' lists, the layer chooser
of a multiblock, hidden classes, ShowImages, the show-frame command, centroid handles from the
selection, renamed in place, and kept in a state file."""
import builtins
import os

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())
import neurotour  # noqa: E402,F401  (the view's Python methods)

LAYERS = '''
import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkTable, vtkCompositeDataSet
from vtkmodules.vtkCommonCore import vtkStringArray
rng = np.random.default_rng(3)
out = self.GetOutput()
# Two layers of the same 40 samples: "conv" is 3-D, "fc" 5-D; labels 0..3.
for index, (name, dimension) in enumerate((("conv", 3), ("fc", 5))):
    table = vtkTable()
    for column, values in (("Activations", rng.normal(size=(40, dimension)).astype(np.float32)),
                           ("Label", (np.arange(40) % 4).astype(np.int32)),
                           ("Confidence", np.linspace(0, 1, 40).astype(np.float32)),
                           ("SampleId", np.arange(40, dtype=np.int64))):
        array = numpy_to_vtk(values, deep=1)
        array.SetName(column)
        table.AddColumn(array)
    table.GetRowData().SetGlobalIds(table.GetColumnByName("SampleId"))  # as every NeuroTour table
    names = vtkStringArray()
    names.SetName("LabelNames")
    for label in ("zero", "one", "two", "three"):
        names.InsertNextValue(label)
    table.GetFieldData().AddArray(names)
    out.SetBlock(index, table)
    out.GetMetaData(index).Set(vtkCompositeDataSet.NAME(), name)
'''


def information_values(proxy, name):
    proxy.SMProxy.UpdatePropertyInformation(proxy.SMProxy.GetProperty(name))
    prop = proxy.SMProxy.GetProperty(name)
    return [prop.GetElement(i) for i in range(prop.GetNumberOfElements())]


def pixels_near(view, colours, tolerance=40):
    """How many of the view's pixels lie near each colour (shaded spheres vary around it)."""
    import numpy
    pixels = nt.picture(view)[:, :3].astype(int)
    return [int((numpy.abs(pixels - colour).max(axis=1) < tolerance).sum()) for colour in colours]


layers = ProgrammableSource(OutputDataSetType="vtkMultiblockDataSet", Script=LAYERS)
view = CreateView("GrandTourView")
view.ViewSize = [400, 400]
view.ShowAxisHandles = 0
view.ShowLegend = 0

# 9, second half: Show(multiblock, view) tours one layer; the chooser lists the layers.
shown = Show(layers, view)
Render(view)
nt.check(information_values(shown, "LayerNamesInfo") == ["conv", "fc"],
         "the Layer domain lists the blocks: %r" % information_values(shown, "LayerNamesInfo"))
nt.check(shown.Layer == "" and len(view.GetProjectionMatrix()) == 3,
         "by default the first layer (3-D) is toured: %d rows" % len(view.GetProjectionMatrix()))
shown.Layer = "fc"
Render(view)
nt.check(len(view.GetProjectionMatrix()) == 5,
         "Layer 'fc' tours the 5-D block: %d rows" % len(view.GetProjectionMatrix()))
Hide(layers, view)
shown = Show(layers, view, Layer="fc")
Render(view)
nt.check(len(view.GetProjectionMatrix()) == 5, "Show(..., Layer='fc') tours that block")
nt.check(list(shown.GetProperty("Layer").Available) == ["conv", "fc"],
         "the Layer property's domain: %r" % list(shown.GetProperty("Layer").Available))

# 6: the view's CoordinatesArray and ColorArray drop-downs list the shown data's arrays.
coordinates = information_values(view, "CoordinatesArrayNamesInfo")
colours = information_values(view, "ColorArrayNamesInfo")
nt.check(coordinates == ["Activations"], "toured arrays offered: %r" % coordinates)
nt.check(colours == ["Label", "Confidence", "SampleId"], "colour arrays offered: %r" % colours)
nt.check(list(view.GetProperty("ColorArray").Available) == colours,
         "ColorArray's domain: %r" % list(view.GetProperty("ColorArray").Available))

# 4 (show this frame now): the proxy's command makes the ProjectionMatrix just set the frame
# at the current TourTime.
view.TourTime = 3.0
view.ProjectionMatrix = [0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
view.ShowProjectionMatrix()
frame = view.GetProjectionMatrix()
nt.check(view.TourOrigin == 3.0 and builtins.max(
    abs(a - b) for row, want in zip(frame, [[0, 1], [1, 0]] + [[0, 0]] * 3)
    for a, b in zip(row, want)) < 1e-12,
         "ShowProjectionMatrix shows the frame now: origin %r, frame %r" % (view.TourOrigin, frame))

# 8: hidden classes change what is drawn (each class a Brewer Paired colour).
PAIRED = [(166, 206, 227), (31, 120, 180), (178, 223, 138), (51, 160, 44)]
before = pixels_near(view, PAIRED)
view.HiddenLabels = [1, 3]
after = pixels_near(view, PAIRED)
nt.check(builtins.all(b > 50 for b in before) and after[1] < 0.1 * before[1] and
         after[3] < 0.1 * before[3] and after[0] > 0.8 * before[0],
         "hiding classes 1 and 3 fades their colours, keeps 0 and 2: before %r, after %r" % (
             before, after))
view.HiddenLabels = []

# 8: [d] + a selection: a centroid handle at the selected samples (named "centroid k"); [x]
# removes the latest; both go through the proxy's commands, which the GUI calls too.
SelectGlobalIDs(IDs=[4, 8, 12], FieldType="ROW", Source=layers)
view.AddCentroidHandleFromSelection()
SelectGlobalIDs(IDs=[1, 2], FieldType="ROW", Source=layers)
view.AddCentroidHandleFromSelection()
nt.check(list(view.CentroidHandles) == ["centroid 1", "4 8 12", "centroid 2", "1 2"],
         "centroid handles from two selections: %r" % list(view.CentroidHandles))
view.RemoveLatestCentroidHandle()
nt.check(list(view.CentroidHandles) == ["centroid 1", "4 8 12"],
         "the latest handle removed: %r" % list(view.CentroidHandles))
ClearSelection(layers)
messages_before = view.CentroidHandles[:]
view.AddCentroidHandleFromSelection()  # nothing selected: an error, no handle
nt.check(list(view.CentroidHandles) == list(messages_before), "no selection, no handle")

# [i]: thumbnails and dots.
nt.check(view.ShowImages == 0, "dots by default")
view.ToggleShowImages()
nt.check(view.ShowImages == 1, "ToggleShowImages shows images")
view.ToggleShowImages()
nt.check(view.ShowImages == 0, "ToggleShowImages again shows dots")

# A renamed handle persists in a saved state and reloads, with the layer and hidden classes.
view.RenameHandle("centroid 1", "every fourth")
view.HiddenLabels = [2]
Render(view)
state = os.path.join(nt.OUTPUT, "GrandTourInteractions.pvsm")
SaveState(state)
ResetSession()
nt.load_plugin(globals())
LoadState(state)
views = [v for v in GetViews() if v.GetXMLName() == "GrandTourView"]
if nt.check(len(views) == 1, "the state has the Grand Tour view"):
    reloaded = views[0]
    representation = GetDisplayProperties(FindSource("ProgrammableSource1"), reloaded)
    Render(reloaded)
    nt.check(list(reloaded.CentroidHandles) == ["every fourth", "4 8 12"],
             "the renamed handle reloads: %r" % list(reloaded.CentroidHandles))
    nt.check(list(reloaded.HiddenLabels) == [2] and representation.Layer == "fc",
             "hidden classes and the layer reload: %r, %r" % (
                 list(reloaded.HiddenLabels), representation.Layer))

nt.finish()
