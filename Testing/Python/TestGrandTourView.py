"""Grand Tour view: reproducible tours (image baselines), ProjectionMatrix round trip,
selections in both directions, thumbnails of real Fashion-MNIST images, and bad input."""
import builtins
import math
import os

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())
import neurotour  # noqa: E402  (importable once the plugin is loaded)
from vtkmodules.vtkCommonCore import vtkCommand  # noqa: E402

TESSERACT = '''
import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import vtkStringArray
vertices = np.array([[1.0 if (i >> d) & 1 else -1.0 for d in range(4)] for i in range(16)],
                    dtype=np.float32)
%s
out = self.GetOutput()
for name, values in (("Embedding", vertices),
                     ("Label", (vertices > 0).sum(axis=1).astype(np.int32)),
                     ("SampleId", np.arange(100, 116, dtype=np.int64))):
    column = numpy_to_vtk(values, deep=1)
    column.SetName(name)
    out.AddColumn(column)
out.GetRowData().SetGlobalIds(out.GetColumnByName("SampleId"))  # as every NeuroTour table
names = vtkStringArray()
names.SetName("LabelNames")
for k in range(5):
    names.InsertNextValue("%%d positive" %% k)
out.GetFieldData().AddArray(names)
'''


def difference(a, b):
    """Largest entry difference of two n x 2 frames (simple's star import hides max/all)."""
    return builtins.max(abs(x - y) for r, q in zip(a, b) for x, y in zip(r, q))


def table_source(extra=""):
    source = ProgrammableSource(OutputDataSetType="vtkTable")
    source.Script = TESSERACT % extra
    return source


def magenta(pixels):
    """Which pixels have ParaView's selection colour."""
    return (pixels[:, 0] > 200) & (pixels[:, 1] < 60) & (pixels[:, 2] > 200)


def magenta_pixels(view):
    """How many pixels of ParaView's selection colour a screenshot of the view holds."""
    return int(magenta(nt.picture(view)).sum())


tesseract = table_source()
view = CreateView("GrandTourView")
view.ViewSize = [500, 400]
view.Seed = 7
view.Speed = 0.3
Show(tesseract, view)
ResetCamera(view)

# The identity frame shows the tesseract's first two axes: a square of 4-fold corners.
view.TourTime = 0.0
frame = neurotour.GetProjectionMatrix(view)
nt.check(len(frame) == 4 and builtins.all(len(row) == 2 for row in frame), "a 4x2 frame: %r" % frame)
nt.check_close(frame[0][0], 1.0, 1e-9, "frame at TourOrigin is [e0 e1]")
nt.check_close(frame[1][1], 1.0, 1e-9, "frame at TourOrigin is [e0 e1]")
nt.compare_image(view, "GrandTourTesseractT0.png")

# A later tour time: a deterministic frame, orthonormal, the same however it is reached.
view.TourTime = 7.5
later = view.GetProjectionMatrix()
for t in (1.0, 30.0, 2.0):
    view.TourTime = t
    Render(view)
view.TourTime = 7.5
again = view.GetProjectionMatrix()
nt.check(difference(later, again) < 1e-12,
         "the frame at TourTime 7.5 is reproducible")
gram = [[builtins.sum(later[i][a] * later[i][b] for i in range(4)) for b in range(2)] for a in range(2)]
nt.check(abs(gram[0][0] - 1) < 1e-9 and abs(gram[1][1] - 1) < 1e-9 and abs(gram[0][1]) < 1e-9,
         "the toured frame is orthonormal: %r" % gram)
nt.compare_image(view, "GrandTourTesseractT7.png")

# ProjectionMatrix round trip: set a frame now, read it back now, and the tour goes on from it.
s = 1.0 / math.sqrt(2.0)
wanted = [[s, 0.0], [0.0, s], [s, 0.0], [0.0, -s]]
view.SetProjectionMatrix(wanted)
got = view.GetProjectionMatrix()
nt.check(difference(wanted, got) < 1e-9,
         "ProjectionMatrix round trip: set %r, got %r" % (wanted, got))
nt.compare_image(view, "GrandTourTesseractDiagonal.png")
view.TourTime = 8.0
moved = view.GetProjectionMatrix()
nt.check(0 < difference(wanted, moved) < 0.5,
         "the tour continues smoothly from the set frame: %r" % moved)
# ResetProjection is the view's command: [e0 e1] now, and the client's properties say so (an
# empty ProjectionMatrix at TourOrigin = TourTime), so state files and later edits agree.
view.ResetProjection()
identity = [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [0.0, 0.0]]
nt.check(difference(view.GetProjectionMatrix(), identity) < 1e-12,
         "ResetProjection shows [e0 e1]: %r" % view.GetProjectionMatrix())
nt.check(len(view.ProjectionMatrix) == 0 and view.TourOrigin == 8.0,
         "after ResetProjection the client's ProjectionMatrix is %r, TourOrigin %r (TourTime 8)" % (
             list(view.ProjectionMatrix), view.TourOrigin))
# The tour goes on from there as a tour reset at time 0 does: the frame depends on the time
# since the reset only.
view.TourTime = 9.0
after_reset = view.GetProjectionMatrix()
view.TourTime = 0.0
neurotour.ResetProjection(view)
view.TourTime = 1.0
nt.check(difference(after_reset, view.GetProjectionMatrix()) < 1e-9 and
         difference(after_reset, identity) > 0.05,
         "one second after ResetProjection at TourTime 8 or 0, the same frame: %r, %r" % (
             after_reset, view.GetProjectionMatrix()))

# A selection made in Python (by SampleId) reaches the view: magenta rings appear.
view.TourTime = 7.5
view.SetProjectionMatrix(later)
before = magenta_pixels(view)
SelectGlobalIDs(IDs=[100, 103, 115], FieldType="ROW", Source=tesseract)
after = magenta_pixels(view)
nt.check(before == 0 and after > 20,
         "selection highlighted: %d magenta pixels before, %d after" % (before, after))
nt.compare_image(view, "GrandTourTesseractSelection.png")

# A centroid handle at the selected samples; it is drawn where their centroid projects.
view.AddCentroidHandle("picked")
nt.check(list(view.CentroidHandles) == ["picked", "100 103 115"],
         "centroid handle from the selection: %r" % list(view.CentroidHandles))
view.RenameHandle("picked", "three")
view.RemoveHandle("three")
nt.check(len(view.CentroidHandles) == 0, "handle removed")
ClearSelection(tesseract)

# Rubber-band selection in the view becomes a ParaView selection of the table's rows.
SetActiveSource(tesseract)
view.SelectSamples([0, 0, 499, 399])
selection = tesseract.SMProxy.GetSelectionInput(0)
nt.check(selection is not None, "a rubber band in the Grand Tour view selects samples")
if selection is not None:
    extract = ExtractSelection(Input=tesseract)
    selected = nt.fetch(extract)
    nt.check(selected.GetNumberOfRows() > 0,
             "the rubber band selected %d rows" % selected.GetNumberOfRows())
    Delete(extract)
ClearSelection(tesseract)

# A floating-point column (as Confidence or Probabilities) colours continuously (viridis, from
# dark purple to yellow, no class legend); integer labels categorically with a legend panel.
confidence = Calculator(Input=tesseract, AttributeType="Row Data", ResultArrayName="Confidence",
                        Function="Label/4")
Hide(tesseract, view)
Show(confidence, view)
view.TourTime = 7.5
view.PointSize = 12


def hues(pixels):
    """Pixels counted per colour family of the viridis map (shaded spheres vary in brightness)
    and of the legend panel."""
    r, g, b = (pixels[:, c].astype(int) for c in range(3))
    return {"purple": int(((r > g + 20) & (b > g + 20) & (g < 40)).sum()),
            "teal": int(((g > r + 40) & (b > r + 30) & (abs(g - b) < 30)).sum()),
            "yellow": int(((r > 150) & (g > 150) & (b < 90)).sum()),
            "legend": int(((abs(r - 218) < 4) & (abs(g - 219) < 4) & (abs(b - 222) < 4)).sum())}


view.ColorArray = "Confidence"
continuous = hues(nt.picture(view))
nt.check(continuous["purple"] > 20 and continuous["teal"] > 20 and continuous["yellow"] > 20 and
         continuous["legend"] < 100,
         "Confidence is coloured with a continuous map (viridis: purple, teal, yellow; no class "
         "legend): %r" % continuous)
view.ColorArray = "Label"
categorical = hues(nt.picture(view))
nt.check(categorical["legend"] > 1000 and categorical["purple"] == 0,
         "Label is categorical (Brewer colours, a legend panel): %r" % categorical)

# HiddenLabels fades those classes (found by Label also when colouring by another column):
# labels 0, 1, 2 are Confidence 0, 0.25, 0.5 (purple to teal); 0.75 and 1 (green, yellow) stay.
view.ColorArray = "Confidence"
view.HiddenLabels = [0, 1, 2]
faded = hues(nt.picture(view))
nt.check(faded["purple"] == 0 and faded["teal"] < 0.1 * continuous["teal"] and
         faded["yellow"] > 0.8 * continuous["yellow"],
         "hidden classes fade, the others stay: %r" % faded)
view.HiddenLabels = []
view.PointSize = 7
Hide(confidence, view)
Delete(confidence)
Show(tesseract, view)

# Bad input: clear messages, no crash, and an empty picture.
messages = nt.Messages()
view.CoordinatesArray = "Label"
Render(view)
view.CoordinatesArray = "NoSuchArray"
Render(view)
view.CoordinatesArray = ""
with_nan = table_source("vertices[3, 1] = np.nan\nvertices[9, 0] = np.nan")
Hide(tesseract, view)
Show(with_nan, view)
Render(view)
text = messages.text()
messages.close()
nt.check("has 1 component(s); a tour needs at least 2" in text, "too few components reported")
nt.check("no array named 'NoSuchArray'" in text, "missing array reported")
nt.check("skipped 2 of 16 samples" in text, "NaN rows skipped and counted")
Hide(with_nan, view)

# Thumbnails of real Fashion-MNIST images, toured in the 15-D space of their first principal
# components (as the UMAP Tour tours 15-D embeddings); the 784 pixels ride along for the images.
images = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=500)
principal = PCAReduction(Input=images, ArrayName="Pixels", NumberOfComponents=15)
fashion_view = CreateView("GrandTourView")
fashion_view.ViewSize = [600, 600]
Show(principal, fashion_view)
fashion_view.CoordinatesArray = "Embedding"
fashion_view.ShowImages = 1
fashion_view.ImageSize = 0.1
fashion_view.TourTime = 1.5  # near [e0 e1], the first two principal components: well spread
ResetCamera(fashion_view)
nt.compare_image(fashion_view, "GrandTourFashionThumbnails.png")

# Points coloured through a ParaView colour map annotated from LabelNames, with its legend.
fashion_view.ShowImages = 0
lut = fashion_view.ColorByLabels(principal)
nt.check(list(lut.Annotations)[:4] == ["0", "T-shirt/top", "1", "Trouser"],
         "class annotations from LabelNames: %r" % list(lut.Annotations)[:4])
nt.compare_image(fashion_view, "GrandTourFashionLabels.png")

# Several layers are a multiblock of sample tables (as ActivationExtraction gives): one layer
# picked with ExtractBlock, or the whole multiblock (its first table), is shown; selections
# (by SampleId) are highlighted in the picked layer. Both multiblock and partitioned
# collections, as GroupDatasets and ExtractBlock may give either.
wide = PCAReduction(Input=images, ArrayName="Pixels", NumberOfComponents=6)
layer_view = CreateView("GrandTourView")
layer_view.ViewSize = [400, 400]
for output_type in ("vtkMultiBlockDataSet", "vtkPartitionedDataSetCollection"):
    layers = GroupDatasets(Input=[principal, wide], OutputType=output_type)
    layers.BlockNames = ["conv2", "relu3"]
    relu3 = ExtractBlock(Input=layers, Selectors=["/Root/relu3"])
    shown = Show(relu3, layer_view)
    layer_view.TourTime = 0.0
    ResetCamera(layer_view)
    nt.check(shown.GetXMLName() == "GrandTourRepresentation" and
             len(layer_view.GetProjectionMatrix()) == 6,
             "%s: the picked layer (6-D) is toured: %d rows" % (
                 output_type, len(layer_view.GetProjectionMatrix())))
    before = magenta_pixels(layer_view)
    SelectGlobalIDs(IDs=[0, 1, 2, 3, 4], FieldType="ROW", Source=relu3)
    after = magenta_pixels(layer_view)
    nt.check(before == 0 and after > 20, "%s: selection highlighted in the picked layer: "
             "%d magenta pixels before, %d after" % (output_type, before, after))
    ClearSelection(relu3)
    Hide(relu3, layer_view)
    Show(layers, layer_view)
    Render(layer_view)
    nt.check(len(layer_view.GetProjectionMatrix()) == 15,
             "%s: the whole multiblock shows its first layer (15-D): %d rows" % (
                 output_type, len(layer_view.GetProjectionMatrix())))
    Hide(layers, layer_view)
    Delete(relu3)
    Delete(layers)
Delete(layer_view)

# Epochs are time steps: a NumPyReader series of three epochs. Changing ParaView's time moves
# the points and keeps the tour's frame; samples keep their identity by SampleId, so in epoch 2
# (epoch 1's samples, rows in another order) the picture and the selection rings are the same.
epochs = NumPyReader(FileNames=nt.write_epochs(os.path.join(nt.OUTPUT, "epochs")),
                     ArrayName="Embedding")
epochs.UpdatePipelineInformation()
nt.check(list(epochs.TimestepValues) == [1.0, 2.0, 3.0],
         "three epochs are three time steps: %r" % list(epochs.TimestepValues))
epoch_view = CreateView("GrandTourView")
epoch_view.ViewSize = [400, 400]
epoch_view.PointSize = 5
epoch_view.TourTime = 4.0
Show(epochs, epoch_view)
ResetCamera(epoch_view)
scene = GetAnimationScene()
scene.UpdateAnimationUsingDataTimeSteps()
SelectGlobalIDs(IDs=[1000, 1001, 1002, 1003, 1004, 1005], FieldType="ROW", Source=epochs)
frames, pictures = [], []
for epoch in (1.0, 2.0, 3.0):
    scene.AnimationTime = epoch
    nt.check(epoch_view.ViewTime == epoch, "the view shows epoch %g: %g" % (epoch, epoch_view.ViewTime))
    frames.append(epoch_view.GetProjectionMatrix())
    pictures.append(nt.picture(epoch_view))
nt.check(difference(frames[0], frames[1]) == 0 and difference(frames[0], frames[2]) == 0,
         "the frame at TourTime 4 is the same in every epoch")
changed = [int((pictures[0] != p).any(axis=1).sum()) for p in pictures]
rings = [int((magenta(pictures[0]) != magenta(p)).sum()) for p in pictures]
nt.check(magenta(pictures[0]).sum() > 30 and rings[1] <= 0.05 * magenta(pictures[0]).sum(),
         "the selection follows SampleId in reordered rows: %d of %d ring pixels moved" % (
             rings[1], magenta(pictures[0]).sum()))
nt.check(changed[2] > 500 and changed[1] < 0.2 * changed[2],
         "epoch 3 moves the points (%d pixels changed), epoch 2 (same samples, reordered) "
         "does not (%d)" % (changed[2], changed[1]))
ClearSelection(epochs)
scene.AnimationTime = 1.0
Delete(epoch_view)

# Images that do not match SampleShape: a clear error.
messages = nt.Messages()
wrong = table_source('''
from vtkmodules.vtkCommonCore import vtkIntArray
vertices = vertices  # 4 values per sample cannot be 1x28x28 images
shape = vtkIntArray(); shape.SetName("SampleShape")
for v in (1, 28, 28): shape.InsertNextValue(v)
self.GetOutput().GetFieldData().AddArray(shape)
pixels = numpy_to_vtk(np.zeros((16, 10), dtype=np.uint8), deep=1); pixels.SetName("Pixels")
self.GetOutput().AddColumn(pixels)''')
Show(wrong, view)
view.ShowImages = 1
Render(view)
text = messages.text()
messages.close()
nt.check("do not match ImageShape" in text, "mismatched images reported: %s" % text[-300:])

# Direct manipulation through VTK's handle widget: drag axis 0's handle from (1, 0) to
# (0.5, 0.5). The article's formula puts it at (F_0 + d) / |e_0 + d| = (0.5, 0.5) / sqrt(0.5).
drag_view = CreateView("GrandTourView")
drag_view.ViewSize = [400, 400]
Show(tesseract, drag_view)
ResetCamera(drag_view)
Render(drag_view)
renderer = drag_view.GetRenderer()
interactor = drag_view.GetRenderWindow().GetInteractor()


def to_display(x, y):
    renderer.SetWorldPoint(x, y, 0.2, 1.0)
    renderer.WorldToDisplay()
    point = renderer.GetDisplayPoint()
    return int(round(point[0])), int(round(point[1]))


def drag(start, end):
    """Presses the left button at world point `start`, moves to `end` in 10 steps, releases."""
    (x0, y0), (x1, y1) = to_display(*start), to_display(*end)
    interactor.SetEventInformation(x0, y0, 0, 0)
    interactor.MouseMoveEvent()
    interactor.LeftButtonPressEvent()
    for k in range(1, 11):
        interactor.SetEventInformation(x0 + (x1 - x0) * k // 10, y0 + (y1 - y0) * k // 10, 0, 0)
        interactor.MouseMoveEvent()
    interactor.LeftButtonReleaseEvent()


if nt.check(interactor is not None, "the view has an interactor for its handle widgets"):
    # The client traces a drag once, at its release: the view tells it then (and only then).
    finished = []
    drag_view.GetClientSideObject().AddObserver(
        vtkCommand.UserEvent + 702, lambda caller, event: finished.append(drag_view.TourTime))
    drag((1.0, 0.0), (0.5, 0.5))
    nt.check(len(finished) == 1, "one ProjectionEditFinishedEvent per drag: %d" % len(finished))
    drag((-1.5, -1.5), (-1.2, -1.4))  # nowhere near a handle: pans, edits nothing
    nt.check(len(finished) == 1, "no ProjectionEditFinishedEvent without a handle drag: %d" %
             len(finished))
    dragged = drag_view.GetProjectionMatrix()
    nt.check(abs(dragged[0][0] - s) < 0.02 and abs(dragged[0][1] - s) < 0.02,
             "axis 0 dragged to (%.3f, %.3f), expected (%.3f, %.3f)" % (
                 dragged[0][0], dragged[0][1], s, s))
    column_norms = [builtins.sum(row[c] ** 2 for row in dragged) for c in range(2)]
    nt.check(abs(column_norms[0] - 1) < 1e-9 and abs(column_norms[1] - 1) < 1e-9,
             "the dragged frame is orthonormal: %r" % column_norms)

    # At Zoom 2 the handle is drawn at (2, 0), and dropping it at (1, 1) is the same drag.
    drag_view.Zoom = 2.0
    drag_view.ResetProjection()
    Render(drag_view)
    drag((2.0, 0.0), (1.0, 1.0))
    dragged = drag_view.GetProjectionMatrix()
    nt.check(abs(dragged[0][0] - s) < 0.02 and abs(dragged[0][1] - s) < 0.02,
             "at Zoom 2, axis 0 dragged to (%.3f, %.3f), expected (%.3f, %.3f)" % (
                 dragged[0][0], dragged[0][1], s, s))

# Zoom scales the layout (relative to the scale the tour gives, kept by Reset Camera): at
# Zoom 1 the tesseract's outermost points lie twice as far from the centre of the picture as
# at Zoom 0.5 (Zoom 1 already fills the view).
def bare_view(source, size, **properties):
    """A Grand Tour view of `source` showing only the samples (no legend, no handles)."""
    view = CreateView("GrandTourView")
    view.ViewSize = size
    view.ShowLegend = 0
    view.ShowAxisHandles = 0
    for name, value in properties.items():
        setattr(view, name, value)
    Show(source, view)
    return view


zoom_view = bare_view(tesseract, [400, 400], TourTime=7.5)


def drawn_radius(view):
    """Largest distance (pixels) of a drawn pixel from the picture's centre, along x or y."""
    import numpy
    width, height = view.ViewSize
    pixels = nt.picture(view)[:, :3].astype(int).reshape(height, width, 3)
    drawn = numpy.abs(pixels - pixels[0, 0]).sum(axis=2) > 60
    ys, xs = numpy.nonzero(drawn)
    return builtins.max(numpy.abs(xs - (width - 1) / 2.0).max(),
                        numpy.abs(ys - (height - 1) / 2.0).max())


nt.check(zoom_view.Zoom == 1.0, "Zoom defaults to 1: %r" % zoom_view.Zoom)
ResetCamera(zoom_view)
unzoomed = zoom_view.GetProjectionMatrix()
radii = {}
for zoom in (0.5, 1.0):
    zoom_view.Zoom = zoom
    Render(zoom_view)  # the pick actors' bounds follow the zoom before the camera is reset
    ResetCamera(zoom_view)
    radii[zoom] = drawn_radius(zoom_view)
# The radius includes half a point (7 pixels across in a 500-pixel view, so 5.6 in this
# 400-pixel one): compare the centres' distances.
ratio = (radii[1.0] - 2.8) / (radii[0.5] - 2.8)
print("drawn radius: %r, ratio %.3f" % (radii, ratio))
nt.check(radii[0.5] > 20 and abs(ratio - 2.0) < 0.1,
         "Zoom 1 draws the layout twice as large as Zoom 0.5: %.1f px at Zoom 0.5, %.1f px at "
         "Zoom 1 (ratio %.2f)" % (radii[0.5], radii[1.0], ratio))
nt.check(difference(zoom_view.GetProjectionMatrix(), unzoomed) == 0,
         "Zoom leaves the frame alone")
Delete(zoom_view)

# The samples are drawn on the CPU (vtkGrandTourCanvas) and placed with the renderer's camera
# at render time: each lands on the pixel VTK's own world-to-display transform gives, after a
# pan too, and in a screenshot larger than the view.
PLUS = """
import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
out = self.GetOutput()
for name, values in (("Embedding", np.array([[-1, 0], [1, 0], [0, 1], [0, -1]], np.float32)),
                     ("Label", np.arange(4, dtype=np.int32)),
                     ("SampleId", np.arange(4, dtype=np.int64))):
    column = numpy_to_vtk(values, deep=1)
    column.SetName(name)
    out.AddColumn(column)
"""
plus = ProgrammableSource(OutputDataSetType="vtkTable", Script=PLUS)
place_view = bare_view(plus, [300, 240], PointSize=9)
ResetCamera(place_view)
# Brewer "Paired", the categorical colours of labels 0 to 3; a sphere's centre pixel has its
# colour unshaded.
PAIRED = [(166, 206, 227), (31, 120, 180), (178, 223, 138), (51, 160, 44)]
WORLD = [(-1, 0), (1, 0), (0, 1), (0, -1)]


def centre_pixels(pixels, width, height):
    """The (x, y) of the pixel of each label's exact colour (bottom-up rows, as VTK's)."""
    import numpy
    image = pixels[:, :3].astype(int).reshape(height, width, 3)
    found = []
    for color in PAIRED:
        ys, xs = numpy.nonzero((image == color).all(axis=2))
        found.append((float(xs.mean()), float(ys.mean())) if len(xs) else None)
    return found


def expected_pixels(view):
    renderer = view.GetRenderer()
    expected = []
    for x, y in WORLD:
        renderer.SetWorldPoint(x, y, 0.0, 1.0)
        renderer.WorldToDisplay()
        point = renderer.GetDisplayPoint()
        expected.append((point[0] - 0.5, point[1] - 0.5))  # pixel centres are at +0.5
    return expected


def placement_error(view):
    width, height = view.ViewSize
    found = centre_pixels(nt.picture(view), width, height)
    if None in found:
        return float("inf")
    return builtins.max(math.hypot(f[0] - e[0], f[1] - e[1])
                        for f, e in zip(found, expected_pixels(view)))


Render(place_view)
print("placement: %.2f px off" % placement_error(place_view))
nt.check(placement_error(place_view) <= 1.0,
         "each sample drawn where the camera puts it: %.2f px off" % placement_error(place_view))
focal = list(place_view.CameraFocalPoint)
position = list(place_view.CameraPosition)
place_view.CameraFocalPoint = [focal[0] + 0.3, focal[1] - 0.2, focal[2]]
place_view.CameraPosition = [position[0] + 0.3, position[1] - 0.2, position[2]]
place_view.CameraParallelScale = place_view.CameraParallelScale * 1.25  # zoomed out: room to pan
Render(place_view)
print("placement after a pan and zoom: %.2f px off" % placement_error(place_view))
nt.check(placement_error(place_view) <= 1.0,
         "after a pan and zoom of the camera: %.2f px off" % placement_error(place_view))
# A screenshot twice the view's size (ParaView renders it larger or in tiles): the samples
# land at the same places, scaled about the picture's centre.
large = os.path.join(nt.OUTPUT, "GrandTourPlacementLarge.png")
SaveScreenshot(large, place_view, ImageResolution=[600, 480])
from vtkmodules.vtkIOImage import vtkPNGReader  # noqa: E402
from vtkmodules.util.numpy_support import vtk_to_numpy  # noqa: E402
reader = vtkPNGReader()
reader.SetFileName(large)
reader.Update()
found = centre_pixels(vtk_to_numpy(reader.GetOutput().GetPointData().GetScalars()), 600, 480)
scaled = [(2 * x + 0.5, 2 * y + 0.5) for x, y in expected_pixels(place_view)]
print("2x screenshot: found %r, expected %r" % (found, scaled))
nt.check(None not in found and builtins.max(
    math.hypot(f[0] - e[0], f[1] - e[1]) for f, e in zip(found, scaled)) <= 2.0,
    "a 2x screenshot places the samples as the view does, scaled: found %r, expected %r" % (
        found, scaled))
# A camera zoomed in a billion times puts the samples' pixel coordinates far beyond an int:
# they are skipped, not drawn at wrapped-around places (nor outside the picture).
place_view.CameraParallelScale = 1e-9
place_view.CameraFocalPoint = [0.5, 0.5, place_view.CameraFocalPoint[2]]
place_view.CameraPosition = [0.5, 0.5, place_view.CameraPosition[2]]
found = centre_pixels(nt.picture(place_view), 300, 240)
nt.check(found == [None] * 4, "an extreme camera zoom draws no sample: %r" % found)
Delete(place_view)

nt.finish()
