"""Layer dynamics: how the representation changes from layer to layer (the UMAP Tour's
layer-to-layer transitions). Every layer is embedded in 15-D with UMAP, LayerAlignment rotates
each layer onto the previous one, and the Grand Tour view moves through the layers with the
same projection, each sample sliding from its place in one layer to its place in the next, so
what moves is what the layer changed, not the embedding's arbitrary orientation.
Writes frames/layers/layer<k>_<name>.png (each layer), frames/layers/<a>_to_<b>/ (each
transition's frames) and layer_transition.png (the relu2 to relu3 transition in four steps)."""
import os

import neurotour_example as ex
from paraview.simple import *

LAYERS = ["relu1", "relu2", "relu3", "fc2"]
TRANSITION_FRAMES = 22  # the GUI's 0.7 s at 30 frames a second
STRIP = ("relu2", "relu3")


def layer_dynamics(args, model, tour_time=3.0):
    images = ex.test_images(args)
    activations = ActivationExtraction(Input=images, ModelFile=model, Layers=LAYERS, PooledSize=4, IncludeInput=1)
    embedded = UMAPEmbedding(Input=activations, ArrayName="Activations", NumberOfComponents=15,
                             NumberOfEpochs=200)
    aligned = LayerAlignment(Input=embedded, ArrayName="Embedding")
    view = CreateView("GrandTourView")
    view.ViewSize = [800, 800]
    view.TourTime = tour_time
    view.ShowAxisHandles = 0
    directory = os.path.join(args.output, "frames", "layers")
    os.makedirs(directory, exist_ok=True)
    import neurotour
    names = ["input"] + LAYERS
    shown = Show(aligned, view, Layer=names[0])
    view.CoordinatesArray = "Embedding"
    labels = neurotour.ColorByLabels(aligned, view=view)
    GetScalarBar(labels, view).Visibility = 0  # small pictures: the samples only
    Render(view)
    layer_pictures = [os.path.join(directory, "layer0_%s.png" % names[0])]
    SaveScreenshot(layer_pictures[0], view, ImageResolution=[800, 800])
    strip = []
    for index, (leaving, entering) in enumerate(zip(names, names[1:]), start=1):
        frames = neurotour.RenderLayerTransition(
            shown, entering, os.path.join(directory, "%s_to_%s" % (leaving, entering)),
            frames=TRANSITION_FRAMES, view=view, resolution=[400, 400])
        if (leaving, entering) == STRIP:
            strip = [frames[k] for k in (0, 7, 14, 21)]
        layer_pictures.append(os.path.join(directory, "layer%d_%s.png" % (index, entering)))
        SaveScreenshot(layer_pictures[-1], view, ImageResolution=[800, 800])
    Delete(view)
    return layer_pictures, ex.filmstrip(strip, os.path.join(args.output, "layer_transition.png"))


if __name__ == "__main__":
    arguments = ex.arguments(__doc__, samples=3000)
    with ex.stage("layers embedded, aligned and rendered with their transitions"):
        pictures, strip = layer_dynamics(arguments, ex.checkpoints(arguments)[-1])
        for path in pictures + [strip]:
            print(path)
