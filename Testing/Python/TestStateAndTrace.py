"""The GUI's ways in: a state file and Python tracing.

1. Examples/NeuroTour.pvsm (written by Examples/make_state.py) loads with LoadState once the
   plugin is loaded: IDXReader (2,000) -> PCAReduction (50) -> UMAPEmbedding (15-D) in a Grand
   Tour view with thumbnails, coloured by Label with the class legend; it renders.
2. A Python trace of IDXReader -> UMAPEmbedding -> Grand Tour view (TourTime, ProjectionMatrix)
   replays in a fresh session to the same view state and the same data.
3. The Grand Tour view's GUI controls (play/pause, speed slider, reset projection) are traced
   as pqGrandTourView traces them, and the trace replays to the same frame; ResetProjection is
   the view's own method in plain pvpython (no neurotour helpers installed). The reset button
   and the view's key [i] call the proxy's ResetProjection and ToggleShowImages commands,
   which trace themselves: called here as they are.
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
# 3. The view's GUI controls. pqGrandTourView wraps each in SM_SCOPED_TRACE(...), which creates
# the smtrace item of that name with those arguments and finalizes it at the end of the scope;
# `scoped` does the same around the same server-manager calls.
def scoped(kind, args, kwargs, action):
    item = smtrace._create_trace_item_internal(kind, args, kwargs)
    action()
    item.finalize()
    del item


def mark(view, *names):
    """pqGrandTourView::markForTrace: values the timer changed untraced go into the trace."""
    for name in names:
        view.SMProxy.GetProperty(name).Modified()
    view.SMProxy.UpdateVTKObjects()


def set_property(view, name, value):
    proxy = view.SMProxy
    if isinstance(value, list):
        proxy.GetProperty(name).SetNumberOfElements(len(value))
        for i, v in enumerate(value):
            proxy.GetProperty(name).SetElement(i, v)
    else:
        proxy.GetProperty(name).SetElement(0, value)
    proxy.UpdateVTKObjects()


def current_frame(view):
    view.SMProxy.UpdatePropertyInformation()
    info = view.SMProxy.GetProperty("ProjectionMatrixInfo")
    return [info.GetElement(i) for i in range(info.GetNumberOfElements())]


def play(view, playing):  # pqGrandTourView::setPlaying
    def action():
        set_property(view, "Playing", 1 if playing else 0)
        mark(view, "TourTime")
    scoped("PropertiesModified", [], {"proxy": view.SMProxy,
                                      "comment": " Play or pause the tour"}, action)


def advance(view, seconds):  # the timer: untraced
    set_property(view, "TourTime", view.TourTime + seconds)
    Render(view)


def show_frame(view, frame):  # vtkSMGrandTourViewProxy::ShowProjectionMatrix
    set_property(view, "ProjectionMatrix", frame)
    view.SMProxy.InvokeCommand("ShowProjectionMatrix")


def apply_speed(view, speed, frame):  # pqGrandTourView::applySpeed
    show_frame(view, frame)
    set_property(view, "Speed", speed)


def set_speed(view, speed):  # pqGrandTourView::setSpeedFromSlider (a click, not a drag)
    frame = current_frame(view)  # read before the scope, as the information is no setting

    def action():
        apply_speed(view, speed, frame)
        mark(view, "TourTime")
    scoped("PropertiesModified", [], {"proxy": view.SMProxy, "comment": " Tour speed"}, action)


def drag_speed(view, speeds):  # a slider drag: untraced steps, then traceSpeedDrag on release
    for speed in speeds:
        apply_speed(view, speed, current_frame(view))
        advance(view, 0.2)  # the tour plays on during the drag
    scoped("PropertiesModified", [], {"proxy": view.SMProxy, "comment": " Tour speed"},
           lambda: mark(view, "ProjectionMatrix", "TourOrigin", "TourTime", "Speed"))


def drag_handle(view, frames):
    """A handle drag: each step writes the edited frame (pqGrandTourView::onProjectionEdited),
    untraced; on release the view fires ProjectionEditFinishedEvent and traceHandleDrag traces
    the result once."""
    for frame in frames:
        show_frame(view, frame)
        Render(view)
    scoped("PropertiesModified", [], {"proxy": view.SMProxy, "comment": " Drag a handle"},
           lambda: mark(view, "ProjectionMatrix", "TourOrigin", "TourTime"))


def reset_projection(view):  # pqGrandTourView::resetProjection: the proxy's own command
    view.ResetProjection()


def tour_state(view):
    return {"TourTime": view.TourTime, "TourOrigin": view.TourOrigin, "Speed": view.Speed,
            "Playing": view.Playing, "ProjectionMatrix": list(view.ProjectionMatrix),
            "frame": current_frame(view)}


ResetSession()
nt.load_plugin(globals())
smtrace.start_trace()
reader = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=300)
principal = PCAReduction(Input=reader, ArrayName="Pixels", NumberOfComponents=5)
view = CreateView("GrandTourView")
view.ViewSize = [300, 300]
Show(principal, view)
Render(view)
play(view, True)
advance(view, 0.8)
advance(view, 0.7)
play(view, False)
set_speed(view, 0.35)
play(view, True)
advance(view, 1.1)
drag_speed(view, [0.5, 0.7, 0.45])
advance(view, 0.6)
play(view, False)
# Two steps of a drag, each a new base frame (the view re-orthonormalises it when used).
drag_handle(view, [[0.8, 0.0, 0.0, 1.0, 0.6, 0.0, 0.0, 0.0, 0.0, 0.0],
                   [0.6, 0.6, -0.8, 0.6, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0]])
dragged = tour_state(view)
play(view, True)
reset_projection(view)
reset_time = view.TourTime
after_reset = tour_state(view)
advance(view, 0.9)
play(view, False)
# Key [i] in the view: the proxy's command, which traces itself (the real code path).
view.SMProxy.InvokeCommand("ToggleShowImages")
Render(view)
trace = smtrace.stop_trace()
with open(os.path.join(nt.OUTPUT, "traced_grand_tour_controls.py"), "w") as f:
    f.write(trace)
print("--- trace of the controls ---\n%s\n---" % trace)
traced = tour_state(view)
nt.check(isinstance(type(view).ResetProjection, property) and
         isinstance(view.ResetProjection, servermanager.Property),
         "ResetProjection is the view's own command property in plain pvpython")
nt.check(after_reset["ProjectionMatrix"] == [] and after_reset["TourOrigin"] == reset_time and
         after_reset["frame"][:4] == [1.0, 0.0, 0.0, 1.0] and
         builtins.all(v == 0 for v in after_reset["frame"][4:]),
         "ResetProjection at TourTime %g: %r" % (reset_time, after_reset))
nt.check(trace.count("# Drag a handle") == 1 and
         ".ProjectionMatrix = %r" % dragged["ProjectionMatrix"] in trace,
         "a handle drag is traced once, at its release, with the frame it left")
for expected in (".ResetProjection()", ".Speed = 0.35", ".Speed = 0.45", ".Playing = 0",
                 ".Playing = 1",
                 ".TourTime = %r" % traced["TourTime"], ".TourTime = %r" % reset_time):
    nt.check(expected in trace, "the trace records %r" % expected)
nt.check("# Images or dots" in trace and ".ShowImages = 1" in trace,
         "ToggleShowImages ([i]) is traced by the proxy")
nt.check(".Speed = 0.5\n" not in trace and ".Speed = 0.7\n" not in trace,
         "a slider drag is traced once, at its release")

ResetSession()
nt.load_plugin(globals())
namespace = {}
try:
    exec(compile(trace, "traced_grand_tour_controls.py", "exec"), namespace)
except Exception as error:
    nt.check(False, "the traced controls replay: %r" % error)
views = grand_tour_views()
if nt.check(len(views) == 1, "the replay creates one Grand Tour view: %d" % len(views)):
    Render(views[0])
    replayed = tour_state(views[0])
    nt.check(views[0].ShowImages == 1, "the replay shows images")
    for key in ("TourTime", "TourOrigin", "Speed", "Playing", "ProjectionMatrix"):
        nt.check(replayed[key] == traced[key],
                 "replayed %s: %r, traced %r" % (key, replayed[key], traced[key]))
    nt.check(len(replayed["frame"]) == 10 and
             largest_difference([replayed["frame"]], [traced["frame"]]) < 1e-9,
             "replayed frame %r, traced %r" % (replayed["frame"], traced["frame"]))

nt.finish()
