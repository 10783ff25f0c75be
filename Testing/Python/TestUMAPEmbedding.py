"""PCA Reduction, UMAP Embedding and Embedding To Points on real Fashion-MNIST test images."""
import time

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())

N = 5000
images = IDXReader(FileName=nt.fashion('t10k-images-idx3-ubyte.gz'), MaximumNumberOfSamples=N)
source_columns = None


def columns(table):
    return [table.GetColumnName(i) for i in range(table.GetNumberOfColumns())]


def knn_accuracy(points, labels, k=10):
    """Leave-one-out k-NN classification accuracy (brute force)."""
    squared = (points ** 2).sum(1)
    distances = squared[:, None] + squared[None, :] - 2.0 * points @ points.T
    np.fill_diagonal(distances, np.inf)
    neighbours = np.argpartition(distances, k, axis=1)[:, :k]
    votes = labels[neighbours]
    predicted = np.array([np.bincount(row, minlength=10).argmax() for row in votes])
    return float((predicted == labels).mean())


table = nt.fetch(images)

# The feature-array lists leave out the annotation columns (SampleId, Label, Split), so a new
# filter on the reader defaults to its features, not to Label.
defaults = UMAPEmbedding(Input=images)
nt.check(defaults.ArrayName == "Pixels" and "Label" not in defaults.ArrayName.Available,
         "UMAP's Array Name defaults to Pixels, Label not offered: %r of %r"
         % (defaults.ArrayName, list(defaults.ArrayName.Available)))
Delete(defaults)
source_columns = columns(table)
labels = vtk_to_numpy(table.GetColumnByName('Label')).astype(int)
pixels = vtk_to_numpy(table.GetColumnByName('Pixels')).reshape(N, -1).astype(np.float64)

# PCA: 50 components, columns kept, explained variance sorted and consistent with numpy.
pca = PCAReduction(Input=images, ArrayName='Pixels', NumberOfComponents=50)
reduced = nt.fetch(pca)
nt.check(reduced.GetNumberOfRows() == N, "PCA keeps every row")
nt.check(columns(reduced) == source_columns + ['Embedding'], "PCA keeps the columns: %s" % columns(reduced))
scores = vtk_to_numpy(reduced.GetColumnByName('Embedding'))
nt.check(scores.shape == (N, 50), "PCA scores shape %s" % (scores.shape,))
ratio = vtk_to_numpy(reduced.GetFieldData().GetArray('ExplainedVarianceRatio'))
centred = pixels / 255.0 - (pixels / 255.0).mean(0) if pixels.max() > 1.5 else pixels - pixels.mean(0)
eigenvalues = np.linalg.eigvalsh(np.cov(centred, rowvar=False))[::-1]
expected_ratio = eigenvalues[:50] / eigenvalues.sum()
nt.check(np.allclose(ratio, expected_ratio, atol=1e-4),
         "ExplainedVarianceRatio matches numpy's eigenvalues (first %.4f vs %.4f)" % (ratio[0], expected_ratio[0]))

# UMAP of the PCA scores (the usual pipeline), 2-D.
umap = UMAPEmbedding(Input=pca, ArrayName='Embedding', NumberOfComponents=2)
embedded = nt.fetch(umap)
nt.check(embedded.GetNumberOfRows() == N, "UMAP keeps every row")
nt.check(columns(embedded) == source_columns + ['Embedding'], "UMAP keeps the columns: %s" % columns(embedded))
embedding = vtk_to_numpy(embedded.GetColumnByName('Embedding'))
nt.check(embedding.shape == (N, 2) and np.isfinite(embedding).all(), "UMAP embedding is finite, N x 2")
loss = embedded.GetFieldData().GetArray('UMAPLoss')
nt.check(loss is not None and loss.GetValue(0) > 0, "UMAPLoss in field data")
ids = embedded.GetRowData().GetGlobalIds()
nt.check(ids is not None and ids.GetName() == 'SampleId', "SampleId are the row global ids")
accuracy = knn_accuracy(embedding.astype(np.float64), labels)
print("10-NN accuracy of the 2-D embedding: %.3f (pixels: %.3f)" % (accuracy, knn_accuracy(pixels, labels)))
nt.check(accuracy > 0.70, "10-NN accuracy of the embedding %.3f > 0.70" % accuracy)

# UMAP straight on Pixels, 3-D, cosine; then as points.
umap3 = UMAPEmbedding(Input=images, ArrayName='Pixels', NumberOfComponents=3, Metric='cosine',
                      NumberOfEpochs=100)
points = nt.fetch(EmbeddingToPoints(Input=umap3))
nt.check(points.IsA('vtkPolyData') and points.GetNumberOfPoints() == N, "points from a 3-D embedding")
nt.check(points.GetNumberOfVerts() == N, "one vertex per point")
names = [points.GetPointData().GetArrayName(i) for i in range(points.GetPointData().GetNumberOfArrays())]
nt.check(set(source_columns + ['Embedding']) <= set(names), "every column as point data: %s" % names)
nt.check(points.GetPointData().GetGlobalIds() is not None, "point global ids")
xyz = vtk_to_numpy(points.GetPoints().GetData())
nt.check(np.allclose(xyz, vtk_to_numpy(points.GetPointData().GetArray('Embedding'))), "points at the embedding")
flat = nt.fetch(EmbeddingToPoints(Input=umap))
nt.check(np.all(vtk_to_numpy(flat.GetPoints().GetData())[:, 2] == 0), "2-D embedding gives z = 0")

# Bad input: an error and an empty output, never a crash.
missing = UMAPEmbedding(Input=images, ArrayName='NoSuchArray')
nt.check(nt.fetch(missing).GetNumberOfRows() == 0, "missing array gives an empty output")
few = IDXReader(FileName=nt.fashion('t10k-images-idx3-ubyte.gz'), MaximumNumberOfSamples=10)
too_few = UMAPEmbedding(Input=few, ArrayName='Pixels', NumberOfNeighbors=15)
nt.check(nt.fetch(too_few).GetNumberOfRows() == 0, "fewer samples than neighbours gives an empty output")
# Out-of-range settings are errors, not silently clamped to something else.
for label, proxy in [
        ("NumberOfNeighbors 0", UMAPEmbedding(Input=pca, ArrayName='Embedding', NumberOfNeighbors=0)),
        ("NumberOfNeighbors -1", UMAPEmbedding(Input=pca, ArrayName='Embedding', NumberOfNeighbors=-1)),
        ("NumberOfComponents 0", UMAPEmbedding(Input=pca, ArrayName='Embedding', NumberOfComponents=0)),
        ("NumberOfComponents -3", UMAPEmbedding(Input=pca, ArrayName='Embedding', NumberOfComponents=-3)),
        ("MinimumDistance -1", UMAPEmbedding(Input=pca, ArrayName='Embedding', MinimumDistance=-1)),
        ("PCA NumberOfComponents 0", PCAReduction(Input=images, ArrayName='Pixels', NumberOfComponents=0)),
        ("EmbeddingQuality NumberOfNeighbors 0", EmbeddingQuality(Input=pca, ArrayName='Embedding', NumberOfNeighbors=0))]:
    nt.check(nt.fetch(proxy).GetNumberOfRows() == 0, "%s gives an error and an empty output" % label)
    Delete(proxy)
# More PCA components than dimensions keeps them all, with a warning that says so (a layer of
# 10 logits in a multiblock reduced to 50 is common).
narrow = PCAReduction(Input=pca, ArrayName='Embedding', NumberOfComponents=51)
kept = nt.fetch(narrow).GetRowData().GetArray('Embedding').GetNumberOfComponents()
nt.check(kept == 50, "PCA of 50 dimensions to 51 keeps the 50, got %d" % kept)
wide = EmbeddingToPoints(Input=pca)
nt.check(nt.fetch(wide).GetNumberOfPoints() == 0, "a 50-D embedding cannot be points: empty output")

# Layers side by side: a multiblock's tables are embedded at once, each on its share of the
# threads, and each equals the UMAP of that table alone on that many threads (deterministic for
# a seed and thread count). An abort reaches the layers running on other threads.
from vtkmodules.vtkCommonDataModel import vtkMultiBlockDataSet, vtkTable  # noqa: E402
layer_tables = []
for source, column in ((images, 'Pixels'), (pca, 'Embedding')):
    # Each layer's features under one name, as ActivationExtraction's blocks have them.
    layer = vtkTable()
    features = nt.fetch(source).GetColumnByName(column)
    copy = features.NewInstance()
    copy.DeepCopy(features)
    copy.SetName('Activations')
    layer.AddColumn(copy)
    layer_tables.append(layer)
blocks = vtkMultiBlockDataSet()
blocks.SetNumberOfBlocks(2)
for index, (name, layer) in enumerate(zip(("pixels", "pca"), layer_tables)):
    blocks.SetBlock(index, layer)
    blocks.GetMetaData(index).Set(vtkMultiBlockDataSet.NAME(), name)
layers = PVTrivialProducer()
layers.GetClientSideObject().SetOutput(blocks)
together = nt.fetch(UMAPEmbedding(Input=layers, ArrayName='Activations', NumberOfThreads=2,
                                  NumberOfEpochs=50))
for index, (name, layer) in enumerate(zip(("pixels", "pca"), layer_tables)):
    alone_source = PVTrivialProducer()
    alone_source.GetClientSideObject().SetOutput(layer)
    alone = nt.fetch(UMAPEmbedding(Input=alone_source, ArrayName='Activations', NumberOfThreads=1,
                                   NumberOfEpochs=50))
    nt.check(np.array_equal(vtk_to_numpy(together.GetBlock(index).GetColumnByName('Embedding')),
                            vtk_to_numpy(alone.GetColumnByName('Embedding'))),
             "layer '%s' embedded beside another equals its UMAP alone on one thread" % name)

# Abort: the filter stops, its output is empty, and a script learns why.
import neurotour  # noqa: E402  (UpdatePipeline raises NeuroTourError from here on)
aborted = UMAPEmbedding(Input=images, ArrayName='Pixels', Seed=7)
algorithm = aborted.GetClientSideObject()
algorithm.AddObserver("ProgressEvent", lambda caller, event: caller.GetProgress() > 0.2
                      and caller.SetAbortExecute(1))
try:
    aborted.UpdatePipeline()
    raised = ""
except neurotour.NeuroTourError as error:
    raised = str(error)
nt.check(raised.startswith("Aborted"), "an aborted UMAP raises NeuroTourError saying so: %r" % raised)
nt.check(servermanager.Fetch(aborted).GetNumberOfRows() == 0,
         "aborted UMAP gives an empty output, again on the next update, quietly")
# The same with layers side by side: the pipeline thread relays the abort to the workers.
aborted_layers = UMAPEmbedding(Input=layers, ArrayName='Activations', NumberOfThreads=2, Seed=7)
aborted_layers.GetClientSideObject().AddObserver(
    "ProgressEvent", lambda caller, event: caller.GetProgress() > 0.2 and caller.SetAbortExecute(1))
start = time.perf_counter()
try:
    aborted_layers.UpdatePipeline()
    raised = ""
except neurotour.NeuroTourError as error:
    raised = str(error)
nt.check(raised.startswith("Aborted") and time.perf_counter() - start < 20,
         "layers side by side stop on abort with NeuroTourError: %r after %.1f s"
         % (raised, time.perf_counter() - start))

nt.finish()
