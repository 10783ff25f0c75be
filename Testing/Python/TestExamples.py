"""Runs every example tour in Examples/ as a user would (pvbatch, small sizes) and checks
what each one claims to produce."""
# requires: models
import csv
import glob
import os
import subprocess
import sys

import neurotour_testing as nt

EXAMPLES = os.path.join(nt.SOURCE_DIR, "Examples")


def run(script, samples, *extra):
    output = os.path.join(nt.OUTPUT, "examples", os.path.splitext(script)[0])
    command = ["pvbatch", "--force-offscreen-rendering", os.path.join(EXAMPLES, script), "--output", output,
               "--models", nt.MODELS, "--epochs", "2", "--samples", str(samples)] + list(extra)
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    print(result.stdout)
    nt.check(result.returncode == 0, "%s exited with %d:\n%s" % (script, result.returncode, result.stderr[-3000:]))
    return output, result.stdout


# Trained vs untrained: the trained network separates the classes better in its last layers.
output, _ = run("TrainedVsUntrained.py", 1500)
rows = list(csv.DictReader(open(os.path.join(output, "trained_vs_untrained.csv"))))
by = {(r["Layer"], r["Network"]): r for r in rows}
nt.check(len(rows) == 10, "5 layers x 2 networks in the table, got %d rows" % len(rows))
for name in ("relu3", "fc2"):
    trained, untrained = float(by[(name, "trained")]["KNNAccuracy"]), float(by[(name, "untrained")]["KNNAccuracy"])
    nt.check(trained > untrained, "%s: trained 10-NN accuracy %.3f above untrained %.3f" % (name, trained, untrained))
nt.check(by[("input", "trained")]["KNNAccuracy"] == by[("input", "untrained")]["KNNAccuracy"],
         "the input layer is the same for both networks")
# Per filter (SplitChannels): relu1's 10 and relu2's 20 filters; trained ahead on average.
rows = list(csv.DictReader(open(os.path.join(output, "per_filter.csv"))))
by = {(r["Layer"], r["Network"]): r for r in rows}
nt.check(len(rows) == 4 and all(int(by[(layer, n)]["Filters"]) + int(by[(layer, n)]["DeadFilters"]) == total
                              for layer, total in (("relu1", 10), ("relu2", 20))
                              for n in ("trained", "untrained")),
         "per-filter table: every filter embedded or counted dead: %s" % rows)
for name in ("relu1", "relu2"):
    trained, untrained = (float(by[(name, n)]["MeanKNNAccuracy"]) for n in ("trained", "untrained"))
    nt.check(trained > untrained, "%s per filter: trained mean 10-NN accuracy %.3f above untrained %.3f"
             % (name, trained, untrained))

# Layer dynamics: one frame per layer, 22 per transition between them, and a filmstrip.
output, _ = run("LayerDynamics.py", 1500)
frames = sorted(glob.glob(os.path.join(output, "frames", "layers", "*.png")))
nt.check(len(frames) == 5, "5 layer frames, got %d" % len(frames))
transitions = sorted(glob.glob(os.path.join(output, "frames", "layers", "*_to_*")))
nt.check([os.path.basename(t) for t in transitions] ==
         ["input_to_relu1", "relu1_to_relu2", "relu2_to_relu3", "relu3_to_fc2"] and
         all(len(glob.glob(os.path.join(t, "*.png"))) == 22 for t in transitions),
         "22 frames for each of the 4 transitions: %s" % transitions)
nt.check(os.path.exists(os.path.join(output, "layer_transition.png")), "the transition's filmstrip")

# Train vs test: one picture of both views per epoch; accuracy and movement per split and epoch.
output, _ = run("TrainVsTest.py", 500)
frames = sorted(glob.glob(os.path.join(output, "frames", "train_vs_test", "*.png")))
nt.check(len(frames) == 3, "3 epoch pictures, got %d" % len(frames))
rows = list(csv.DictReader(open(os.path.join(output, "train_vs_test.csv"))))
nt.check(len(rows) == 6 and all(float(r["Accuracy"]) > 0.5 for r in rows if r["Epoch"] == "2"),
         "both splits at every epoch, trained above 0.5 accuracy: %s" % rows)

# Training dynamics: one frame per epoch (0, 1, 2) and quality per epoch.
output, _ = run("TrainingDynamics.py", 1000)
frames = sorted(glob.glob(os.path.join(output, "frames", "training_dynamics", "*.png")))
nt.check(len(frames) == 3, "3 epoch frames, got %d" % len(frames))
nt.check(os.path.exists(os.path.join(output, "training_dynamics_quality.csv")), "quality per epoch written")

# Guided tour: the LDA index climbs; one sample's 10 neighbours in relu3's activations.
output, stdout = run("GuidedTour.py", 1000)
indices = [float(line.split()[-1]) for line in stdout.splitlines() if "LDA index" in line]
nt.check(len(indices) == 21 and indices[-1] > indices[0] and
         all(b >= a for a, b in zip(indices, indices[1:])),
         "the guided tour's LDA index climbs over 21 frames: %s" % indices)
nt.check(len(glob.glob(os.path.join(output, "frames", "guided", "*.png"))) == 21, "21 guided frames")
nt.check(os.path.exists(os.path.join(output, "neighbours.png")) and "10 nearest in relu3" in stdout,
         "the neighbours picture and list written")

# t-SNE and UMAP of every layer: both keep the trained network's classes apart in its last layers.
output, _ = run("TSNEAndUMAP.py", 1000)
rows = list(csv.DictReader(open(os.path.join(output, "tsne_and_umap.csv"))))
by = {(r["Layer"], r["Method"]): r for r in rows}
nt.check(len(rows) == 10, "5 layers x 2 methods in the table, got %d rows" % len(rows))
for name in ("relu3", "fc2"):
    for method in ("t-SNE", "UMAP"):
        accuracy = float(by[(name, method)]["KNNAccuracy"]) if (name, method) in by else 0.0
        nt.check(accuracy > 0.6, "%s by %s: 10-NN accuracy %.3f above 0.6" % (name, method, accuracy))
nt.check(os.path.exists(os.path.join(output, "tsne_and_umap.png")), "side-by-side picture written")

# Two models compared: Procrustes residual below that of unaligned embeddings (< 1).
output, stdout = run("CompareModels.py", 1000)
nt.check(os.path.exists(os.path.join(output, "compare_models.png")), "side-by-side picture written")
nt.check("Procrustes residual" in stdout, "residual printed")

# Adversarial trajectory: one frame per FGSM step (0..10).
output, _ = run("AdversarialTrajectory.py", 2000)
frames = sorted(glob.glob(os.path.join(output, "frames", "adversarial", "*.png")))
nt.check(len(frames) == 11, "11 adversarial frames (steps 0..10), got %d" % len(frames))

nt.finish()
