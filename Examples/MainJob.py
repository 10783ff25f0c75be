"""NeuroTour's main job (`bash setup.sh main`, run by pvbatch): from training to a rendered
Grand Tour of Fashion-MNIST activations.

1. trains the Grand Tour article's small CNN for a few epochs (or reuses the checkpoints);
2. reads 10,000 test images, extracts the activations of every layer (average-pooled to 4x4),
   embeds each layer with UMAP in 15-D and aligns consecutive layers;
3. renders (a) a Grand Tour of one layer's 15-D embedding with the images as thumbnails, and
   the same projection across layers; (b) the softmax layer with class axis handles placed to
   show the sandal / sneaker / ankle-boot triangle; (c) the training dynamics over epochs with
   the projection held fixed -- as PNG frames and movies;
4. writes the embedding-quality metrics per layer and per epoch as CSV files and charts.
Everything goes to --output (default ./output); each stage prints how long it took."""
import os
import time

import neurotour_example as ex
from paraview.simple import *

args = ex.arguments(__doc__)
import neurotour
from neurotour import tour

begin = time.perf_counter()
out = args.output
frames = os.path.join(out, "frames")
os.makedirs(frames, exist_ok=True)
models = ex.checkpoints(args)
print("checkpoints: %s ... %s" % (models[0], models[-1]))
images = ex.test_images(args)
LAYERS = ["relu1", "relu2", "relu3", "fc2"]
TOURED = "relu3"

with ex.stage("activation extraction (%d images, layers %s, pooled 4x4)" % (args.samples, ", ".join(LAYERS))):
    activations = ActivationExtraction(Input=images, ModelFile=models[-1], Layers=LAYERS, PooledSize=4,
                                       IncludeInput=1)
    activations.UpdatePipeline()

with ex.stage("UMAP to 15-D of every layer, consecutive layers aligned"):
    embedded = UMAPEmbedding(Input=activations, ArrayName="Activations", NumberOfComponents=15,
                             NumberOfEpochs=200)
    aligned = LayerAlignment(Input=embedded, ArrayName="Embedding")
    aligned.UpdatePipeline()

# (a) The Grand Tour of one layer, images as thumbnails; then the same frame on every layer.
with ex.stage("(a) Grand Tour of layer %s with thumbnails" % TOURED):
    view = CreateView("GrandTourView")
    view.ViewSize = [1024, 768]
    toured = ex.layer(aligned, TOURED)
    Show(toured, view)
    view.CoordinatesArray = "Embedding"
    view.ShowImages = 1
    view.ImageSize = 0.03
    view.ShowAxisHandles = 0  # 15 axes crowd the picture; the softmax view below has its 10
    view.Speed = 0.3
    # The scale fits the farthest sample; most 15-D projections are much shorter than that.
    view.Zoom = 2
    neurotour.ColorByLabels(toured, view=view)
    start = view.TourTime
    paths = tour.render_frames(view, os.path.join(frames, "tour"), duration=6.0, frames_per_second=10)
    print("   %d frames in %s" % (len(paths), os.path.dirname(paths[0])))
    ex.save_tour_movie(view, os.path.join(out, "grand_tour.avi"), duration=6.0, frames_per_second=10)
    # The layers are shown in the tour's frame where this layer is most spread out (in 15-D
    # some frames squeeze it into the middle).
    widest = ex.most_spread_frame(paths)
    view.TourTime = tour.frame_times(6.0, 10, start)[widest]
    print("   layers shown in tour frame %d" % widest)
    Hide(toured, view)
    for name in ["input"] + LAYERS[:-1]:
        block = ex.layer(aligned, name)
        Show(block, view)
        view.ShowImages = 0
        neurotour.ColorByLabels(block, view=view)
        SaveScreenshot(os.path.join(frames, "layer_%s.png" % name), view, ImageResolution=[1024, 768])
        Hide(block, view)

# (b) Softmax: class probabilities with an axis handle per class, sandal / sneaker / ankle boot
# placed on a triangle (the Grand Tour article's figure), the other classes near the centre.
with ex.stage("(b) softmax layer with class axis handles"):
    softmax = ex.layer(activations, "fc2")
    Show(softmax, view)
    view.CoordinatesArray = "Probabilities"
    view.ShowImages = 0
    view.ShowAxisHandles = 1
    view.PointSize = 4
    view.Zoom = 1
    neurotour.ColorByLabels(softmax, view=view)
    neurotour.SetProjectionMatrix(ex.triangle_projection(10, [5, 7, 9]), view)
    SaveScreenshot(os.path.join(out, "softmax_triangle.png"), view, ImageResolution=[1024, 768])
    Hide(softmax, view)

# (c) Training dynamics: the softmax of every epoch's checkpoint, projection held fixed.
with ex.stage("(c) training dynamics over %d epochs" % (len(models) - 1)):
    dynamics = ActivationExtraction(Input=images, ModelFiles=models, Layers=["fc2"], IncludeInput=0)
    probabilities = ex.layer(dynamics, "fc2")
    Show(probabilities, view)
    view.CoordinatesArray = "Probabilities"
    neurotour.ColorByLabels(probabilities, view=view)
    neurotour.SetProjectionMatrix(ex.triangle_projection(10, [5, 7, 9]), view)
    scene = GetAnimationScene()
    scene.UpdateAnimationUsingDataTimeSteps()
    os.makedirs(os.path.join(frames, "epochs"), exist_ok=True)
    SaveAnimation(os.path.join(frames, "epochs", "epoch.png"), view, ImageResolution=[1024, 768])
    SaveAnimation(os.path.join(out, "training_dynamics.avi"), view, ImageResolution=[1024, 768], FrameRate=2)
    Hide(probabilities, view)

# Metrics: the "Analysis of activations" report's measures per layer and per epoch.
with ex.stage("embedding quality per layer and per epoch"):
    per_layer = EmbeddingQuality(Input=aligned, ArrayName="Embedding", ReferenceArrayName="Activations")
    SaveData(os.path.join(out, "quality_per_layer.csv"), proxy=per_layer)
    ex.save_line_chart(per_layer, None, ["SameClassDistance", "DifferentClassDistance", "KNNAccuracy",
                                         "Trustworthiness"], os.path.join(out, "quality_per_layer.png"),
                       "Embedding quality per layer (input, relu1, relu2, relu3, fc2)")
    per_epoch = EmbeddingQuality(Input=probabilities, ArrayName="Probabilities", ReferenceArrayName="")
    path = os.path.join(out, "quality_per_epoch.csv")
    columns = ["SameClassDistance", "DifferentClassDistance", "CentroidSpread", "CentroidSeparation", "KNNAccuracy"]
    with open(path, "w") as f:
        f.write("Epoch," + ",".join(columns) + "\n")
        for epoch in dynamics.TimestepValues:
            per_epoch.UpdatePipeline(epoch)  # pvbatch runs the pipeline here: read it in place
            row = per_epoch.GetClientSideObject().GetOutputDataObject(0).GetRowData()
            f.write("%g," % epoch + ",".join("%.5f" % row.GetArray(c).GetValue(0) for c in columns) + "\n")
    ex.save_line_chart(CSVReader(FileName=[path]), "Epoch", columns, os.path.join(out, "quality_per_epoch.png"),
                       "Softmax-layer quality per training epoch")

print("main job done in %.1f s; results in %s:" % (time.perf_counter() - begin, out))
for name in sorted(os.listdir(out)):
    print("   " + os.path.join(out, name))
