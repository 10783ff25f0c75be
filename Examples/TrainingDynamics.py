"""Training dynamics with Aligned UMAP (as NeuroMapper shows them): one layer's activations at
every training epoch, embedded jointly in 2-D so that a sample stays put unless the network
really changed its mind about it; one frame per epoch (frames/training_dynamics/), each with
every sample's trail over the 3 epochs before, and the embedding quality per epoch
(training_dynamics_quality.csv)."""
import os

import neurotour_example as ex
from paraview.simple import *


def training_dynamics(args, models, layer_name="relu3"):
    images = ex.test_images(args)
    per_epoch = ActivationExtraction(Input=images, ModelFiles=models, Layers=[layer_name], PooledSize=4,
                                     IncludeInput=0)
    reduced = PCAReduction(Input=per_epoch, ArrayName="Activations", NumberOfComponents=20)
    aligned = AlignedUMAP(Input=reduced, ArrayName="Embedding", NumberOfComponents=2, NumberOfEpochs=200)
    layer = ex.layer(aligned, layer_name)
    # Each frame also draws where every sample was over the 3 epochs before (its trail).
    trailed = SampleTrails(Input=layer, ArrayName="Embedding", NumberOfSteps=3)
    view = CreateView("GrandTourView")
    view.ViewSize = [800, 800]
    Show(trailed, view)
    view.CoordinatesArray = "Embedding"
    import neurotour
    neurotour.ColorByLabels(trailed, view=view)
    GetAnimationScene().UpdateAnimationUsingDataTimeSteps()
    directory = os.path.join(args.output, "frames", "training_dynamics")
    os.makedirs(directory, exist_ok=True)
    SaveAnimation(os.path.join(directory, "epoch.png"), view, ImageResolution=[800, 800])
    quality = EmbeddingQuality(Input=aligned, ArrayName="Embedding", ReferenceArrayName="")
    over_epochs = PlotDataOverTime(Input=quality, OnlyReportSelectionStatistics=0)
    csv = os.path.join(args.output, "training_dynamics_quality.csv")
    SaveData(csv, proxy=over_epochs)
    Delete(view)
    return directory, csv


if __name__ == "__main__":
    arguments = ex.arguments(__doc__, samples=3000)
    with ex.stage("Aligned UMAP over the training epochs"):
        print("frames and metrics: %s, %s" % training_dynamics(arguments, ex.checkpoints(arguments)))
