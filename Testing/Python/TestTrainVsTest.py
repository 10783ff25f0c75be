"""Training and test samples side by side (issue #16, item 4): SelectSplit keeps one split of
IDXReader's combined Fashion-MNIST table (all 70,000), equal to NumPy's choice, columns and
SampleIds unchanged, at most MaximumNumberOfSamples; no Split column is an error that says so.
LinkProjections makes two Grand Tour views show one tour both ways (frame, tour time, speed,
mode), keeps the link through a state file, and UnlinkProjections ends it."""
import os

import numpy as np

import neurotour_testing as nt
from paraview.simple import *
from vtkmodules.util.numpy_support import vtk_to_numpy

nt.load_plugin(globals())
import neurotour  # noqa: E402

both = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), CombineTrainAndTest=1)
table = nt.fetch(both)
split = vtk_to_numpy(table.GetColumnByName("Split"))
pixels = vtk_to_numpy(table.GetColumnByName("Pixels"))
ids = vtk_to_numpy(table.GetColumnByName("SampleId"))
nt.check(list(np.bincount(split)) == [60000, 10000], "60,000 + 10,000 rows: %r" % np.bincount(split))


def column(source, name):
    return vtk_to_numpy(nt.fetch(source).GetColumnByName(name))


train = SelectSplit(Input=both, Split="train", MaximumNumberOfSamples=2000)
test = SelectSplit(Input=both, Split="test")
for source, value, count in ((train, 0, 2000), (test, 1, 10000)):
    rows = np.flatnonzero(split == value)[:count]
    nt.check(np.array_equal(column(source, "SampleId"), ids[rows]) and
             np.array_equal(column(source, "Pixels"), pixels[rows]) and
             np.all(column(source, "Split") == value),
             "split %d: the first %d of its rows, SampleIds and pixels kept" % (value, count))
nt.check(nt.fetch(test).GetFieldData().GetAbstractArray("LabelNames") is not None,
         "the class names (field data) are kept")

after_pca = SelectSplit(Input=PCAReduction(Input=test, ArrayName="Pixels", NumberOfComponents=3),
                        Split="test")
nt.check(nt.fetch(after_pca).GetNumberOfRows() == 10000, "after a filter too (PCA keeps Split)")
plain = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=10)
bare = PassArrays(Input=plain, RowDataArrays=["Pixels", "Label", "SampleId"])
try:
    SelectSplit(Input=bare).UpdatePipeline()
    nt.check(False, "a table without Split is an error")
except neurotour.NeuroTourError as error:
    nt.check("Split" in str(error), "no Split column: %s" % error)

# Two views, one tour.
principal = PCAReduction(Input=both, ArrayName="Pixels", NumberOfComponents=6)
views = []
for value in ("train", "test"):
    view = CreateView("GrandTourView")
    view.ViewSize = [300, 300]
    Show(SelectSplit(Input=principal, Split=value, MaximumNumberOfSamples=1000), view)
    view.CoordinatesArray = "Embedding"
    Render(view)
    views.append(view)
first, second = views
first.Speed = 0.5
first.TourTime = 1.0
neurotour.LinkProjections(first, second)
nt.check(second.Speed == 0.5 and second.TourTime == 1.0, "the second view takes the first's tour")
first.TourTime = 4.0
Render(second)
nt.check(second.TourTime == 4.0 and
         np.allclose(first.GetProjectionMatrix(), second.GetProjectionMatrix()),
         "TourTime set in the first view moves the second to the same frame")
second.TourMode = "Guided"
second.TourTime = 2.5
first.SetProjectionMatrix(np.eye(6)[:, :2][::-1].tolist())
nt.check(first.TourMode == "Guided" and first.TourTime == 2.5, "and back: the mode and the time")
Render(first)
Render(second)
nt.check(np.allclose(first.GetProjectionMatrix(), second.GetProjectionMatrix()),
         "a projection set in one view is the other's")
second.TourMode = "Grand"
nt.check(not np.array_equal(nt.picture(first), nt.picture(second)),
         "the views draw different samples with one frame")

state = os.path.join(nt.OUTPUT, "train_vs_test.pvsm")
SaveState(state)
ResetSession()
nt.load_plugin(globals())
LoadState(state)
reloaded = [v for v in GetViews() if v.GetXMLName() == "GrandTourView"]
nt.check(len(reloaded) == 2, "two views reload")
reloaded[0].TourTime = 7.0
nt.check(reloaded[1].TourTime == 7.0, "the link reloads from the state file")
neurotour.UnlinkProjections()
reloaded[0].TourTime = 9.0
nt.check(reloaded[1].TourTime == 7.0, "UnlinkProjections ends it")

nt.finish()
