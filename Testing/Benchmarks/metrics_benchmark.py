"""Embedding-quality and layer-similarity timings: NeuroTour's filters beside scikit-learn/numpy.

Run with pvpython (it sees Debian's dist-packages, so sklearn imports there too):
  Testing/Python/run_pvpython.sh /usr/bin/pvpython Testing/Benchmarks/metrics_benchmark.py \
      build/lib/paraview-5.11/plugins/NeuroTour/NeuroTour.so

1. Trustworthiness, continuity and 10-NN accuracy of a 2-D PCA of 10,000 Fashion-MNIST images
   against their pixels: ours (EmbeddingQuality, all metrics in one run) and sklearn (one call
   per metric), seconds, ratio and the values side by side.
2. The same at 70,000 images, ours alone: sklearn's trustworthiness materialises three n × n
   matrices (about 118 GB at n = 70,000).
3. Linear CKA between pixels (784-D), a 50-D and a 2-D PCA of all 70,000 images: LayerSimilarity
   against numpy's feature-space formula.
"""
import os
import resource
import sys
import time

import numpy as np
from sklearn.manifold import trustworthiness
from sklearn.neighbors import KNeighborsClassifier
from vtkmodules.util import numpy_support
from vtkmodules.vtkCommonDataModel import vtkMultiBlockDataSet, vtkTable

from paraview.simple import LoadPlugin, PVTrivialProducer, servermanager

PLUGIN = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEUROTOUR_PLUGIN", "")
FASHION = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
K = 10
LoadPlugin(PLUGIN, ns=globals())  # defines IDXReader, EmbeddingQuality, LayerSimilarity


def load(count, combine):
    reader = IDXReader(FileName=os.path.join(FASHION, "t10k-images-idx3-ubyte.gz"),
                       MaximumNumberOfSamples=count, CombineTrainAndTest=combine)
    reader.UpdatePipeline()
    data = servermanager.Fetch(reader)
    n = data.GetNumberOfRows()
    pixels = numpy_support.vtk_to_numpy(data.GetColumnByName("Pixels")).reshape(n, -1)
    labels = numpy_support.vtk_to_numpy(data.GetColumnByName("Label")).astype(np.int64)
    return pixels.astype(np.float32), labels


def pca(x, components):
    centred = x - x.mean(0)
    _, _, vt = np.linalg.svd(np.cov(centred, rowvar=False).astype(np.float64))
    return (centred @ vt[:components].T.astype(np.float32)).astype(np.float32)


def table(labels, **arrays):
    result = vtkTable()
    ids = numpy_support.numpy_to_vtk(np.arange(len(labels), dtype=np.int64), deep=1,
                                     array_type=numpy_support.get_vtk_array_type(np.int64))
    ids.SetName("SampleId")
    result.AddColumn(ids)
    label_column = numpy_support.numpy_to_vtk(labels, deep=1,
                                              array_type=numpy_support.get_vtk_array_type(np.int64))
    label_column.SetName("Label")
    result.AddColumn(label_column)
    for name, values in arrays.items():
        column = numpy_support.numpy_to_vtk(np.ascontiguousarray(values, dtype=np.float32), deep=1)
        column.SetName(name)
        result.AddColumn(column)
    return result


def producer(data):
    source = PVTrivialProducer()
    source.GetClientSideObject().SetOutput(data)
    return source


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def ours_quality(pixels, labels, embedding):
    quality = EmbeddingQuality(Input=producer(table(labels, Pixels=pixels, Embedding=embedding)),
                               ArrayName="Embedding", ReferenceArrayName="Pixels",
                               NumberOfNeighbors=K)
    start, cpu = time.perf_counter(), cpu_seconds()
    quality.UpdatePipeline()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    result = servermanager.Fetch(quality)
    values = {name: numpy_support.vtk_to_numpy(result.GetColumnByName(name))[0]
              for name in ("Trustworthiness", "Continuity", "KNNAccuracy", "SampledPoints")}
    print("  (ours: %.1f s wall, %.1f s CPU over all threads)" % (seconds, cpu))
    return seconds, values


def timed(function, *args, **keywords):
    start, cpu = time.perf_counter(), cpu_seconds()
    value = function(*args, **keywords)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    print("  (%s: %.1f s wall, %.1f s CPU)" % (getattr(function, "__name__", "peer"), seconds, cpu))
    return seconds, value


def knn_accuracy(embedding, labels):
    classifier = KNeighborsClassifier(n_neighbors=K).fit(embedding, labels)
    return float(np.mean(classifier.predict(embedding) == labels))


def linear_cka(x, y):
    x = x - x.mean(0)
    y = y - y.mean(0)
    return np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))


print("machine load average before the run: %.1f (2 cores): wall times stretch with it" % os.getloadavg()[0])
print("== 1. 10,000 points: EmbeddingQuality vs scikit-learn 1.2 (k = %d, 2-D PCA vs 784-D pixels)" % K)
pixels, labels = load(10000, 0)
embedding = pca(pixels, 2)
ours_seconds, ours = ours_quality(pixels, labels, embedding)
pixels64, embedding64 = pixels.astype(np.float64), embedding.astype(np.float64)
sk_trust_s, sk_trust = timed(trustworthiness, pixels64, embedding64, n_neighbors=K)
sk_cont_s, sk_cont = timed(trustworthiness, embedding64, pixels64, n_neighbors=K)
sk_knn_s, sk_knn = timed(knn_accuracy, embedding64, labels)
sk_seconds = sk_trust_s + sk_cont_s + sk_knn_s
print("  ours, all metrics in one filter run: %.2f s" % ours_seconds)
print("  sklearn: trustworthiness %.2f s, continuity %.2f s, kNN %.2f s, total %.2f s"
      % (sk_trust_s, sk_cont_s, sk_knn_s, sk_seconds))
print("  speed-up: trustworthiness alone %.1fx, all three %.1fx"
      % (sk_trust_s / ours_seconds, sk_seconds / ours_seconds))
for name, mine, theirs in [("trustworthiness", ours["Trustworthiness"], sk_trust),
                           ("continuity", ours["Continuity"], sk_cont),
                           ("kNN accuracy", ours["KNNAccuracy"], sk_knn)]:
    print("  %-16s ours %.9f  sklearn %.9f  |diff| %.1e" % (name, mine, theirs, abs(mine - theirs)))
del pixels64, embedding64

print("== 2. 70,000 points: EmbeddingQuality alone (sklearn would need ~118 GB)")
pixels, labels = load(0, 1)
embedding = pca(pixels, 2)
ours_seconds, ours = ours_quality(pixels, labels, embedding)
print("  n = %d: %.1f s; trustworthiness %.6f, continuity %.6f, kNN accuracy %.4f, "
      "pairwise means on %d sampled points" % (len(labels), ours_seconds, ours["Trustworthiness"],
                                               ours["Continuity"], ours["KNNAccuracy"],
                                               ours["SampledPoints"]))
print("  peak resident memory of this process so far: %.2f GB"
      % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6))

print("== 3. Linear CKA, 70,000 samples: pixels (784-D), PCA-50, PCA-2")
layers = [("pixels", pixels), ("pca50", pca(pixels, 50)), ("pca2", embedding)]
blocks = vtkMultiBlockDataSet()
for index, (name, values) in enumerate(layers):
    blocks.SetBlock(index, table(labels, Activations=values))
    blocks.GetMetaData(index).Set(vtkMultiBlockDataSet.NAME(), name)
similarity = LayerSimilarity(Input=producer(blocks), ArrayName="Activations", Measure="cka")
start = time.perf_counter()
similarity.UpdatePipeline()
ours_seconds = time.perf_counter() - start
matrix = servermanager.Fetch(similarity)
start = time.perf_counter()
peer = np.ones((3, 3))
doubles = [values.astype(np.float64) for _, values in layers]
for i in range(3):
    for j in range(i + 1, 3):
        peer[i, j] = peer[j, i] = linear_cka(doubles[i], doubles[j])
peer_seconds = time.perf_counter() - start
print("  ours (LayerSimilarity, 3 layers, 6 cross-products): %.2f s; numpy float64 feature form: "
      "%.2f s; ratio %.2f" % (ours_seconds, peer_seconds, peer_seconds / ours_seconds))
for i, (name, _) in enumerate(layers):
    row = [numpy_support.vtk_to_numpy(matrix.GetColumnByName(other))[i] for other, _ in layers]
    print("  %-7s ours %s  numpy %s" % (name, " ".join("%.6f" % v for v in row),
                                       " ".join("%.6f" % v for v in peer[i])))
