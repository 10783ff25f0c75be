"""The GUI's ways in: a state file and Python tracing.

1. Examples/NeuroTour.pvsm (written by Examples/make_state.py) loads with LoadState once the
   plugin is loaded: IDXReader (2,000) -> PCAReduction (50) -> UMAPEmbedding (15-D) in a Grand
   Tour view with thumbnails, coloured by Label with the class legend; it renders.
2. A Python trace of IDXReader -> UMAPEmbedding -> Grand Tour view (TourTime, ProjectionMatrix)
   replays in a fresh session to the same view state and the same data.
3. The proxy commands behind the view's "Reset projection" button and key [i]
   (ResetProjection, ToggleShowImages) trace themselves and the trace replays to the same
   frame; ResetProjection is the view's own method in plain pvpython. The GUI's controls
   themselves are traced by the real pqGrandTourView in GUI.TestGUIHandleDrag.
"""
import builtins
import os

import neurotour_testing as nt
from paraview.simple import *
from paraview import smtrace

nt.load_plugin(globals())
import neurotour  # noqa: E402,F401  (the view's Python methods)

STATE = os.path.join(nt.SOURCE_DIR, "Examples", "NeuroTour.pvsm")


def row_columns(proxy):
    """{name: components} of the row arrays of a proxy's output."""
    from vtkmodules.vtkCommonDataModel import vtkDataObject
    rows = proxy.GetDataInformation().DataInformation.GetAttributeInformation(vtkDataObject.ROW)
    arrays = [rows.GetArrayInformation(i) for i in range(rows.GetNumberOfArrays())]
    return {a.GetName(): a.GetNumberOfComponents() for a in arrays}


def grand_tour_views():
    return [v for v in GetViews() if v.GetXMLName() == "GrandTourView"]


def distinct_colours(view, name):
    import numpy
    from vtkmodules.vtkIOImage import vtkPNGReader
    from vtkmodules.util.numpy_support import vtk_to_numpy
    path = os.path.join(nt.OUTPUT, name)
    SaveScreenshot(path, view, ImageResolution=[600, 600])
    reader = vtkPNGReader()
    reader.SetFileName(path)
    reader.Update()
    pixels = vtk_to_numpy(reader.GetOutput().GetPointData().GetScalars())[:, :3]
    colours, counts = numpy.unique(pixels, axis=0, return_counts=True)
    return len(colours), 1.0 - counts.max() / float(len(pixels)), path


def largest_difference(a, b):
    return builtins.max([abs(x - y) for r, q in zip(a, b) for x, y in zip(r, q)] or [0.0])


# 1. The state file.
with open(STATE) as f:
    text = f.read()
nt.check("/work/" not in text and "build" not in text and "NeuroTour.so" not in text,
         "the state names no build path or plugin file")
LoadState(STATE)
views = grand_tour_views()
nt.check(len(views) == 1, "the state has one Grand Tour view: %d" % len(views))
umap = FindSource("UMAP 15-D")
nt.check(umap is not None and FindSource("PCA 50") is not None and
         FindSource("Fashion-MNIST test images") is not None, "the state's pipeline is there")
if views and umap is not None:
    view = views[0]
    umap.UpdatePipeline()
    columns = row_columns(umap)
    rows = umap.GetDataInformation().GetNumberOfRows()
    nt.check(rows == 2000 and columns.get("Embedding") == 15 and "Pixels" in columns,
             "the state's UMAP: %d rows, columns %r" % (rows, columns))
    nt.check(view.CoordinatesArray == "Embedding" and view.ShowImages == 1 and
             view.ColorArray == "Label",
             "view settings: CoordinatesArray %r, ShowImages %r, ColorArray %r" % (
                 view.CoordinatesArray, view.ShowImages, view.ColorArray))
    lut = GetColorTransferFunction("Label")
    annotations = list(lut.Annotations)
    nt.check(annotations[:4] == ["0", "T-shirt/top", "1", "Trouser"] and
             lut.InterpretValuesAsCategories == 1,
             "class colours from LabelNames: %r" % annotations[:4])
    nt.check(GetScalarBar(lut, view).Visibility == 1, "the class legend is shown")
    Render(view)
    frame = view.GetProjectionMatrix()
    nt.check(len(frame) == 15, "the view tours the 15-D embedding: %d rows" % len(frame))
    colours, drawn, path = distinct_colours(view, "StateGrandTour.png")
    nt.check(colours >= 20 and drawn > 0.02,
             "the loaded state renders thumbnails: %d colours, %.1f%% drawn (%s)" % (
                 colours, 100 * drawn, path))

# 2. A Python trace replays. (After ResetSession the proxy classes are new: the view's Python
# methods are gone, so the module functions of `neurotour` are used with the view.)
ResetSession()
nt.load_plugin(globals())
smtrace.start_trace()
reader = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=500)
umap = UMAPEmbedding(Input=reader, ArrayName="Pixels", NumberOfComponents=5, Seed=7)
view = CreateView("GrandTourView")
view.ViewSize = [400, 400]
Show(umap, view)
# Property assignments in Python are not traced by themselves; the GUI wraps its edits (Apply,
# the view's controls) in a PropertiesModified trace item, as done here.
modified = smtrace.PropertiesModified(view)
view.CoordinatesArray = "Embedding"
view.TourTime = 1.25
neurotour.SetProjectionMatrix([[0.6, 0.0], [0.0, 0.6], [0.8, 0.0], [0.0, 0.8], [0.0, 0.0]], view)
view.TourTime = 2.5
modified.finalize()
Render(view)
trace = smtrace.stop_trace()
with open(os.path.join(nt.OUTPUT, "traced_grand_tour.py"), "w") as f:
    f.write(trace)
traced = {"TourTime": view.TourTime, "TourOrigin": view.TourOrigin, "Seed": view.Seed,
          "CoordinatesArray": view.CoordinatesArray, "frame": neurotour.GetProjectionMatrix(view),
          "rows": umap.GetDataInformation().GetNumberOfRows()}
embedding = servermanager.Fetch(umap).GetColumnByName("Embedding")
traced["first"] = [embedding.GetComponent(0, c) for c in range(5)]
print("--- trace ---\n%s\n---" % trace)

ResetSession()
nt.load_plugin(globals())
namespace = {}
try:
    exec(compile(trace, "traced_grand_tour.py", "exec"), namespace)
except Exception as error:  # report what in the trace fails, then fail the test
    nt.check(False, "the traced script runs: %r" % error)
views = grand_tour_views()
nt.check(len(views) == 1, "the replay creates one Grand Tour view: %d" % len(views))
sources = [s for s in GetSources().values() if s.GetXMLName() == "UMAPEmbedding"]
nt.check(len(sources) == 1, "the replay creates the UMAPEmbedding: %d" % len(sources))
if len(views) == 1 and len(sources) == 1:
    view, umap = views[0], sources[0]
    Render(view)
    replayed = {"TourTime": view.TourTime, "TourOrigin": view.TourOrigin, "Seed": view.Seed,
                "CoordinatesArray": view.CoordinatesArray,
                "frame": neurotour.GetProjectionMatrix(view),
                "rows": umap.GetDataInformation().GetNumberOfRows()}
    embedding = servermanager.Fetch(umap).GetColumnByName("Embedding")
    replayed["first"] = [embedding.GetComponent(0, c) for c in range(5)] if embedding else []
    for key in ("TourTime", "TourOrigin", "Seed", "CoordinatesArray", "rows"):
        nt.check(replayed[key] == traced[key],
                 "replayed %s: %r, traced %r" % (key, replayed[key], traced[key]))
    nt.check(len(replayed["frame"]) == 5 and
             largest_difference(replayed["frame"], traced["frame"]) < 1e-9,
             "replayed ProjectionMatrix %r, traced %r" % (replayed["frame"], traced["frame"]))
    nt.check(len(replayed["first"]) == 5 and
             largest_difference([replayed["first"]], [traced["first"]]) < 1e-6,
             "replayed data (first sample's embedding) %r, traced %r" % (
                 replayed["first"], traced["first"]))
# 3. The proxy's own commands, which the GUI's buttons and keys call ("Reset projection", key
# [i]): they trace themselves and replay in plain pvpython. (The GUI's controls themselves,
# traced by the real pqGrandTourView and replayed, are GUI.TestGUIHandleDrag.)
def current_frame(view):
    view.SMProxy.UpdatePropertyInformation()
    info = view.SMProxy.GetProperty("ProjectionMatrixInfo")
    return [info.GetElement(i) for i in range(info.GetNumberOfElements())]


def tour_state(view):
    return {"TourTime": view.TourTime, "TourOrigin": view.TourOrigin, "Speed": view.Speed,
            "ProjectionMatrix": list(view.ProjectionMatrix), "frame": current_frame(view)}


ResetSession()
nt.load_plugin(globals())
smtrace.start_trace()
reader = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=300)
principal = PCAReduction(Input=reader, ArrayName="Pixels", NumberOfComponents=5)
view = CreateView("GrandTourView")
view.ViewSize = [300, 300]
Show(principal, view)
view.ProjectionMatrix = [0.6, 0.6, -0.8, 0.6, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0]
view.TourTime = 2.5
Render(view)
view.ResetProjection()
after_reset = tour_state(view)
view.SMProxy.InvokeCommand("ToggleShowImages")
Render(view)
trace = smtrace.stop_trace()
with open(os.path.join(nt.OUTPUT, "traced_grand_tour_commands.py"), "w") as f:
    f.write(trace)
traced = tour_state(view)
nt.check(isinstance(type(view).ResetProjection, property) and
         isinstance(view.ResetProjection, servermanager.Property),
         "ResetProjection is the view's own command property in plain pvpython")
nt.check(after_reset["ProjectionMatrix"] == [] and after_reset["TourOrigin"] == 2.5 and
         after_reset["frame"][:4] == [1.0, 0.0, 0.0, 1.0] and
         builtins.all(v == 0 for v in after_reset["frame"][4:]),
         "ResetProjection at TourTime 2.5 restarts the tour there on the first two axes: %r"
         % after_reset)
nt.check(".ResetProjection()" in trace, "ResetProjection is traced")
nt.check("# Images or dots" in trace and ".ShowImages = 1" in trace,
         "ToggleShowImages ([i]) is traced by the proxy")

ResetSession()
nt.load_plugin(globals())
namespace = {}
try:
    exec(compile(trace, "traced_grand_tour_commands.py", "exec"), namespace)
except Exception as error:
    nt.check(False, "the traced commands replay: %r" % error)
views = grand_tour_views()
if nt.check(len(views) == 1, "the replay creates one Grand Tour view: %d" % len(views)):
    Render(views[0])
    replayed = tour_state(views[0])
    nt.check(views[0].ShowImages == 1, "the replay shows images")
    for key in ("TourTime", "TourOrigin", "Speed", "ProjectionMatrix"):
        nt.check(replayed[key] == traced[key],
                 "replayed %s: %r, traced %r" % (key, replayed[key], traced[key]))
    nt.check(len(replayed["frame"]) == 10 and
             largest_difference([replayed["frame"]], [traced["frame"]]) < 1e-9,
             "replayed frame %r, traced %r" % (replayed["frame"], traced["frame"]))

nt.finish()
