"""Guided tour in the Grand Tour view, on 2,000 Fashion-MNIST images in 10 principal
components: the LDA index the view shows is the index of the frame it shows (computed again
here in NumPy), it never falls along the path, it ends far above where it started and above the
grand tour's, the same TourTime gives the same frame, the picture at the end (classes apart)
matches its baseline; Holes runs too; without a Label column the LDA index is an error that
says so and the tour goes on unguided."""
import numpy as np

import neurotour_testing as nt
from paraview.simple import *
from vtkmodules.util.numpy_support import vtk_to_numpy

nt.load_plugin(globals())
import neurotour  # noqa: E402, F401  (adds view.GetProjectionMatrix)

images = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=2000)
principal = PCAReduction(Input=images, ArrayName="Pixels", NumberOfComponents=10)
table = nt.fetch(principal)
embedding = vtk_to_numpy(table.GetColumnByName("Embedding")).astype(np.float64)
labels = vtk_to_numpy(table.GetColumnByName("Label"))


def lda_index(frame):
    """1 - det(W) / det(W + B) of the classes projected with `frame` (n x 2)."""
    y = embedding @ np.asarray(frame)
    total = np.cov(y.T, bias=True) * len(y)
    within = sum(np.cov(y[labels == c].T, bias=True) * np.sum(labels == c)
                 for c in np.unique(labels))
    return 1.0 - np.linalg.det(within) / np.linalg.det(total)


def shown_index(view):
    view.SMProxy.UpdatePropertyInformation()
    return view.SMProxy.GetProperty("PursuitIndexValueInfo").GetElement(0)


view = CreateView("GrandTourView")
view.ViewSize = [600, 600]
Show(principal, view)
view.CoordinatesArray = "Embedding"
view.Speed = 0.5
ResetCamera(view)
view.TourTime = 60.0
Render(view)
grand_at_60 = lda_index(view.GetProjectionMatrix())
nt.check(np.isnan(shown_index(view)), "no index value in a grand tour")

view.TourMode = "Guided"
view.PursuitIndex = "LDA"
values = []
for time in range(0, 62, 4):
    view.TourTime = float(time)
    Render(view)
    values.append(shown_index(view))
view.TourTime = 0.0
Render(view)
start = lda_index(view.GetProjectionMatrix())
nt.check(abs(values[0] - start) < 1e-4,
         "at TourTime 0 the shown index is the base frame's: %.5f, NumPy %.5f" % (values[0], start))
nt.check(all(b >= a - 1e-12 for a, b in zip(values, values[1:])),
         "the shown index never falls along the path: %s" % ["%.3f" % v for v in values])
view.TourTime = 60.0
Render(view)
end = lda_index(view.GetProjectionMatrix())
nt.check(abs(values[-1] - end) < 1e-4,
         "at TourTime 60 the shown index is the shown frame's: %.5f, NumPy %.5f" % (values[-1], end))
nt.check(end > start + 0.05 and end > grand_at_60 + 0.1,
         "the guided tour climbs: LDA index %.3f at the start, %.3f at TourTime 60 (grand tour "
         "there: %.3f)" % (start, end, grand_at_60))
frame = view.GetProjectionMatrix()
view.TourTime = 30.0
Render(view)
view.TourTime = 60.0
Render(view)
nt.check(np.array_equal(np.asarray(frame), np.asarray(view.GetProjectionMatrix())),
         "the same TourTime gives the same guided frame")
nt.compare_image(view, "GrandTourGuidedLDA.png")

view.PursuitIndex = "Holes"
Render(view)
holes = shown_index(view)
nt.check(0.0 <= holes <= 1.5, "the holes index runs: %.3f" % holes)

# No Label column: an error that names it, and the tour goes on (the grand tour's frame).
unlabelled = PassArrays(Input=principal, RowDataArrays=["Embedding", "SampleId"])
Hide(principal, view)
Show(unlabelled, view)
view.PursuitIndex = "LDA"
messages = nt.Messages()
Render(view)
messages.close()
nt.check("LDA index needs class labels" in messages.text(),
         "missing Label reported: %r" % messages.text()[-300:])
nt.check(len(view.GetProjectionMatrix()) == 10, "the tour goes on without guidance")

nt.finish()
