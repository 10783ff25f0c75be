"""What every NeuroTour example script shares: arguments, the plugin, the trained models,
timed stages, and saving charts. Each example imports it from its own folder."""
import argparse
import contextlib
import glob
import os
import subprocess
import sys
import time

from paraview import simple

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY_DIR = os.environ.get("NEUROTOUR_BINARY_DIR", os.path.join(SOURCE_DIR, "build"))
PLUGIN = os.environ.get(
    "NEUROTOUR_PLUGIN", os.path.join(BINARY_DIR, "lib", "paraview-5.11", "plugins", "NeuroTour", "NeuroTour.so"))
FASHION_MNIST = "/usr/share/datasets/fashion-mnist"
LABEL_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def arguments(description, samples=10000, epochs=4, train_samples=20000, extra=None):
    """Parses the common options (and those `extra(parser)` adds); loads the plugin."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--output", default=os.path.join(os.getcwd(), "output"), help="where results go")
    parser.add_argument("--data", default=FASHION_MNIST, help="Fashion-MNIST IDX files")
    parser.add_argument("--models", default=None, help="trained checkpoints (default: <output>/models)")
    parser.add_argument("--samples", type=int, default=samples, help="test images to tour")
    parser.add_argument("--epochs", type=int, default=epochs, help="training epochs (if models are trained)")
    parser.add_argument("--train-samples", type=int, default=train_samples, help="training images per epoch")
    if extra:
        extra(parser)
    args = parser.parse_args()
    args.models = args.models or os.path.join(args.output, "models")
    os.makedirs(args.output, exist_ok=True)
    # The filters' Python functions go into the script's namespace, and into this module's.
    script = sys.modules["__main__"].__dict__
    before = set(script)
    simple.LoadPlugin(PLUGIN, ns=script)
    globals().update({name: script[name] for name in set(script) - before})
    import neurotour  # noqa: F401  (NeuroTour errors become exceptions)
    return args


def checkpoints(args):
    """The per-epoch TorchScript checkpoints, epoch 0 (untrained) first; trains them if absent."""
    def found():
        paths = glob.glob(os.path.join(args.models, "fashion_cnn_epoch*.pt"))
        return sorted(paths, key=lambda p: int(p.rsplit("epoch", 1)[1][:-3]))

    paths = found()
    if len(paths) < args.epochs + 1:
        trainer = os.path.join(BINARY_DIR, "bin", "NeuroTourTrainFashionCNN")
        with stage("training the example CNN (%d epochs x %d images)" % (args.epochs, args.train_samples)):
            subprocess.run([trainer, "--epochs", str(args.epochs), "--train-samples", str(args.train_samples),
                            "--data-dir", args.data, "--output-dir", args.models], check=True)
        paths = found()
    return paths[: args.epochs + 1]


@contextlib.contextmanager
def stage(name):
    """Prints how long a stage took."""
    start = time.perf_counter()
    print("-- %s ..." % name, flush=True)
    yield
    print("   %s: %.1f s" % (name, time.perf_counter() - start), flush=True)


def test_images(args, count=None):
    return IDXReader(FileName=os.path.join(args.data, "t10k-images-idx3-ubyte.gz"),
                            MaximumNumberOfSamples=count or args.samples)


def layer(source, name):
    """One block (layer) of a multiblock of sample tables."""
    return simple.ExtractBlock(Input=source, Selectors=["/Root/%s" % name])


def most_spread_frame(paths):
    """The index of the saved picture with the most pixels unlike its corner (the background):
    the tour frame where the samples are most spread out."""
    import numpy
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkIOImage import vtkPNGReader
    drawn = []
    for path in paths:
        reader = vtkPNGReader()
        reader.SetFileName(path)
        reader.Update()
        pixels = vtk_to_numpy(reader.GetOutput().GetPointData().GetScalars())[:, :3].astype(int)
        drawn.append(int((numpy.abs(pixels - pixels[0]).sum(axis=1) > 30).sum()))
    return int(numpy.argmax(drawn))


def filmstrip(paths, path):
    """The pictures at `paths` side by side, left to right, in one PNG at `path`."""
    from vtkmodules.vtkFiltersCore import vtkImageAppend
    from vtkmodules.vtkIOImage import vtkPNGReader, vtkPNGWriter
    strip = vtkImageAppend()
    strip.SetAppendAxis(0)
    for picture in paths:
        reader = vtkPNGReader()
        reader.SetFileName(picture)
        strip.AddInputConnection(reader.GetOutputPort())
    writer = vtkPNGWriter()
    writer.SetFileName(path)
    writer.SetInputConnection(strip.GetOutputPort())
    writer.Write()
    return path


def triangle_projection(dimensions, corners):
    """An orthonormal n x 2 frame that puts the axes `corners` (three of them) on the corners
    of an equilateral triangle and every other axis at the centre: for a softmax layer, the
    samples torn between those three classes spread along the triangle's edges."""
    import math
    frame = [[0.0, 0.0] for _ in range(dimensions)]
    scale = 1.0 / math.sqrt(1.5)  # makes both columns unit vectors (and they are orthogonal)
    for corner, angle in zip(corners, (90.0, 210.0, 330.0)):
        frame[corner] = [scale * math.cos(math.radians(angle)), scale * math.sin(math.radians(angle))]
    return frame


def save_tour_movie(view, path, duration, frames_per_second):
    """A movie of the tour: ParaView's animation of the view's TourTime property, so the same
    frames as neurotour.tour.render_frames, written by SaveAnimation."""
    scene = simple.GetAnimationScene()
    track = simple.GetAnimationTrack("TourTime", proxy=view)
    start = view.TourTime
    track.KeyFrames = [simple.CompositeKeyFrame(KeyTime=0.0, KeyValues=[start]),
                       simple.CompositeKeyFrame(KeyTime=1.0, KeyValues=[start + duration])]
    scene.PlayMode = "Sequence"
    scene.StartTime, scene.EndTime = 0.0, 1.0
    scene.NumberOfFrames = max(2, int(duration * frames_per_second))
    simple.SaveAnimation(path, view, FrameRate=int(frames_per_second))
    scene.Cues.remove(track)
    view.TourTime = start
    return path


def save_line_chart(table, x_column, columns, path, title, size=(900, 500)):
    """A line chart of `columns` against `x_column` (None: the row index) of a table, as a PNG."""
    view = simple.CreateView("XYChartView")
    view.ViewSize = list(size)
    view.ChartTitle = title
    view.LeftAxisTitle = "value"
    view.BottomAxisTitle = x_column or "row"
    display = simple.Show(table, view, "XYChartRepresentation")
    display.UseIndexForXAxis = 0 if x_column else 1
    if x_column:
        display.XArrayName = x_column
    display.SeriesVisibility = list(columns)
    simple.SaveScreenshot(path, view, ImageResolution=list(size))
    simple.Delete(view)
    return path
