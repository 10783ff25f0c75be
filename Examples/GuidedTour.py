"""A guided tour and a look behind the picture, on the trained CNN.
(1) The Grand Tour article's last layer: fc2's 10 logits, one axis per class, toured by a guided
tour that climbs the LDA index (tourr's guided tour: toward the linear projection that shows the
classes most apart), from the two class axes the view starts on; one frame every 2 s of tour
time (frames/guided/), the index printed per frame.
(2) relu3's 2-D UMAP embedding with one shirt selected: its 10 nearest neighbours in relu3's
full activation space are ringed (neighbours.png), with how many of them the 2-D picture also
puts nearest: where the embedding keeps, and where it breaks, the network's own notion of
similar (shirts sit among T-shirts, pullovers and coats)."""
import os

import neurotour_example as ex
from paraview.simple import *


def guided_tour(args, model, duration=40.0):
    import neurotour
    images = ex.test_images(args)
    activations = ActivationExtraction(Input=images, ModelFile=model, Layers=["relu3", "fc2"],
                                       PooledSize=4, IncludeInput=0)
    view = CreateView("GrandTourView")
    view.ViewSize = [800, 800]
    logits = ex.layer(activations, "fc2")
    Show(logits, view)
    view.CoordinatesArray = "Activations"
    view.TourMode = "Guided"
    view.PursuitIndex = "LDA"
    view.Speed = 0.3
    neurotour.ColorByLabels(logits, view=view)
    directory = os.path.join(args.output, "frames", "guided")
    os.makedirs(directory, exist_ok=True)
    values = []
    for step in range(int(duration / 2) + 1):
        view.TourTime = 2.0 * step
        SaveScreenshot(os.path.join(directory, "guided_%02d.png" % step), view, ImageResolution=[800, 800])
        view.SMProxy.UpdatePropertyInformation()
        values.append(view.SMProxy.GetProperty("PursuitIndexValueInfo").GetElement(0))
        print("tour time %4.1f s: LDA index %.3f" % (view.TourTime, values[-1]))
    Hide(logits, view)

    # One shirt's neighbours in relu3's full activations, drawn in its 2-D UMAP embedding.
    embedded = UMAPEmbedding(Input=ex.layer(activations, "relu3"), ArrayName="Activations",
                             NumberOfComponents=2)
    Show(embedded, view)
    view.TourMode = "Grand"
    view.TourTime = 0.0
    view.PointSize = 4
    view.CoordinatesArray = "Embedding"
    view.NeighborsArray = "Activations"
    view.NumberOfNeighbors = 10
    neurotour.ColorByLabels(embedded, view=view)
    table = neurotour.SampleTable(embedded)
    labels, ids = table.GetColumnByName("Label"), table.GetColumnByName("SampleId")
    shirt = next(int(ids.GetValue(r)) for r in range(table.GetNumberOfRows()) if labels.GetValue(r) == 6)
    SelectGlobalIDs(IDs=[shirt], FieldType="ROW", Source=embedded)
    neighbours = view.GetNeighborSampleIds()
    picture = os.path.join(args.output, "neighbours.png")
    SaveScreenshot(picture, view, ImageResolution=[800, 800])
    print("shirt %d's 10 nearest in relu3's activations: %s" % (shirt, neighbours))
    ClearSelection(embedded)
    Delete(view)
    return values, neighbours, picture


if __name__ == "__main__":
    arguments = ex.arguments(__doc__, samples=3000)
    with ex.stage("guided tour of fc2, one sample's neighbours in relu3"):
        guided_tour(arguments, ex.checkpoints(arguments)[-1])
