"""Aligned UMAP across time steps (a .npy series read as epochs) and across blocks, on real
Fashion-MNIST images: consecutive slices stay aligned, independent UMAPs do not."""
import os
import time

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonExecutionModel import vtkStreamingDemandDrivenPipeline

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())

N = 2000
images = IDXReader(FileName=nt.fashion('t10k-images-idx3-ubyte.gz'), MaximumNumberOfSamples=N)
pixels = vtk_to_numpy(nt.fetch(images).GetColumnByName('Pixels')).reshape(N, -1).astype(np.float32)
pixels /= max(1.0, pixels.max())

# Three "epochs": the same images with a little more noise each time.
rng = np.random.default_rng(0)
files = []
for epoch in (1, 2, 3):
    name = os.path.join(nt.OUTPUT, "aligned_epoch_%d.npy" % epoch)
    np.save(name, pixels + rng.normal(0, 0.05 * epoch, pixels.shape).astype(np.float32))
    files.append(name)
series = NumPyReader(FileNames=files)


def relative_displacement(a, b):
    spread = np.sqrt(((a - a.mean(0)) ** 2).sum(1).mean())
    return float(np.linalg.norm(a - b, axis=1).mean() / spread)


def embedding_at(proxy, t):
    proxy.UpdatePipeline(t)
    table = servermanager.Fetch(proxy)
    return vtk_to_numpy(table.GetColumnByName('Embedding')).copy(), table


aligned = AlignedUMAP(Input=series, ArrayName='Activations', NumberOfEpochs=200)
aligned.UpdatePipelineInformation()
steps = aligned.GetClientSideObject().GetOutputInformation(0).Get(
    vtkStreamingDemandDrivenPipeline.TIME_STEPS())
nt.check(steps is not None and list(steps) == [1.0, 2.0, 3.0], "output time steps %s" % (steps,))
start = time.time()
slices = []
for t in (1.0, 2.0, 3.0):
    embedding, table = embedding_at(aligned, t)
    nt.check(embedding.shape == (N, 2) and np.isfinite(embedding).all(), "slice %g: N x 2, finite" % t)
    nt.check(table.GetFieldData().GetArray('UMAPLoss') is not None, "slice %g: UMAPLoss" % t)
    slices.append(embedding)
print("aligned UMAP, 3 slices of %d, all steps fetched: %.1f s" % (N, time.time() - start))
nt.check(not np.array_equal(slices[0], slices[2]), "each time step has its own embedding")
start = time.time()
again, _ = embedding_at(aligned, 2.0)
cached = time.time() - start
nt.check(np.array_equal(again, slices[1]), "a time step asked again gives the cached result")
print("cached step: %.2f s" % cached)

single = UMAPEmbedding(Input=series, ArrayName='Activations', NumberOfEpochs=200)
independent = [embedding_at(single, t)[0] for t in (1.0, 2.0)]
shift_aligned = relative_displacement(slices[0], slices[1])
shift_independent = relative_displacement(independent[0], independent[1])
print("displacement epoch 1 -> 2 relative to spread: aligned %.3f, independent %.3f" % (
    shift_aligned, shift_independent))
nt.check(shift_aligned < 0.25, "aligned consecutive slices stay close (%.3f)" % shift_aligned)
nt.check(shift_aligned < 0.5 * shift_independent, "aligned moves less than independent UMAPs")

# Across blocks: two PCA reductions of the same images as two "layers".
layers = GroupDatasets(Input=[PCAReduction(Input=images, ArrayName='Pixels', NumberOfComponents=20),
                              PCAReduction(Input=images, ArrayName='Pixels', NumberOfComponents=50)])
blocks = AlignedUMAP(Input=layers, ArrayName='Embedding', AlignAcross='blocks', NumberOfEpochs=200)
result = nt.fetch(blocks)
nt.check(result.IsA('vtkMultiBlockDataSet') and result.GetNumberOfBlocks() == 2, "blocks in, blocks out")
tables = [result.GetBlock(i) for i in range(2)]
nt.check(all(t.GetColumnByName('Embedding').GetNumberOfComponents() == 2 for t in tables),
         "every block gets a 2-D Embedding")
nt.check(all(t.GetColumnByName('Pixels') is not None for t in tables), "input columns kept")
layer_shift = relative_displacement(*[vtk_to_numpy(t.GetColumnByName('Embedding')) for t in tables])
print("displacement between layers relative to spread: %.3f" % layer_shift)
nt.check(layer_shift < 0.25, "aligned layers stay close (%.3f)" % layer_shift)

# Bad input: a single table without time steps.
bad = AlignedUMAP(Input=images, ArrayName='Pixels')
nt.check(nt.fetch(bad).GetNumberOfRows() == 0, "no time steps: error and empty output")

nt.finish()
