"""Grand Tour view, neighbours in the full space: one selected Fashion-MNIST image's nearest
images in the 784 pixels (or any array) are ringed, joined to it and named by SampleId, equal to
a brute-force search in NumPy; none for several selected samples or NumberOfNeighbors 0; an
unknown array is an error that names it."""
import numpy as np

import neurotour_testing as nt
from paraview.simple import *
from vtkmodules.util.numpy_support import vtk_to_numpy

nt.load_plugin(globals())
import neurotour  # noqa: E402, F401  (adds view.GetNeighborSampleIds)

images = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=1000)
principal = PCAReduction(Input=images, ArrayName="Pixels", NumberOfComponents=15)
table = nt.fetch(principal)
pixels = vtk_to_numpy(table.GetColumnByName("Pixels")).astype(np.float64)
embedding = vtk_to_numpy(table.GetColumnByName("Embedding")).astype(np.float64)
sample_ids = vtk_to_numpy(table.GetColumnByName("SampleId"))


def nearest(features, row, k):
    """SampleIds of the k rows nearest to `row` (itself left out), and the k-th distance."""
    distances = np.linalg.norm(features - features[row], axis=1)
    distances[row] = np.inf
    order = np.argsort(distances, kind="stable")[:k]
    return sample_ids[order], distances[order[-1]]


def agrees(found, features, row, k, what):
    """The view's neighbours are k distinct rows no farther than NumPy's k-th (ties may swap)."""
    expected, reach = nearest(features, row, k)
    rows = [int(np.flatnonzero(sample_ids == i)[0]) for i in found]
    far = [r for r in rows if np.linalg.norm(features[r] - features[row]) > reach * (1 + 1e-5)]
    return nt.check(len(found) == k and len(set(found)) == k and not far,
                    "%s: the view's %d neighbours %r, NumPy's %r" % (what, len(found), found,
                                                                   list(expected)))


view = CreateView("GrandTourView")
view.ViewSize = [600, 600]
Show(principal, view)
view.CoordinatesArray = "Embedding"
view.TourTime = 1.5
ResetCamera(view)
nt.check(view.NumberOfNeighbors == 10 and view.NeighborsArray == "",
         "defaults: 10 neighbours in Activations, else Pixels")
nt.check(view.GetNeighborSampleIds() == [], "no neighbours without a selection")

# One selected sample: its 10 nearest in Pixels (the default without Activations).
row = 7
SelectGlobalIDs(IDs=[int(sample_ids[row])], FieldType="ROW", Source=principal)
found = view.GetNeighborSampleIds()
agrees(found, pixels, row, 10, "Pixels")
nt.compare_image(view, "GrandTourFashionNeighbors.png")

# The gold halos are drawn (the canvas's neighbour colour, 255 200 0).
rgb = nt.picture(view)[:, :3].astype(int)
gold = int(np.sum((rgb[:, 0] == 255) & (rgb[:, 1] == 200) & (rgb[:, 2] == 0)))
nt.check(gold > 100, "gold neighbour halos drawn: %d pixels" % gold)

# Another space, another count: the 5 nearest in the 15 principal components.
view.NeighborsArray = "Embedding"
view.NumberOfNeighbors = 5
agrees(view.GetNeighborSampleIds(), embedding, row, 5, "Embedding")

# Off: 0 neighbours; several selected samples: no single sample to ask about.
view.NumberOfNeighbors = 0
nt.check(view.GetNeighborSampleIds() == [], "NumberOfNeighbors 0 turns it off")
view.NumberOfNeighbors = 10
SelectGlobalIDs(IDs=[int(i) for i in sample_ids[:3]], FieldType="ROW", Source=principal)
nt.check(view.GetNeighborSampleIds() == [], "no neighbours for 3 selected samples")

# An unknown array: an error naming it, and no neighbours (the picture stays).
SelectGlobalIDs(IDs=[int(sample_ids[row])], FieldType="ROW", Source=principal)
messages = nt.Messages()
view.NeighborsArray = "NoSuchArray"
nt.check(view.GetNeighborSampleIds() == [], "no neighbours in a missing array")
Render(view)
messages.close()
nt.check("NeighborsArray" in messages.text() and "NoSuchArray" in messages.text(),
         "missing neighbours array reported: %r" % messages.text()[-300:])
ClearSelection(principal)

nt.finish()
