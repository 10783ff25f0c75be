"""t-SNE Embedding on real Fashion-MNIST test images, against scikit-learn's TSNE on the same data."""
import time

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())
import neurotour  # noqa: E402  (UpdatePipeline raises NeuroTourError from here on)

N = 2500
images = IDXReader(FileName=nt.fashion('t10k-images-idx3-ubyte.gz'), MaximumNumberOfSamples=N)
table = nt.fetch(images)
labels = vtk_to_numpy(table.GetColumnByName('Label')).astype(int)
pixels = vtk_to_numpy(table.GetColumnByName('Pixels')).reshape(N, -1).astype(np.float32)


def knn_accuracy(points, k=10):
    """Leave-one-out k-NN classification accuracy (brute force)."""
    squared = (points ** 2).sum(1)
    distances = squared[:, None] + squared[None, :] - 2.0 * points @ points.T
    np.fill_diagonal(distances, np.inf)
    neighbours = np.argpartition(distances, k, axis=1)[:, :k]
    predicted = np.array([np.bincount(row, minlength=10).argmax() for row in labels[neighbours]])
    return float((predicted == labels).mean())


def exact_kl(P, Y):
    """KL(P || Q) with Q over every pair, for any embedding of the same samples."""
    Y = Y.astype(np.float64)
    squared = (Y ** 2).sum(1)
    w = 1.0 / (1.0 + np.maximum(squared[:, None] + squared[None, :] - 2.0 * Y @ Y.T, 0.0))
    np.fill_diagonal(w, 0.0)
    coo = P.tocoo()
    q = w[coo.row, coo.col] / w.sum()
    return float((coo.data * np.log(coo.data / q)).sum())


defaults = TSNEEmbedding(Input=images)
nt.check(defaults.ArrayName == "Pixels" and "Label" not in defaults.ArrayName.Available,
         "t-SNE's Array Name defaults to Pixels: %r" % defaults.ArrayName)
nt.check(defaults.Perplexity == 30 and defaults.NumberOfIterations == 1000
         and defaults.Initialization == 'pca', "scikit-learn's defaults")
Delete(defaults)

start = time.perf_counter()
tsne = TSNEEmbedding(Input=images, ArrayName='Pixels')
embedded = nt.fetch(tsne)
ours_seconds = time.perf_counter() - start
columns = [embedded.GetColumnName(i) for i in range(embedded.GetNumberOfColumns())]
nt.check(columns == [table.GetColumnName(i) for i in range(table.GetNumberOfColumns())] + ['Embedding'],
         "t-SNE keeps every column and adds Embedding: %s" % columns)
ours = vtk_to_numpy(embedded.GetColumnByName('Embedding'))
nt.check(ours.shape == (N, 2) and np.isfinite(ours).all(), "the embedding is finite, N x 2")
reported_kl = embedded.GetFieldData().GetArray('TSNEKLDivergence').GetValue(0)

# The peer, on the same values.
from sklearn.manifold import TSNE  # noqa: E402
from sklearn.manifold._t_sne import _joint_probabilities_nn  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402

data = pixels
start = time.perf_counter()
peer_model = TSNE(perplexity=30, init='pca', learning_rate='auto', random_state=0, n_jobs=-1)
peer = peer_model.fit_transform(data)
peer_seconds = time.perf_counter() - start
distances = NearestNeighbors(n_neighbors=91).fit(data).kneighbors_graph(mode='distance')
distances.data **= 2
P = _joint_probabilities_nn(distances, 30, 0).tocsr()
ours_kl, peer_kl = exact_kl(P, ours), exact_kl(P, peer)
ours_accuracy, peer_accuracy = knn_accuracy(ours), knn_accuracy(peer)
print("t-SNE of %d images: ours %.1f s, KL %.4f (reported %.4f), 10-NN accuracy %.3f; "
      "scikit-learn %.1f s, KL %.4f, accuracy %.3f"
      % (N, ours_seconds, ours_kl, reported_kl, ours_accuracy, peer_seconds, peer_kl, peer_accuracy))
nt.check_close(reported_kl, ours_kl, 0.02 * ours_kl, "the reported KL divergence is the exact one")
nt.check(ours_kl <= 1.03 * peer_kl, "KL divergence %.4f within 3%% of scikit-learn's %.4f or below"
         % (ours_kl, peer_kl))
nt.check(ours_accuracy >= peer_accuracy - 0.02, "10-NN accuracy %.3f within 0.02 of scikit-learn's %.3f"
         % (ours_accuracy, peer_accuracy))

# Deterministic for a seed and thread count.
again = nt.fetch(TSNEEmbedding(Input=images, ArrayName='Pixels', NumberOfIterations=300))
again2 = nt.fetch(TSNEEmbedding(Input=images, ArrayName='Pixels', NumberOfIterations=300))
nt.check(np.array_equal(vtk_to_numpy(again.GetColumnByName('Embedding')),
                        vtk_to_numpy(again2.GetColumnByName('Embedding'))), "same input, same embedding")

# 3-D (exact repulsion) of a PCA, starting from a given layout.
pca = PCAReduction(Input=images, ArrayName='Pixels', NumberOfComponents=3)
three = nt.fetch(TSNEEmbedding(Input=pca, ArrayName='Embedding', NumberOfComponents=3,
                               Initialization='array', InitializationArray='Embedding',
                               NumberOfIterations=250))
three_d = vtk_to_numpy(three.GetColumnByName('Embedding'))
nt.check(three_d.shape == (N, 3) and np.isfinite(three_d).all(), "3-D embedding from an array")

# Bad input: a clear error, an empty output, a Python exception.
few = IDXReader(FileName=nt.fashion('t10k-images-idx3-ubyte.gz'), MaximumNumberOfSamples=20)
refused = TSNEEmbedding(Input=few, ArrayName='Pixels')
try:
    refused.UpdatePipeline()
    raised = ""
except neurotour.NeuroTourError as error:
    raised = str(error)
nt.check("perplexity of 30" in raised and "20" in raised,
         "too few samples for the perplexity raises NeuroTourError naming both: %r" % raised)
nt.check(servermanager.Fetch(refused).GetNumberOfRows() == 0, "and the output is empty")

# Abort stops it promptly.
aborted = TSNEEmbedding(Input=images, ArrayName='Pixels', Seed=7)
aborted.GetClientSideObject().AddObserver(
    "ProgressEvent", lambda caller, event: caller.GetProgress() > 0.5 and caller.SetAbortExecute(1))
try:
    aborted.UpdatePipeline()
    raised = ""
except neurotour.NeuroTourError as error:
    raised = str(error)
nt.check(raised.startswith("Aborted"), "an aborted t-SNE raises NeuroTourError saying so: %r" % raised)

nt.finish()
