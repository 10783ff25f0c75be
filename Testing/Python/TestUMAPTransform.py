"""UMAP Transform on real Fashion-MNIST: test images placed into a UMAP of training images,
beside umap-learn's transform of the same images; determinism, copies of fitted samples, and
the errors a user meets."""
import numpy as np
from sklearn.neighbors import KNeighborsClassifier
from vtkmodules.util.numpy_support import vtk_to_numpy

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())
import neurotour  # noqa: E402  (errors become NeuroTourError once the plugin is loaded)

TRAIN, TEST = 3000, 1000


def column(table, name):
    return vtk_to_numpy(table.GetColumnByName(name)).reshape(table.GetNumberOfRows(), -1)


def accuracy(fitted, labels, placed, placed_labels):
    """Placed samples classified by their 10 nearest fitted samples in the embedding."""
    return KNeighborsClassifier(10).fit(fitted, labels).score(placed, placed_labels)


train = IDXReader(FileName=nt.fashion("train-images-idx3-ubyte.gz"), MaximumNumberOfSamples=TRAIN)
test = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=TEST)
fit = UMAPEmbedding(Input=train, ArrayName="Pixels")
test.UpdatePipeline()  # as in the GUI, where the reader has been applied
placed = UMAPTransform(Input=test, Reference=fit)
nt.check(placed.ArrayName == "Pixels", "Array Name defaults to the features: %r" % placed.ArrayName)

fitted_table = nt.fetch(fit)
parameters = fitted_table.GetFieldData().GetArray("UMAPParameters")
nt.check(parameters is not None and parameters.GetComponentName(0) == "NumberOfNeighbors"
         and parameters.GetValue(0) == 15, "UMAP Embedding records the fit's parameters")
placed_table = nt.fetch(placed)
test_table = nt.fetch(test)
columns = [placed_table.GetColumnName(i) for i in range(placed_table.GetNumberOfColumns())]
nt.check(placed_table.GetNumberOfRows() == TEST and
         columns == [test_table.GetColumnName(i) for i in range(test_table.GetNumberOfColumns())]
         + ["Embedding"], "every test row and column kept, Embedding added: %s" % columns)
fitted_embedding = column(fitted_table, "Embedding")
placed_embedding = column(placed_table, "Embedding")
labels = column(fitted_table, "Label").ravel()
test_labels = column(test_table, "Label").ravel()
nt.check(placed_embedding.shape == (TEST, 2) and np.isfinite(placed_embedding).all(),
         "a finite 2-D place for every test image")

# The peer: umap-learn fitted on the same pixels (scaled to [0, 1], as our models see them;
# UMAP is scale-free up to min_dist) and its transform of the test images.
import umap  # noqa: E402
x = (column(fitted_table, "Pixels") / 255.0).astype(np.float32)
xt = (column(test_table, "Pixels") / 255.0).astype(np.float32)
model = umap.UMAP(random_state=0).fit(x)
ours = accuracy(fitted_embedding, labels, placed_embedding, test_labels)
theirs = accuracy(model.embedding_, labels, model.transform(xt), test_labels)
# umap-learn's transform into our fitted embedding: the two transforms alone, same fit.
model.embedding_ = fitted_embedding.astype(np.float32)
theirs_into_ours = accuracy(fitted_embedding, labels, model.transform(xt), test_labels)
print("10-NN accuracy of placed test images: ours %.4f, umap-learn %.4f (its own fit), "
      "%.4f (into our fit)" % (ours, theirs, theirs_into_ours))
nt.check(abs(ours - theirs) <= 0.03, "ours %.4f within 0.03 of umap-learn's %.4f" % (ours, theirs))
nt.check(abs(ours - theirs_into_ours) <= 0.02,
         "into the same fit, ours %.4f within 0.02 of umap-learn's %.4f" % (ours, theirs_into_ours))

# The same seed gives the same places whatever the number of threads.
single = UMAPTransform(Input=test, Reference=fit, NumberOfThreads=1)
nt.check(np.array_equal(column(nt.fetch(single), "Embedding"), placed_embedding),
         "one thread and every core give the same places")

# Copies of the fitted images land at (close to) their own places.
again = UMAPTransform(Input=train, Reference=fit)
moved = np.linalg.norm(column(nt.fetch(again), "Embedding") - fitted_embedding, axis=1)
extent = np.linalg.norm(fitted_embedding.std(0))
nt.check(np.median(moved) < 0.1 * extent,
         "fitted images placed again stay near their places: median %.3f, extent %.3f"
         % (np.median(moved), extent))

# Errors: a Reference that is not a UMAP Embedding, and features of another width.
pca = PCAReduction(Input=train, ArrayName="Pixels", NumberOfComponents=20)
for reference, array, expected in ((pca, "Pixels", "UMAPParameters"),
                                   (fit, "Embedding", "20 features and the fitted ones 2")):
    wrong = UMAPTransform(Input=PCAReduction(Input=test, ArrayName="Pixels", NumberOfComponents=20),
                          Reference=reference, ArrayName=array)
    try:
        wrong.UpdatePipeline()
        nt.check(False, "an unusable Reference (%s) raises NeuroTourError" % expected)
    except neurotour.NeuroTourError as error:
        nt.check(expected in str(error), "the error says what is wrong (%s): %s" % (expected, error))

nt.finish()
