"""Sample Trails: each sample's Embedding at the earlier epochs, matched by SampleId across
reordered rows, NaN before the first epoch; the Grand Tour view draws the trails in the same
projection (image baseline, and no trails with ShowTrails off); a table without time steps is
an error that says so."""
import os

import numpy as np

import neurotour_testing as nt
from paraview.simple import *
from vtkmodules.util.numpy_support import vtk_to_numpy

nt.load_plugin(globals())
import neurotour  # noqa: E402  (NeuroTourError)

files = nt.write_epochs(os.path.join(nt.OUTPUT, "trail_epochs"), samples=60, dimension=4)
saved = [np.load(name) for name in files]
epochs = NumPyReader(FileNames=files, ArrayName="Embedding")
trails = SampleTrails(Input=epochs, ArrayName="Embedding", NumberOfSteps=2)


def output_at(time):
    trails.UpdatePipeline(time)
    return trails.GetClientSideObject().GetOutputDataObject(0)


def rows_by_id(epoch):
    """Epoch `epoch` (1-based) as {SampleId: Embedding row}."""
    data = saved[epoch - 1]
    return {int(i): data["Embedding"][r] for r, i in enumerate(data["SampleId"])}


for time, earlier in ((3.0, (1, 2)), (2.0, (None, 1)), (1.0, (None, None))):
    table = output_at(time)
    trail = vtk_to_numpy(table.GetColumnByName("Trail"))
    ids = vtk_to_numpy(table.GetColumnByName("SampleId"))
    nt.check(trail.shape == (60, 8), "at epoch %g: Trail is 2 steps x 4 values per sample: %r"
             % (time, trail.shape))
    for s, epoch in enumerate(earlier):
        part = trail[:, 4 * s:4 * s + 4]
        if epoch is None:
            nt.check(np.isnan(part).all(), "at epoch %g, step %d is before the first: NaN"
                     % (time, s))
        else:
            expected = np.array([rows_by_id(epoch)[int(i)] for i in ids])
            nt.check(np.array_equal(part, expected),
                     "at epoch %g, step %d holds epoch %d's rows by SampleId (largest "
                     "difference %g)" % (time, s, epoch, np.abs(part - expected).max()))
    names = table.GetFieldData().GetAbstractArray("TrailArray")
    nt.check(names is not None and names.GetValue(0) == "Embedding",
             "field data TrailArray names the trailed array")
nt.check(list(trails.TimestepValues) == [1.0, 2.0, 3.0], "the output keeps the epochs")

# The view: trails in the same projection, fading; none with ShowTrails off.
view = CreateView("GrandTourView")
view.ViewSize = [500, 500]
view.PointSize = 6
view.TourTime = 4.0
Show(trails, view)
view.CoordinatesArray = "Embedding"
ResetCamera(view)
scene = GetAnimationScene()
scene.UpdateAnimationUsingDataTimeSteps()
scene.AnimationTime = 3.0
nt.compare_image(view, "GrandTourTrails.png")


with_trails = nt.picture(view)
view.ShowTrails = 0
without = nt.picture(view)
changed = int((with_trails != without).any(axis=1).sum())
nt.check(changed > 300, "trails drawn at epoch 3: %d pixels differ from ShowTrails 0" % changed)
view.ShowTrails = 1
scene.AnimationTime = 1.0
at_first = nt.picture(view)
view.ShowTrails = 0
nt.check(int((at_first != nt.picture(view)).any(axis=1).sum()) == 0,
         "no trail at the first epoch (nothing came before it)")
Delete(view)

# No time steps: an error that says what is needed.
images = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=50)
static = SampleTrails(Input=images, ArrayName="Pixels")
try:
    static.UpdatePipeline()
    nt.check(False, "Sample Trails of a table without time steps must fail")
except neurotour.NeuroTourError as error:
    nt.check("time steps" in str(error), "the error names the missing time steps: %s" % error)

nt.finish()
