"""Trained vs untrained: the "Analysis of activations in neural networks" comparison.

Embeds every layer of the untrained (epoch 0) and the trained (last epoch) example CNN in 2-D
with UMAP and tabulates the report's measures per layer: same-class and different-class
distances, class spread and centroid separation (all relative to the mean pairwise distance)
and 10-NN accuracy, plus trustworthiness against the activations. Writes
trained_vs_untrained.csv (one row per layer and network) and prints it."""
import csv
import os

import neurotour_example as ex
from paraview.simple import *
from vtkmodules.numpy_interface import dataset_adapter as dsa

LAYERS = ["relu1", "relu2", "relu3", "fc2"]
MEASURES = ["SameClassDistance", "DifferentClassDistance", "CentroidSpread", "CentroidSeparation",
            "KNNAccuracy", "Trustworthiness"]


def layer_quality(images, model, pooled_size=4):
    """Rows (layer, measure...) of the report's measures for one network."""
    activations = ActivationExtraction(Input=images, ModelFile=model, Layers=LAYERS, PooledSize=pooled_size,
                                       IncludeInput=1)
    embedded = UMAPEmbedding(Input=activations, ArrayName="Activations", NumberOfComponents=2)
    quality = EmbeddingQuality(Input=embedded, ArrayName="Embedding", ReferenceArrayName="Activations",
                               NumberOfNeighbors=10)
    table = dsa.WrapDataObject(servermanager.Fetch(quality))
    names = table.GetRowData().GetAbstractArray("Block")
    rows = []
    for row in range(table.GetNumberOfRows()):
        rows.append([names.GetValue(row)] + [float(table.RowData[m][row]) for m in MEASURES])
    return rows


def trained_vs_untrained(args, models):
    images = ex.test_images(args)
    with ex.stage("untrained network (epoch 0)"):
        untrained = layer_quality(images, models[0])
    with ex.stage("trained network (epoch %d)" % (len(models) - 1)):
        trained = layer_quality(images, models[-1])
    path = os.path.join(args.output, "trained_vs_untrained.csv")
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Layer", "Network"] + MEASURES)
        for before, after in zip(untrained, trained):
            writer.writerow([before[0], "untrained"] + ["%.4f" % v for v in before[1:]])
            writer.writerow([after[0], "trained"] + ["%.4f" % v for v in after[1:]])
    print("%-8s %s" % ("layer", "  ".join("%22s" % m for m in MEASURES)))
    for before, after in zip(untrained, trained):
        print("%-8s %s" % (before[0], "  ".join("%10.4f / %-9.4f" % (b, a) for b, a in zip(before[1:], after[1:]))))
    print("(untrained / trained) written to %s" % path)
    return path, untrained, trained


if __name__ == "__main__":
    arguments = ex.arguments(__doc__, samples=5000)
    trained_vs_untrained(arguments, ex.checkpoints(arguments))
