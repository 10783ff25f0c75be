"""NeuroTour's main job, run by `bash setup.sh main` under pvbatch.

Reads Fashion-MNIST with the plugin and renders a mosaic of test images, sorted by class,
to output/fashion_mnist_mosaic.png: proof that data flows from the IDX files through the
plugin into ParaView's renderer."""
import argparse
import os
import time

from paraview.simple import *

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--output", default="output", help="where the pictures go")
parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist", help="Fashion-MNIST IDX files")
parser.add_argument("--per-class", type=int, default=30, help="images per class in the mosaic")
arguments = parser.parse_args()
os.makedirs(arguments.output, exist_ok=True)
LoadPlugin(os.environ["NEUROTOUR_PLUGIN"], ns=globals())

start = time.perf_counter()
images = IDXReader(FileName=os.path.join(arguments.data, "t10k-images-idx3-ubyte.gz"))

# One row of the mosaic per class: the first images of each class, side by side.
mosaic = ProgrammableFilter(Input=images, OutputDataSetType="vtkImageData")
mosaic.Script = """
import numpy as np
from vtkmodules.numpy_interface import dataset_adapter as dsa
table = dsa.WrapDataObject(self.GetInputDataObject(0, 0))
pixels = np.asarray(table.RowData["Pixels"]).reshape(-1, 28, 28)
labels = np.asarray(table.RowData["Label"])
per_class = %d
rows = [np.hstack(pixels[np.flatnonzero(labels == c)[:per_class]]) for c in range(10)]
picture = np.vstack(rows)[::-1]  # image rows run bottom-up in VTK
output = self.GetImageDataOutput()
output.SetDimensions(picture.shape[1], picture.shape[0], 1)
output.GetPointData().SetScalars(dsa.numpyTovtkDataArray(picture.ravel().astype(np.uint8), "Pixels"))
""" % arguments.per_class
mosaic.RequestInformationScript = """
from paraview import util
util.SetOutputWholeExtent(self, [0, 28 * %d - 1, 0, 279, 0, 0])
""" % arguments.per_class

view = CreateRenderView(ViewSize=[28 * arguments.per_class * 2, 560], OrientationAxesVisibility=0)
display = Show(mosaic, view, Representation="Slice")
ColorBy(display, ("POINTS", "Pixels"))
lut = GetColorTransferFunction("Pixels")
lut.ApplyPreset("Grayscale", True)
lut.RescaleTransferFunction(0.0, 255.0)
display.MapScalars = 1
view.InteractionMode = "2D"
ResetCamera(view)
view.CameraParallelScale = 140
picture = os.path.join(arguments.output, "fashion_mnist_mosaic.png")
SaveScreenshot(picture, view, ImageResolution=[28 * arguments.per_class * 2, 560])
print("mosaic of %d Fashion-MNIST test images (one row per class): %s (%.1f s)" % (
    10 * arguments.per_class, picture, time.perf_counter() - start))
