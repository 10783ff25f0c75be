"""UMAP transform: ours beside umap-learn's, in one run on the same Fashion-MNIST images.

Run with pvpython (setup.sh benchmark does):
  pvpython Testing/Benchmarks/umap_transform_benchmark.py [NeuroTour.so] [training samples]

Fits a 2-D UMAP on the training images (all 60,000 by default) and places the 10,000 test
images into it: ours with UMAP Embedding then UMAP Transform (pvpython, the plugin loaded),
umap-learn with fit then transform (Debian's python3, after a warm-up so numba's and
pynndescent's compilation is not timed). Prints seconds for the fit and the transform, their
ratios, peak memory, and the 10-NN accuracy of the placed test images (classified by their 10
nearest training images in the embedding) beside that of the raw pixels.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.neighbors import KNeighborsClassifier
from vtkmodules.util import numpy_support

from paraview.simple import LoadPlugin, servermanager

PLUGIN = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEUROTOUR_PLUGIN", "")
TRAINING = int(sys.argv[2]) if len(sys.argv) > 2 else 60000
FASHION = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
LoadPlugin(PLUGIN, ns=globals())  # defines IDXReader, UMAPEmbedding, UMAPTransform

PEER = r"""
import json, sys, time, numpy as np, resource, umap
x, xt = np.load(sys.argv[1]), np.load(sys.argv[2])
umap.UMAP().fit(x[:5000]).transform(xt[:500])  # JIT warm-up of fit and transform
start = time.perf_counter()
model = umap.UMAP().fit(x)
fit = time.perf_counter() - start
start = time.perf_counter()
placed = model.transform(xt)
transform = time.perf_counter() - start
np.save(sys.argv[3], model.embedding_)
np.save(sys.argv[4], placed)
print(json.dumps({"fit": fit, "transform": transform,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def column(proxy, name):
    table = servermanager.Fetch(proxy)
    values = numpy_support.vtk_to_numpy(table.GetColumnByName(name))
    return values.reshape(table.GetNumberOfRows(), -1)


def accuracy(fitted, labels, placed, test_labels):
    return KNeighborsClassifier(10).fit(fitted, labels).score(placed, test_labels)


train = IDXReader(FileName=os.path.join(FASHION, "train-images-idx3-ubyte.gz"),
                  MaximumNumberOfSamples=TRAINING)
test = IDXReader(FileName=os.path.join(FASHION, "t10k-images-idx3-ubyte.gz"))
train.UpdatePipeline()
test.UpdatePipeline()
fit = UMAPEmbedding(Input=train, ArrayName="Pixels")
start = time.perf_counter()
fit.UpdatePipeline()
ours_fit = time.perf_counter() - start
placed = UMAPTransform(Input=test, Reference=fit, ArrayName="Pixels")
start = time.perf_counter()
placed.UpdatePipeline()
ours_transform = time.perf_counter() - start
ours_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

x = (column(train, "Pixels") / np.float32(255)).astype(np.float32)
y = column(train, "Label").ravel()
xt = (column(test, "Pixels") / np.float32(255)).astype(np.float32)
yt = column(test, "Label").ravel()
ours = accuracy(column(fit, "Embedding"), y, column(placed, "Embedding"), yt)

with tempfile.TemporaryDirectory() as work:
    paths = [os.path.join(work, name) for name in ("x.npy", "xt.npy", "fit.npy", "placed.npy")]
    np.save(paths[0], x)
    np.save(paths[1], xt)
    result = subprocess.run(["/usr/bin/python3", "-c", PEER] + paths, capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit("umap-learn failed:\n" + result.stderr[-2000:])
    peer = json.loads(result.stdout.strip().splitlines()[-1])
    theirs = accuracy(np.load(paths[2]), y, np.load(paths[3]), yt)
raw = accuracy(x, y, xt, yt)

print("UMAP transform: fit on %d Fashion-MNIST training images (2-D), place the %d test images"
      % (len(x), len(xt)))
print("%-28s %10s %12s %10s %12s" % ("", "fit s", "transform s", "peak MB", "10-NN acc."))
print("%-28s %10.1f %12.2f %10.0f %12.4f" % ("NeuroTour (pvpython)", ours_fit, ours_transform,
                                              ours_peak, ours))
print("%-28s %10.1f %12.2f %10.0f %12.4f" % ("umap-learn", peer["fit"], peer["transform"],
                                              peer["peak_mb"], theirs))
print("ratio (peer / ours): fit %.2fx, transform %.2fx; accuracy difference %+.4f"
      % (peer["fit"] / ours_fit, peer["transform"] / ours_transform, ours - theirs))
print("10-NN accuracy of the raw pixels (test by training images): %.4f" % raw)
