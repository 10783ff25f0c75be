"""Alignment and metrics filters on real Fashion-MNIST, checked against known answers and
against scikit-learn computed in this script: ProcrustesAlignment recovers a rotation and scale
applied here (rows shuffled, partial overlap), LayerAlignment undoes per-layer rotations,
EmbeddingQuality equals sklearn's trustworthiness / k-NN accuracy, LayerSimilarity has a unit
diagonal and equals CKA computed here with numpy, and bad input gives an empty output."""
import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.neighbors import KNeighborsClassifier
from vtkmodules.util import numpy_support
from vtkmodules.vtkCommonDataModel import vtkMultiBlockDataSet, vtkTable
from vtkmodules.vtkCommonExecutionModel import vtkStreamingDemandDrivenPipeline

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())

N = 2000
reader = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=N)
images = nt.fetch(reader)
pixels = numpy_support.vtk_to_numpy(images.GetColumnByName("Pixels")).reshape(N, -1).astype(np.float64)
labels = numpy_support.vtk_to_numpy(images.GetColumnByName("Label")).astype(np.int64)
ids = numpy_support.vtk_to_numpy(images.GetColumnByName("SampleId")).astype(np.int64)

pca10 = PCA(n_components=10, random_state=0).fit_transform(pixels).astype(np.float32)
pca2 = pca10[:, :2].copy()

_keep = []  # numpy buffers behind the VTK arrays


def table(sample_ids, sample_labels, **arrays):
    result = vtkTable()
    for name, values in [("SampleId", sample_ids), ("Label", sample_labels)]:
        column = numpy_support.numpy_to_vtk(np.ascontiguousarray(values, dtype=np.int64), deep=1,
                                            array_type=numpy_support.get_vtk_array_type(np.int64))
        column.SetName(name)
        result.AddColumn(column)
    for name, values in arrays.items():
        values = np.ascontiguousarray(values, dtype=np.float32)
        _keep.append(values)
        column = numpy_support.numpy_to_vtk(values, deep=1)
        column.SetName(name)
        result.AddColumn(column)
    return result


def multiblock(named_tables):
    blocks = vtkMultiBlockDataSet()
    for index, (name, block) in enumerate(named_tables):
        blocks.SetBlock(index, block)
        blocks.GetMetaData(index).Set(vtkMultiBlockDataSet.NAME(), name)
    return blocks


def producer(data):
    source = PVTrivialProducer()
    source.GetClientSideObject().SetOutput(data)
    return source


def column(data, name):
    return numpy_support.vtk_to_numpy(data.GetColumnByName(name))


# --- ProcrustesAlignment: undo a random rotation + scale + shift; rows shuffled, 80% overlap.
rng = np.random.default_rng(7)
rotation, _ = np.linalg.qr(rng.normal(size=(10, 10)))
moved = (2.0 * pca10.astype(np.float64) @ rotation + 5.0).astype(np.float32)
order = rng.permutation(N)[: int(0.8 * N)]
reference_table = table(ids, labels, Embedding=pca10)
moving_table = table(ids[order], labels[order], Embedding=moved[order])
reference = producer(reference_table)
moving = producer(moving_table)
aligned = ProcrustesAlignment(Input=moving, Reference=reference, ArrayName="Embedding", AllowScaling=1)
result = nt.fetch(aligned)
got = column(result, "Embedding").reshape(-1, 10)
expected = pca10[order]
error = np.abs(got - expected).max() / np.abs(expected).max()
nt.check(error < 1e-5, "Procrustes recovers the rotation: relative error %g" % error)
nt.check_close(result.GetFieldData().GetArray("ProcrustesScale").GetValue(0), 0.5, 1e-6,
               "Procrustes recovers the scale")
nt.check(result.GetFieldData().GetArray("ProcrustesResidual").GetValue(0) < 1e-8,
         "Procrustes residual of an exact rotation is 0")
nt.check(np.nanmax(column(result, "Movement")) < 1e-4, "no sample moved")
nt.check(result.GetColumnByName("Label") is not None, "user columns are kept")
nt.check(result.GetRowData().GetGlobalIds() is not None, "SampleId marked as global ids")

aligned.Method = "cka"
nt.check(nt.fetch(aligned).GetNumberOfRows() == len(order), "the cka method runs on real data")

# --- LayerAlignment: three layers, the last two rotated: aligned back onto the first.
layer_tables = multiblock([("conv1", table(ids, labels, Embedding=pca10)),
                           ("conv2", table(ids, labels, Embedding=(pca10 @ rotation).astype(np.float32))),
                           ("fc", table(ids[::-1], labels[::-1], Embedding=(pca10 @ rotation.T)[::-1]))])
layers = producer(layer_tables)
layer_alignment = nt.fetch(LayerAlignment(Input=layers, ArrayName="Embedding"))
nt.check(layer_alignment.GetNumberOfBlocks() == 3, "LayerAlignment keeps the blocks")
for index, name in [(1, "conv2"), (2, "fc")]:
    block = layer_alignment.GetBlock(index)
    got = column(block, "Embedding").reshape(-1, 10)
    if index == 2:
        got = got[::-1]
    error = np.abs(got - pca10).max() / np.abs(pca10).max()
    nt.check(error < 1e-5, "LayerAlignment undoes the rotation of %s: relative error %g" % (name, error))
    nt.check(layer_alignment.GetMetaData(index).Get(vtkMultiBlockDataSet.NAME()) == name,
             "block name %s kept" % name)

# --- EmbeddingQuality against scikit-learn on the same data.
K = 10
quality_input = producer(multiblock([("pca2", table(ids, labels, Embedding=pca2, Pixels=pixels)),
                                     ("pca10", table(ids, labels, Embedding=pca10, Pixels=pixels))]))
quality = nt.fetch(EmbeddingQuality(Input=quality_input, ArrayName="Embedding",
                                    ReferenceArrayName="Pixels", NumberOfNeighbors=K))
nt.check(quality.GetNumberOfRows() == 2, "one row per block")
nt.check(quality.GetColumnByName("Block").GetValue(1) == "pca10", "rows named by block")
for row, embedding in enumerate([pca2, pca10]):
    data = embedding.astype(np.float64)
    expected_trust = trustworthiness(pixels, data, n_neighbors=K)
    expected_continuity = trustworthiness(data, pixels, n_neighbors=K)
    classifier = KNeighborsClassifier(n_neighbors=K).fit(data, labels)
    expected_accuracy = float(np.mean(classifier.predict(data) == labels))
    nt.check_close(column(quality, "Trustworthiness")[row], expected_trust, 1e-6,
                   "trustworthiness of block %d equals sklearn's" % row)
    nt.check_close(column(quality, "Continuity")[row], expected_continuity, 1e-6,
                   "continuity of block %d equals sklearn's (spaces swapped)" % row)
    nt.check_close(column(quality, "KNNAccuracy")[row], expected_accuracy, 1e-6,
                   "k-NN accuracy of block %d equals sklearn's" % row)
    # The report's metrics, from their definitions with numpy.
    distances = np.sqrt(((data[:, None, :] - data[None, :, :]) ** 2).sum(-1))
    upper = np.triu_indices(N, 1)
    same = (labels[:, None] == labels[None, :])[upper]
    pair = distances[upper]
    mean = pair.mean()
    nt.check_close(column(quality, "SameClassDistance")[row], pair[same].mean() / mean, 1e-4,
                   "d_s of block %d" % row)
    nt.check_close(column(quality, "DifferentClassDistance")[row], pair[~same].mean() / mean, 1e-4,
                   "d_d of block %d" % row)
    centroids = np.array([data[labels == c].mean(0) for c in range(10)])
    spread = np.mean([np.linalg.norm(data[labels == c] - centroids[c], axis=1).mean() for c in range(10)])
    nt.check_close(column(quality, "CentroidSpread")[row], spread / mean, 1e-4, "c_s of block %d" % row)
    separation = np.mean([np.linalg.norm(centroids[a] - centroids[b])
                          for a in range(10) for b in range(a + 1, 10)])
    nt.check_close(column(quality, "CentroidSeparation")[row], separation / mean, 1e-4,
                   "c_d of block %d" % row)
    nt.check(column(quality, "SampledPoints")[row] == N, "exact pairwise means below the limit")

# --- A time-varying input (epochs as time steps): the output at time t describes time t.
epochs = ProgrammableSource(OutputDataSetType="vtkTable")
epochs.ScriptRequestInformation = """
executive = self.GetExecutive()
info = executive.GetOutputInformation(0)
info.Remove(executive.TIME_STEPS())
for epoch in (0.0, 1.0, 2.0):
    info.Append(executive.TIME_STEPS(), epoch)
info.Remove(executive.TIME_RANGE())
info.Append(executive.TIME_RANGE(), 0.0)
info.Append(executive.TIME_RANGE(), 2.0)
"""
epochs.Script = """
import numpy as np
from vtkmodules.util import numpy_support
info = self.GetExecutive().GetOutputInformation(0)
epoch = info.Get(self.GetExecutive().UPDATE_TIME_STEP()) if info.Has(self.GetExecutive().UPDATE_TIME_STEP()) else 0.0
rng = np.random.default_rng(3)
labels = np.repeat(np.arange(4), 50)
# Classes drift apart with the epoch: none at epoch 0, far apart at epoch 2.
points = rng.normal(size=(200, 2)) + 10.0 * epoch * np.stack([labels, labels % 2], 1)
output = self.GetOutput()
label_column = numpy_support.numpy_to_vtk(labels.astype(np.int32), deep=1)
label_column.SetName("Label")
output.AddColumn(label_column)
embedding = numpy_support.numpy_to_vtk(points.astype(np.float32), deep=1)
embedding.SetName("Embedding")
output.AddColumn(embedding)
"""
epoch_quality = EmbeddingQuality(Input=epochs)
epoch_quality.UpdatePipelineInformation()
steps = epoch_quality.GetClientSideObject().GetOutputInformation(0).Get(
    vtkStreamingDemandDrivenPipeline.TIME_STEPS())
nt.check(steps is not None and list(steps) == [0.0, 1.0, 2.0], "time steps pass through: %s" % (steps,))
accuracies = []
for epoch in (0.0, 2.0):
    epoch_quality.UpdatePipeline(epoch)
    accuracies.append(column(servermanager.Fetch(epoch_quality), "KNNAccuracy")[0])
nt.check(accuracies[0] < 0.6 and accuracies[1] == 1.0,
         "k-NN accuracy follows the epoch: %s" % accuracies)

# --- LayerSimilarity: unit diagonal, rotation invariance, equals numpy's feature-space CKA.
similarity_input = producer(multiblock([
    ("pixels", table(ids, labels, Activations=pixels)),
    ("pca10", table(ids, labels, Activations=pca10)),
    ("rotated", table(ids[::-1], labels[::-1], Activations=(3.0 * pca10 @ rotation)[::-1]))]))
similarity_filter = LayerSimilarity(Input=similarity_input, ArrayName="Activations")


def linear_cka(x, y):
    x = x - x.mean(0)
    y = y - y.mean(0)
    return np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))


for measure in ["cka", "procrustes"]:
    similarity_filter.Measure = measure
    matrix = nt.fetch(similarity_filter)
    names = [matrix.GetColumnByName("Layer").GetValue(i) for i in range(matrix.GetNumberOfRows())]
    nt.check(names == ["pixels", "pca10", "rotated"], "layers named in order: %s" % names)
    values = np.array([column(matrix, name) for name in names])
    for i in range(3):
        nt.check_close(values[i, i], 1.0, 1e-6, "%s diagonal %d" % (measure, i))
    nt.check_close(values[1, 2], 1.0, 1e-6, "%s invariant to rotation and scale" % measure)
    nt.check(np.allclose(values, values.T), "%s matrix symmetric" % measure)
    if measure == "cka":
        nt.check_close(values[0, 1], linear_cka(pixels, pca10.astype(np.float64)), 1e-6,
                       "CKA(pixels, PCA) equals numpy's")

# --- Bad input: a clear error and an empty output, no crash.
stranger = producer(table(ids + 10 ** 6, labels, Embedding=pca10))
nt.check(nt.fetch(ProcrustesAlignment(Input=stranger, Reference=reference)).GetNumberOfRows() == 0,
         "no common SampleId gives an empty output")
narrow = producer(table(ids, labels, Embedding=pca2))
nt.check(nt.fetch(ProcrustesAlignment(Input=narrow, Reference=reference)).GetNumberOfRows() == 0,
         "mismatched dimensions give an empty output")
lonely = producer(table(ids[:10], np.arange(10), Embedding=pca2[:10]))
nt.check(nt.fetch(EmbeddingQuality(Input=lonely, NumberOfNeighbors=2)).GetNumberOfRows() == 0,
         "classes of one sample give an empty output")
with_nan = pca2.copy()
with_nan[3, 1] = np.nan
nan_source = producer(table(ids, labels, Embedding=with_nan))
nt.check(nt.fetch(EmbeddingQuality(Input=nan_source)).GetNumberOfRows() == 0,
         "NaN gives an empty output")
unlabelled = vtkTable()
unlabelled.AddColumn(images.GetColumnByName("SampleId"))
unlabelled.AddColumn(images.GetColumnByName("Pixels"))
unlabelled.AddColumn(table(ids, labels, Embedding=pca2).GetColumnByName("Embedding"))
messages = nt.Messages()
quality = nt.fetch(EmbeddingQuality(Input=producer(unlabelled), ArrayName="Embedding",
                                    ReferenceArrayName="Pixels"))
text = messages.text()
messages.close()
nt.check(quality.GetNumberOfRows() == 1 and np.isnan(column(quality, "KNNAccuracy")[0])
         and column(quality, "Trustworthiness")[0] > 0.5,
         "without Label, the class metrics are NaN and the others computed")
nt.check("No 'Label' column" in text, "without Label, a warning says why the class metrics are "
         "NaN: %r" % text)

# --- LayerSimilarity: a layer whose samples are all the same has no similarity: an error.
constant = producer(multiblock([("pca10", table(ids, labels, Embedding=pca10)),
                                ("flat", table(ids, labels, Embedding=np.ones_like(pca2)))]))
messages = nt.Messages()
matrix = nt.fetch(LayerSimilarity(Input=constant, ArrayName="Embedding"))
text = messages.text()
messages.close()
nt.check(matrix.GetNumberOfRows() == 0 and "zero variance" in text,
         "a constant layer gives an empty similarity and an error naming it: %r" % text)

nt.finish()
