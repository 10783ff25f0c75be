"""Two models side by side (the UMAP Tour's ResNet beside GoogLeNet, here an early and the
final checkpoint of the example CNN): each embedded with UMAP, the early one rotated onto the
final one by ProcrustesAlignment (rows matched by SampleId), coloured by how far each sample
moved (Movement), in two Grand Tour views with linked selection: a brush in one selects the
same samples in the other. Writes compare_models.png (both views) and prints the residual."""
import os

import neurotour_example as ex
from paraview.simple import *


def compare_models(args, early_model, final_model):
    images = ex.test_images(args)

    def embedding(model):
        activations = ActivationExtraction(Input=images, ModelFile=model, Layers=["relu3"], PooledSize=4,
                                           IncludeInput=0)
        return UMAPEmbedding(Input=ex.layer(activations, "relu3"), ArrayName="Activations", NumberOfComponents=2)

    final = embedding(final_model)
    early = ProcrustesAlignment(Input=embedding(early_model), Reference=final, ArrayName="Embedding")
    layout = CreateLayout("compare models")
    import neurotour
    views = []
    for source, colour in ((early, "Movement"), (final, "Label")):
        view = CreateView("GrandTourView")
        AssignViewToLayout(view=view, layout=layout)
        Show(source, view)
        view.CoordinatesArray = "Embedding"
        if colour == "Label":
            neurotour.ColorByLabels(source, view=view)
        else:
            view.ColorArray = colour
        views.append(view)
    # A brush on the early model's samples of one class selects them in the final model too.
    AddSelectionLink(early, final, "samples", convertToIndices=False)
    SelectGlobalIDs(IDs=list(range(0, 200)), FieldType="ROW", Source=early)
    layout.SetSize(1600, 800)
    path = os.path.join(args.output, "compare_models.png")
    SaveScreenshot(path, layout, ImageResolution=[1600, 800])
    residual = neurotour.SampleTable(early).GetFieldData().GetArray("ProcrustesResidual").GetValue(0)
    for view in views:
        Delete(view)
    RemoveLayout(layout)
    return path, residual


if __name__ == "__main__":
    arguments = ex.arguments(__doc__, samples=3000)
    models = ex.checkpoints(arguments)
    with ex.stage("two checkpoints compared"):
        print("%s (Procrustes residual %.3f)" % compare_models(arguments, models[1], models[-1]))
