"""Trained vs untrained: the "Analysis of activations in neural networks" comparison.

Embeds every layer of the untrained (epoch 0) and the trained (last epoch) example CNN in 2-D
with UMAP and tabulates the report's measures per layer: same-class and different-class
distances, class spread and centroid separation (all relative to the mean pairwise distance)
and 10-NN accuracy, plus trustworthiness against the activations. Writes
trained_vs_untrained.csv (one row per layer and network) and prints it.

Then, as the report does, per filter: each filter's feature maps of relu1 and relu2 (Activation
Extraction's SplitChannels) embedded on their own, the measures averaged over a layer's filters,
and how many filters the trained network's embedding separates better (10-NN accuracy) than the
untrained one's; per_filter.csv."""
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


FILTER_LAYERS = ["relu1", "relu2"]
FILTER_MEASURES = ["SameClassDistance", "DifferentClassDistance", "KNNAccuracy"]


def filter_quality(images, model):
    """{layer: [(filter block, measure...)]}, {layer: dead filters}: each filter's maps embedded
    and measured alone. A dead filter (the same maps for every sample: a ReLU that never fires)
    has nothing to embed and is counted instead."""
    import numpy as np
    from vtkmodules.util.numpy_support import vtk_to_numpy
    activations = ActivationExtraction(Input=images, ModelFile=model, Layers=FILTER_LAYERS, IncludeInput=0,
                                       SplitChannels=1)
    data = servermanager.Fetch(activations)
    live, dead = [], {layer: 0 for layer in FILTER_LAYERS}
    for b in range(data.GetNumberOfBlocks()):
        name = data.GetMetaData(b).Get(data.NAME())
        maps = vtk_to_numpy(data.GetBlock(b).GetColumnByName("Activations"))
        if np.ptp(maps, axis=0).max() > 0:
            live.append(name)
        else:
            dead[name.split("_filter")[0]] += 1
    selected = ExtractBlock(Input=activations, Selectors=["/Root/%s" % name for name in live])
    embedded = UMAPEmbedding(Input=selected, ArrayName="Activations", NumberOfComponents=2,
                             NumberOfEpochs=200)
    quality = EmbeddingQuality(Input=embedded, ArrayName="Embedding", ReferenceArrayName="",
                               NumberOfNeighbors=10)
    table = dsa.WrapDataObject(servermanager.Fetch(quality))
    names = table.GetRowData().GetAbstractArray("Block")
    per_layer = {layer: [] for layer in FILTER_LAYERS}
    for row in range(table.GetNumberOfRows()):
        name = names.GetValue(row)
        per_layer[name.split("_filter")[0]].append(
            [name] + [float(table.RowData[m][row]) for m in FILTER_MEASURES])
    for proxy in (quality, embedded, selected, activations):
        Delete(proxy)
    return per_layer, dead


def per_filter(args, images, models):
    with ex.stage("per filter: untrained and trained networks"):
        (untrained, untrained_dead), (trained, trained_dead) = (filter_quality(images, models[0]),
                                                                filter_quality(images, models[-1]))
    path = os.path.join(args.output, "per_filter.csv")
    accuracy = FILTER_MEASURES.index("KNNAccuracy") + 1
    summary = []
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Layer", "Network", "Filters", "DeadFilters"] +
                        ["Mean" + m for m in FILTER_MEASURES] + ["FiltersTrainedAhead"])
        for layer in FILTER_LAYERS:
            # Filters compared one to one where both networks have them alive.
            before = {r[0]: r for r in untrained[layer]}
            ahead = sum(r[accuracy] > before[r[0]][accuracy] for r in trained[layer] if r[0] in before)
            for network, rows, dead in (("untrained", untrained[layer], untrained_dead[layer]),
                                        ("trained", trained[layer], trained_dead[layer])):
                means = [sum(r[k] for r in rows) / len(rows) for k in range(1, len(FILTER_MEASURES) + 1)]
                writer.writerow([layer, network, len(rows), dead] + ["%.4f" % m for m in means] + [ahead])
                summary.append((layer, network, len(rows), dead, means, ahead))
    print("per filter (means over a layer's live filters; 10-NN accuracy: trained ahead in how many)")
    for layer, network, filters, dead, means, ahead in summary:
        print("%-6s %-9s %2d filters (%d dead) %s  trained ahead in %d" % (
            layer, network, filters, dead,
            "  ".join("%s %.4f" % (m, v) for m, v in zip(FILTER_MEASURES, means)), ahead))
    print("written to %s" % path)
    return path


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
    per_filter(args, images, models)
    return path, untrained, trained


if __name__ == "__main__":
    arguments = ex.arguments(__doc__, samples=5000)
    trained_vs_untrained(arguments, ex.checkpoints(arguments))
