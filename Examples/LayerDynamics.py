"""Layer dynamics: how the representation changes from layer to layer. Every layer is
embedded in 15-D with UMAP, LayerAlignment rotates each layer onto the previous one, and the
Grand Tour view shows the layers one after the other with the same projection, so what moves
is what the layer changed, not the embedding's arbitrary orientation (frames/layers/)."""
import os

import neurotour_example as ex
from paraview.simple import *

LAYERS = ["relu1", "relu2", "relu3", "fc2"]


def layer_dynamics(args, model, tour_time=3.0):
    images = ex.test_images(args)
    activations = ActivationExtraction(Input=images, ModelFile=model, Layers=LAYERS, PooledSize=4, IncludeInput=1)
    embedded = UMAPEmbedding(Input=activations, ArrayName="Activations", NumberOfComponents=15,
                             NumberOfEpochs=200)
    aligned = LayerAlignment(Input=embedded, ArrayName="Embedding")
    view = CreateView("GrandTourView")
    view.ViewSize = [800, 800]
    view.TourTime = tour_time
    directory = os.path.join(args.output, "frames", "layers")
    os.makedirs(directory, exist_ok=True)
    import neurotour
    paths = []
    for index, name in enumerate(["input"] + LAYERS):
        block = ex.layer(aligned, name)
        Show(block, view)
        view.CoordinatesArray = "Embedding"
        neurotour.ColorByLabels(block, view=view)
        paths.append(os.path.join(directory, "layer%d_%s.png" % (index, name)))
        SaveScreenshot(paths[-1], view, ImageResolution=[800, 800])
        Hide(block, view)
    Delete(view)
    return paths


if __name__ == "__main__":
    arguments = ex.arguments(__doc__, samples=3000)
    with ex.stage("layers embedded, aligned and rendered"):
        for path in layer_dynamics(arguments, ex.checkpoints(arguments)[-1]):
            print(path)
