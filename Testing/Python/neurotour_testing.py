"""Shared helpers for NeuroTour's pvpython tests: plugin loading, data paths, checks."""
import os
import random
import socket
import subprocess
import sys
import time

from paraview import simple

PLUGIN = os.environ.get("NEUROTOUR_PLUGIN", "")
SOURCE_DIR = os.environ.get("NEUROTOUR_SOURCE_DIR", "")
FASHION_MNIST = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
MODELS = os.environ.get("NEUROTOUR_MODELS", "")
OUTPUT = os.environ.get("NEUROTOUR_TEST_OUTPUT", "/tmp/neurotour-test-output")
BASELINES = os.path.join(SOURCE_DIR, "Testing", "Baselines")
DATA = os.path.join(SOURCE_DIR, "Testing", "Data")

os.makedirs(OUTPUT, exist_ok=True)

_failures = []


def load_plugin(namespace):
    """Loads the built plugin into the caller's namespace, as a user's script would."""
    simple.LoadPlugin(PLUGIN, ns=namespace)


def fashion(name):
    return os.path.join(FASHION_MNIST, name)


def check(condition, message):
    """Records a failed expectation (the test goes on, and fails at the end)."""
    if not condition:
        _failures.append(message)
        print("FAILED: " + message, file=sys.stderr)
    return condition


def check_close(actual, expected, tolerance, message):
    ok = abs(actual - expected) <= tolerance
    return check(ok, "%s: got %r, expected %r (tolerance %r)" % (message, actual, expected, tolerance))


class Messages:
    """Collects VTK warnings and errors while it is open (filters and the view report there)."""

    def __init__(self):
        from vtkmodules.vtkCommonCore import vtkOutputWindow, vtkStringOutputWindow
        self.window = vtkStringOutputWindow()
        self.previous = vtkOutputWindow.GetInstance()
        vtkOutputWindow.SetInstance(self.window)

    def text(self):
        return self.window.GetOutput()

    def close(self):
        from vtkmodules.vtkCommonCore import vtkOutputWindow
        vtkOutputWindow.SetInstance(self.previous)


def fetch(proxy):
    """The data of a proxy's output, brought to the client (a vtkTable or a composite)."""
    proxy.UpdatePipeline()
    return simple.servermanager.Fetch(proxy)


def picture(view):
    """The view's rendered pixels (rows x 3 or 4 channels)."""
    from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter
    from vtkmodules.util.numpy_support import vtk_to_numpy
    simple.Render(view)
    grab = vtkWindowToImageFilter()
    grab.SetInput(view.GetRenderWindow())
    grab.ReadFrontBufferOff()
    grab.Update()
    return vtk_to_numpy(grab.GetOutput().GetPointData().GetScalars()).copy()


def image_error(produced, expected):
    """vtkImageDifference's thresholded error between two PNG files (0 when they are equal)."""
    from vtkmodules.vtkIOImage import vtkPNGReader
    from vtkmodules.vtkImagingCore import vtkImageDifference
    readers = []
    for path in (produced, expected):
        reader = vtkPNGReader()
        reader.SetFileName(path)
        reader.Update()
        readers.append(reader)
    difference = vtkImageDifference()
    difference.SetInputConnection(readers[0].GetOutputPort())
    difference.SetImageConnection(readers[1].GetOutputPort())
    difference.Update()
    return difference.GetThresholdedError()


def compare_image(view, baseline_name, threshold=10.0):
    """Saves a screenshot and compares it with Testing/Baselines/<baseline_name>.

    A missing baseline is written from this run (then look at it and commit it)."""
    import shutil

    produced = os.path.join(OUTPUT, baseline_name)
    simple.SaveScreenshot(produced, view, ImageResolution=view.ViewSize)
    baseline = os.path.join(BASELINES, baseline_name)
    if not os.path.exists(baseline):
        shutil.copyfile(produced, baseline)
        return check(False, "no baseline %s; wrote one from this run: look at it and commit it" % baseline)
    error = image_error(produced, baseline)
    return check(error <= threshold,
                 "image %s differs from its baseline: error %.2f > %.2f (see %s)" % (
                     baseline_name, error, threshold, produced))


# pvserver on localhost, for the client-server tests.
def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def listening(port):
    """Whether some process listens on `port` (read from /proc, so no probe connection
    is made: pvserver takes the first connection it accepts as its client)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
                return True
    return False


# pvserver 5.11 listens on every interface and serves the first client that connects: a
# random connect id, required of the client, keeps anyone else on the network out.
CONNECT_ID = random.SystemRandom().randint(1, 2**31 - 1)


def start_server(log_path, timeout=60.0, prefix=(), env=None):
    """Starts pvserver (after `prefix`, e.g. mpirun and its options) on a free port; returns
    (process, port, log file) once it listens, or when it exited or `timeout` passed."""
    port = free_port()
    log = open(log_path, "w")
    server = subprocess.Popen(
        list(prefix) + ["pvserver", "--server-port=%d" % port, "--connect-id=%d" % CONNECT_ID,
                        "--force-offscreen-rendering"],
        stdout=log, stderr=subprocess.STDOUT, env=env or os.environ.copy())
    deadline = time.time() + timeout
    while time.time() < deadline and server.poll() is None and not listening(port):
        time.sleep(0.2)
    return server, port, log


def stop_server(server, log):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
    log.close()



def write_epochs(directory, samples=40, dimension=5):
    """Three training 'epochs' of an embedding as epoch_1.npz .. epoch_3.npz (Embedding, Label,
    SampleId), for NumPyReader(FileNames=..., ArrayName="Embedding") -> time steps 1, 2, 3.
    Epoch 2 holds epoch 1's samples (same coordinates) with the rows in another order; epoch 3
    moves them (coordinates stretched and mixed). Returns the file names."""
    import numpy
    rng = numpy.random.default_rng(11)
    coordinates = rng.normal(size=(samples, dimension)).astype(numpy.float32)
    labels = numpy.arange(samples, dtype=numpy.int32) % 4
    ids = numpy.arange(1000, 1000 + samples, dtype=numpy.int64)
    order = rng.permutation(samples)
    mix = numpy.linalg.qr(rng.normal(size=(dimension, dimension)))[0].astype(numpy.float32)
    epochs = ((coordinates, slice(None)), (coordinates, order),
              ((coordinates * numpy.linspace(0.3, 2.0, dimension, dtype=numpy.float32)) @ mix,
               slice(None)))
    os.makedirs(directory, exist_ok=True)
    names = []
    for epoch, (values, rows) in enumerate(epochs, start=1):
        name = os.path.join(directory, "epoch_%d.npz" % epoch)
        numpy.savez(name, Embedding=values[rows], Label=labels[rows], SampleId=ids[rows])
        names.append(name)
    return names


def finish():
    """Exits non-zero if any check failed."""
    if _failures:
        print("%d check(s) failed" % len(_failures), file=sys.stderr)
        sys.exit(1)
    print("all checks passed")
    sys.exit(0)
