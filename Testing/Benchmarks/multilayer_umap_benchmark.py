"""UMAP of many layers: side by side (UMAP Embedding on a multiblock) against one after another.

Run with pvpython (setup.sh benchmark does):
  pvpython Testing/Benchmarks/multilayer_umap_benchmark.py [NeuroTour.so] [samples] [layers]

The layers are ReLU random projections of Fashion-MNIST training images (784, 512, 256, 128 and
64 units, repeated), so their sizes are those of a small CNN's. Ours embeds all of them in 15-D
from one multiblock, the layers side by side, each on its share of the cores; the baseline
embeds each layer from its own table, one after another on every core, as UMAP Embedding did
before. Prints seconds, the speed-up and peak memory; each layer's stage times are logged by the
filter itself.
"""
import gzip
import os
import resource
import sys
import time

import numpy as np
from vtkmodules.util import numpy_support
from vtkmodules.vtkCommonDataModel import vtkMultiBlockDataSet, vtkTable

from paraview.simple import LoadPlugin, PVTrivialProducer, UpdatePipeline

PLUGIN = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEUROTOUR_PLUGIN", "")
SAMPLES = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
LAYERS = int(sys.argv[3]) if len(sys.argv) > 3 else 10
FASHION = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
LoadPlugin(PLUGIN, ns=globals())  # defines UMAPEmbedding

with gzip.open(os.path.join(FASHION, "train-images-idx3-ubyte.gz")) as f:
    raw = f.read()
images = np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784)[:SAMPLES] / np.float32(255)
rng = np.random.default_rng(0)
widths = ([784, 512, 256, 128, 64] * LAYERS)[:LAYERS]
layers = [np.maximum(images @ rng.standard_normal((784, w)).astype(np.float32), 0)
          for w in widths]


def table(activations):
    result = vtkTable()
    column = numpy_support.numpy_to_vtk(activations, deep=1)
    column.SetName("Activations")
    result.AddColumn(column)
    return result


def producer(data):
    source = PVTrivialProducer()
    source.GetClientSideObject().SetOutput(data)
    return source


blocks = vtkMultiBlockDataSet()
blocks.SetNumberOfBlocks(LAYERS)
for index, activations in enumerate(layers):
    blocks.SetBlock(index, table(activations))
    blocks.GetMetaData(index).Set(vtkMultiBlockDataSet.NAME(), "layer%d_%d" % (index, widths[index]))

embedding = UMAPEmbedding(Input=producer(blocks), ArrayName="Activations", NumberOfComponents=15)
start = time.perf_counter()
embedding.UpdatePipeline()
side_by_side = time.perf_counter() - start
peak_side_by_side = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

one_after_another = 0.0
for activations in layers:
    single = UMAPEmbedding(Input=producer(table(activations)), ArrayName="Activations",
                           NumberOfComponents=15)
    start = time.perf_counter()
    single.UpdatePipeline()
    one_after_another += time.perf_counter() - start

print("UMAP 15-D of %d layers x %d Fashion-MNIST images (widths %s), %d cores"
      % (LAYERS, SAMPLES, widths, os.cpu_count()))
print("side by side (multiblock): %.1f s, peak %.0f MB" % (side_by_side, peak_side_by_side))
print("one after another:         %.1f s" % one_after_another)
print("speed-up: %.2fx" % (one_after_another / side_by_side))
