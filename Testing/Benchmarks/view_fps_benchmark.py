"""Frames per second of the Grand Tour view in pvbatch at 1024x768 (run under Xvfb):

    xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" pvbatch --force-offscreen-rendering \
        Testing/Benchmarks/view_fps_benchmark.py <build>/lib/paraview-5.11/plugins/NeuroTour/NeuroTour.so

1. touring 70,000 points of a 15-D embedding (every frame re-projects all of them, with the
   15 axis handles and their labels);
2. touring 5,000 Fashion-MNIST thumbnails;
3. the peer: ParaView's own render view drawing the same 70,000 points as a static 2-D
   point cloud (no projection) with OpenGL points.
Target: >= 30 fps for 1 and 2.

The Grand Tour view draws its samples on the CPU into one texture (vtkGrandTourCanvas); the
floors printed at the end show why: with Mesa's software OpenGL, drawing 70,000 GL points
costs 40-50 ms a frame whatever else the view does.
"""
import os
import sys
import time

from paraview.simple import *

PLUGIN = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEUROTOUR_PLUGIN", "")
FASHION = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
SIZE = [1024, 768]
FRAMES = 60
LoadPlugin(PLUGIN, ns=globals())

CLUSTERS = '''
import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
rng = np.random.default_rng(0)
n = 70000
labels = rng.integers(0, 10, n)
centres = rng.normal(0, 4, (10, 15))
values = (centres[labels] + rng.normal(0, 1, (n, 15))).astype(np.float32)
out = self.GetOutput()
for name, array in (("Embedding", values), ("Embedding2D", values[:, :2].copy()),
                    ("Label", labels.astype(np.int32)),
                    ("SampleId", np.arange(n, dtype=np.int64))):
    column = numpy_to_vtk(array, deep=1)
    column.SetName(name)
    out.AddColumn(column)
'''


def frames_per_second(view, step):
    Render(view)  # first frame: delivery, atlas, shaders
    start = time.perf_counter()
    for frame in range(FRAMES):
        step(frame)
        Render(view)
    return FRAMES / (time.perf_counter() - start)


def advance(view):
    def step(frame):
        view.TourTime = frame / 30.0
    return step


points = ProgrammableSource(OutputDataSetType="vtkTable", Script=CLUSTERS)
tour = CreateView("GrandTourView")
tour.ViewSize = SIZE
Show(points, tour)
tour_fps = frames_per_second(tour, advance(tour))
print("Grand Tour, 70,000 points (15-D), %dx%d: %.1f fps" % (SIZE[0], SIZE[1], tour_fps))
Delete(tour)

thumbnails = IDXReader(FileName=os.path.join(FASHION, "t10k-images-idx3-ubyte.gz"),
                       MaximumNumberOfSamples=5000)
principal = PCAReduction(Input=thumbnails, ArrayName="Pixels", NumberOfComponents=15)
images = CreateView("GrandTourView")
images.ViewSize = SIZE
Show(principal, images)
images.CoordinatesArray = "Embedding"
images.ShowImages = 1
images_fps = frames_per_second(images, advance(images))
print("Grand Tour, 5,000 thumbnails (28x28), %dx%d: %.1f fps" % (SIZE[0], SIZE[1], images_fps))
Delete(images)

# Peer: ParaView's render view, the same 70,000 points fixed in 2-D, camera nudged each frame
# so every frame really renders.
cloud = EmbeddingToPoints(Input=points, ArrayName="Embedding2D")
plain = CreateView("RenderView")
plain.ViewSize = SIZE
display = Show(cloud, plain)
display.SetRepresentationType("Points")
display.PointSize = 7
display.RenderPointsAsSpheres = 0  # as the Grand Tour draws more than 20,000 points
ColorBy(display, ("POINTS", "Label"))
ResetCamera(plain)
camera = GetActiveCamera()


def nudge(frame):
    camera.Azimuth(0.01)


peer_fps = frames_per_second(plain, nudge)
print("Peer: ParaView RenderView, 70,000 static points, %dx%d: %.1f fps" % (SIZE[0], SIZE[1], peer_fps))
print("ratio Grand Tour / static render view: %.2f" % (tour_fps / peer_fps))
# The floors: the same render view with one sphere (what any ParaView frame costs here), with
# and without FXAA (ParaView's render view default; the Grand Tour view never uses it), and a
# bare VTK window drawing 70,000 flat 7-pixel points moved every frame (what drawing the
# points alone costs with Mesa's software OpenGL, whatever the view around them).
floor_source = Sphere()
Hide(cloud, plain)
Show(floor_source, plain)
for fxaa in (1, 0):
    plain.UseFXAA = fxaa
    floor_fps = frames_per_second(plain, nudge)
    print("Floor: ParaView RenderView, one sphere, FXAA %s, %dx%d: %.1f fps" % (
        "on" if fxaa else "off", SIZE[0], SIZE[1], floor_fps))


def bare_vtk_fps(count):
    import numpy
    from vtkmodules.util.numpy_support import numpy_to_vtk
    from vtkmodules.vtkCommonCore import vtkPoints
    from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
    from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkRenderer, vtkRenderWindow
    window = vtkRenderWindow()
    window.SetSize(*SIZE)
    window.SetOffScreenRendering(1)
    window.SetMultiSamples(0)  # as ParaView
    renderer = vtkRenderer()
    window.AddRenderer(renderer)
    points = vtkPoints()
    xyz = numpy.random.default_rng(0).random((count, 3)).astype(numpy.float32)
    xyz[:, 2] = 0
    points.SetData(numpy_to_vtk(xyz, deep=1))
    cells = vtkCellArray()
    cells.SetData(numpy_to_vtk(numpy.arange(count + 1), deep=1, array_type=16),
                  numpy_to_vtk(numpy.arange(count), deep=1, array_type=16))
    cloud = vtkPolyData()
    cloud.SetPoints(points)
    cloud.SetVerts(cells)
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(cloud)
    actor = vtkActor()
    actor.SetMapper(mapper)
    actor.GetProperty().SetPointSize(7)
    renderer.AddActor(actor)
    renderer.ResetCamera()
    window.Render()
    start = time.perf_counter()
    for frame in range(FRAMES):
        points.Modified()
        window.Render()
    return FRAMES / (time.perf_counter() - start)


print("Floor: bare VTK window, 70,000 flat points moved each frame, %dx%d: %.1f fps" % (
    SIZE[0], SIZE[1], bare_vtk_fps(70000)))
print("Floor: bare VTK window, empty, %dx%d: %.1f fps" % (SIZE[0], SIZE[1], bare_vtk_fps(0)))
print("target 30 fps: points %s, thumbnails %s" % (
    "met" if tour_fps >= 30 else "NOT met", "met" if images_fps >= 30 else "NOT met"))
for open_view in GetViews():
    Delete(open_view)
