"""Training and test samples side by side (the Grand Tour article's over-fitting picture): the
first --samples training and test images of Fashion-MNIST (IDXReader with Combine Train And
Test, then SelectSplit), their logits (fc2) at every training epoch (epochs are time steps),
in two Grand Tour views with one linked projection, so a sample's movement between epochs is
the network's, seen the same way in both. Writes one picture of both views per epoch
(frames/train_vs_test/) and, per epoch and split, the accuracy and how far the samples moved
since the epoch before (train_vs_test.csv)."""
import csv
import os

import numpy as np

import neurotour_example as ex
from paraview.simple import *
from vtkmodules.util.numpy_support import vtk_to_numpy

LAYER = "fc2"


def logits_over_epochs(source, times):
    """Per epoch: the layer's logits (rows in SampleId order), labels and predictions."""
    block = ex.layer(source, LAYER)
    epochs = []
    for time in times:
        block.UpdatePipeline(time)
        table = servermanager.Fetch(block).GetBlock(0)
        order = np.argsort(vtk_to_numpy(table.GetColumnByName("SampleId")))
        epochs.append({name: vtk_to_numpy(table.GetColumnByName(name))[order]
                       for name in ("Activations", "Label", "Prediction")})
    return epochs


def movement(before, after):
    """How far the samples moved, in units of the layer's spread at `after`."""
    spread = np.mean(np.linalg.norm(after - after.mean(axis=0), axis=1))
    return float(np.mean(np.linalg.norm(after - before, axis=1)) / spread)


def train_vs_test(args, models):
    import neurotour
    both = IDXReader(FileName=os.path.join(args.data, "t10k-images-idx3-ubyte.gz"), CombineTrainAndTest=1)
    layout = CreateLayout("train vs test")
    views, extracted = [], {}
    for split in ("train", "test"):
        images = SelectSplit(Input=both, Split=split, MaximumNumberOfSamples=args.samples)
        extracted[split] = ActivationExtraction(Input=images, ModelFiles=models, Layers=[LAYER], IncludeInput=0)
        view = CreateView("GrandTourView")
        AssignViewToLayout(view=view, layout=layout)
        Show(extracted[split], view, Layer=LAYER)
        view.CoordinatesArray = "Activations"
        view.PointSize = 3
        view.Speed = 0.3
        neurotour.ColorByLabels(extracted[split], view=view)
        views.append(view)
    neurotour.LinkProjections(views[0], views[1])
    views[0].TourTime = 4.0  # one frame for every epoch: the projection held fixed
    scene = GetAnimationScene()
    scene.UpdateAnimationUsingDataTimeSteps()
    times = list(GetTimeKeeper().TimestepValues)
    layout.SetSize(1600, 800)
    directory = os.path.join(args.output, "frames", "train_vs_test")
    os.makedirs(directory, exist_ok=True)
    for time in times:
        scene.AnimationTime = time
        SaveScreenshot(os.path.join(directory, "epoch%d.png" % int(time)), layout, ImageResolution=[1600, 800])

    rows = []
    for split in ("train", "test"):
        epochs = logits_over_epochs(extracted[split], times)
        for index, (time, epoch) in enumerate(zip(times, epochs)):
            moved = movement(epochs[index - 1]["Activations"], epoch["Activations"]) if index else float("nan")
            accuracy = float(np.mean(epoch["Label"] == epoch["Prediction"]))
            rows.append([split, int(time), "%.4f" % accuracy, "%.4f" % moved])
    path = os.path.join(args.output, "train_vs_test.csv")
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Split", "Epoch", "Accuracy", "MovementSincePreviousEpoch"])
        writer.writerows(rows)
    print("%-6s %5s %9s %9s" % ("split", "epoch", "accuracy", "moved"))
    for row in rows:
        print("%-6s %5s %9s %9s" % tuple(row))
    for view in views:
        Delete(view)
    RemoveLayout(layout)
    return directory, path


if __name__ == "__main__":
    arguments = ex.arguments(__doc__, samples=2000)
    with ex.stage("training and test samples over the epochs, one projection"):
        print("frames and table: %s, %s" % train_vs_test(arguments, ex.checkpoints(arguments)))
