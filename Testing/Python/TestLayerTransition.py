"""Animated layer transitions in the Grand Tour view, on 600 Fashion-MNIST test images through
the trained CNN (relu3 and fc2, each in 10 principal components aligned by LayerAlignment's
linear method): the transition's first frame is the layer shown before, its last the new layer
as a plain switch shows it, the frames between move steadily from one to the other (a baseline
for the middle one); without a transition a switch is immediate; an unknown layer is an error
that lists the layers."""
# requires: models
import os

import numpy as np

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())
import neurotour  # noqa: E402

model = os.path.join(nt.MODELS, "fashion_cnn_epoch2.pt")
images = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=600)
activations = ActivationExtraction(Input=images, ModelFile=model, Layers=["relu3", "fc2"])
principal = PCAReduction(Input=activations, ArrayName="Activations", NumberOfComponents=10)
aligned = LayerAlignment(Input=principal, ArrayName="Embedding", Method="linear")


BACKGROUND = None


def mask(picture):
    """Where samples are drawn: pixels away from the background colour (the most common one).
    Overlapping samples may be drawn in another order from layer to layer, so pictures are
    compared by where something is drawn, not by its colour."""
    global BACKGROUND
    if BACKGROUND is None:
        colours, counts = np.unique(picture.reshape(-1, 3), axis=0, return_counts=True)
        BACKGROUND = colours[np.argmax(counts)]
    return np.any(np.abs(picture.astype(int) - BACKGROUND) > 12, axis=1)


def difference(a, b):
    """Share of the pixels drawn in one picture and not in the other."""
    return float(np.mean(mask(a) != mask(b)))


def density(picture, width=400, block=16):
    """Share of each 16x16 block of pixels that is drawn: the picture, blurred."""
    drawn = mask(picture).reshape(-1, width).astype(float)
    rows, columns = drawn.shape[0] // block, width // block
    return drawn[:rows * block, :columns * block].reshape(rows, block, columns, block).mean(axis=(1, 3))


def distance(a, b):
    return float(np.abs(density(a) - density(b)).sum())


def read_png(path):
    from vtkmodules.vtkIOImage import vtkPNGReader
    from vtkmodules.util.numpy_support import vtk_to_numpy
    reader = vtkPNGReader()
    reader.SetFileName(path)
    reader.Update()
    return vtk_to_numpy(reader.GetOutput().GetPointData().GetScalars())[:, :3].copy()


view = CreateView("GrandTourView")
view.ViewSize = [400, 400]
view.ShowAxisHandles = 0
view.ShowLegend = 0
view.TourTime = 2.0
shown = Show(aligned, view, Layer="relu3")
view.CoordinatesArray = "Embedding"
Render(view)
directory = os.path.join(nt.OUTPUT, "layer_transition")
os.makedirs(directory, exist_ok=True)


def screenshot(name):
    path = os.path.join(directory, name)
    SaveScreenshot(path, view, ImageResolution=[400, 400])
    return read_png(path)


# The two layers as a plain switch shows them (LayerTransition stays 1: no animation).
relu3_picture = screenshot("relu3.png")
shown.Layer = "fc2"
fc2_picture = screenshot("fc2.png")
nt.check(difference(relu3_picture, fc2_picture) > 0.01,
         "relu3 and fc2 look different: %.4f of the pixels" % difference(relu3_picture, fc2_picture))
nt.check(shown.GetProperty("LayerTransition").GetData() == 1.0,
         "a plain switch leaves LayerTransition at 1 (no animation)")
shown.Layer = "relu3"
Render(view)

# The animated switch.
paths = neurotour.RenderLayerTransition(shown, "fc2", directory, frames=9, view=view)
nt.check(len(paths) == 9 and all(os.path.exists(p) for p in paths), "9 frames written: %r" % paths)
frames = [read_png(p) for p in paths]
first = difference(frames[0], relu3_picture)
last = difference(frames[-1], fc2_picture)
nt.check(first < 0.002, "the first frame is relu3's picture: %.4f of the pixels differ" % first)
nt.check(last < 0.002, "the last frame is fc2's picture: %.4f of the pixels differ" % last)
# The samples move steadily: each frame is farther from the first and nearer the last.
from_start = [distance(f, frames[0]) for f in frames]
to_end = [distance(f, frames[-1]) for f in frames]
nt.check(all(b > a for a, b in zip(from_start, from_start[1:])) and
         all(b < a for a, b in zip(to_end, to_end[1:])),
         "frames move from relu3 to fc2: %s / %s" % (np.round(from_start, 1), np.round(to_end, 1)))
middle = frames[4]
nt.check(difference(middle, frames[0]) > 0.01 and difference(middle, frames[-1]) > 0.01,
         "the middle frame is neither layer: %.3f, %.3f" % (
             difference(middle, frames[0]), difference(middle, frames[-1])))
# The middle frame again (relu3 shown alone, then half way to fc2), against its baseline.
shown.Layer = "relu3"
Render(view)
shown.GetProperty("LayerTransition").SetData(0.5)
shown.Layer = "fc2"
nt.compare_image(view, "LayerTransitionMiddle.png")
shown.GetProperty("LayerTransition").SetData(1.0)
nt.check(difference(screenshot("fc2_again.png"), fc2_picture) < 0.002,
         "back at 1 the view shows fc2 alone")

# A bad layer name: an error naming the layers, and the view unchanged.
try:
    neurotour.RenderLayerTransition(shown, "fc9", directory, view=view)
    nt.check(False, "an unknown layer raises")
except ValueError as error:
    nt.check("fc9" in str(error) and "relu3" in str(error) and shown.Layer == "fc2",
             "an unknown layer: %s" % error)
try:
    neurotour.RenderLayerTransition(shown, "relu3", directory, frames=1, view=view)
    nt.check(False, "one frame raises")
except ValueError as error:
    nt.check("2 frames" in str(error), "one frame: %s" % error)

nt.finish()
