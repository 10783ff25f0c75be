# AdversarialSteps (targeted iterative FGSM) on Fashion-MNIST with the trained example model,
# checked against the same step computed by PyTorch, and piped into ActivationExtraction.
# requires: models
import os

import numpy as np
import torch
from vtkmodules.numpy_interface import dataset_adapter as dsa

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())

count, target, epsilon, steps = 300, 0, 0.02, 10
model_path = os.path.join(nt.MODELS, "fashion_cnn_epoch2.pt")
images = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=count)
attack = AdversarialSteps(Input=images, ModelFile=model_path, TargetLabel=target, Epsilon=epsilon,
                          NumberOfSteps=steps)
attack.UpdatePipelineInformation()
nt.check(list(attack.TimestepValues) == [float(s) for s in range(steps + 1)],
         "time steps 0..%d: %s" % (steps, list(attack.TimestepValues)))


def at_step(proxy, step):
    proxy.UpdatePipeline(float(step))
    return dsa.WrapDataObject(servermanager.Fetch(proxy)).RowData


reader = dsa.WrapDataObject(nt.fetch(images)).RowData
original = np.asarray(reader["Pixels"]).astype(np.float32) / 255.0
labels = np.asarray(reader["Label"])
trajectory = [at_step(attack, step) for step in range(steps + 1)]
pixels = [np.asarray(data["Pixels"]) for data in trajectory]
confidence = [float(np.asarray(data["Confidence"]).mean()) for data in trajectory]
hits = [float((np.asarray(data["Prediction"]) == target).mean()) for data in trajectory]

nt.check(pixels[0].dtype == np.float32, "perturbed Pixels are float32 (as ActivationExtraction takes)")
nt.check_close(float(np.abs(pixels[0] - original).max()), 0.0, 1e-7, "step 0 is the input scaled to [0, 1]")
nt.check(np.array_equal(np.asarray(trajectory[steps]["Label"]), labels), "the true Label is kept")
for step in range(1, steps + 1):
    change = np.abs(pixels[step] - pixels[step - 1]).max()
    nt.check(change <= epsilon + 1e-6, "step %d moves each pixel by at most Epsilon (%g)" % (step, change))
    nt.check(pixels[step].min() >= 0.0 and pixels[step].max() <= 1.0, "step %d stays in [0, 1]" % step)
nt.check(all(b > a for a, b in zip(confidence, confidence[1:])),
         "the target's mean probability rises every step: %s" % np.round(confidence, 3))
nt.check(hits[steps] > hits[0] + 0.3, "more samples are classified as the target: %.2f -> %.2f" % (hits[0], hits[steps]))

# The first step by PyTorch itself: x1 = clip(x0 - eps * sign(grad CE(model(x0), target)), 0, 1).
model = torch.jit.load(model_path).eval()
x0 = torch.from_numpy(original.reshape(count, 1, 28, 28)).requires_grad_(True)
loss = torch.nn.functional.cross_entropy(model(x0), torch.full((count,), target), reduction="sum")
(gradient,) = torch.autograd.grad(loss, x0)
x1 = (x0.detach() - epsilon * gradient.sign()).clamp(0, 1).reshape(count, -1).numpy()
mismatch = float((np.abs(x1 - pixels[1]) > 1e-6).mean())
nt.check(mismatch < 1e-3, "step 1 equals PyTorch's FGSM step (%.5f of pixels differ)" % mismatch)
with torch.no_grad():
    probability = torch.softmax(model(torch.from_numpy(pixels[1].reshape(count, 1, 28, 28))), 1)[:, target]
nt.check_close(float(np.abs(probability.numpy() - np.asarray(trajectory[1]["Confidence"])).max()), 0.0, 1e-5,
               "Confidence is the target's softmax probability")

# The adversarial trajectory through ActivationExtraction: its time steps are the FGSM steps.
extraction = ActivationExtraction(Input=attack, ModelFile=model_path, Layers=["fc2"], IncludeInput=0)
extraction.UpdatePipeline(float(steps))
last = servermanager.Fetch(extraction).GetBlock(0)
nt.check(np.array_equal(np.asarray(dsa.WrapDataObject(last).RowData["Prediction"]),
                        np.asarray(trajectory[steps]["Prediction"])),
         "ActivationExtraction on step %d predicts as AdversarialSteps did" % steps)

# Bad input: a clear error and an empty output.
bad = AdversarialSteps(Input=images, ModelFile=os.path.join(nt.OUTPUT, "absent.pt"))
nt.check(nt.fetch(bad).GetNumberOfRows() == 0, "a missing model gives an empty output")
too_high = AdversarialSteps(Input=images, ModelFile=model_path, TargetLabel=12, NumberOfSteps=2)
nt.check(nt.fetch(too_high).GetNumberOfRows() == 0, "a target beyond the model's classes gives an empty output")

nt.finish()
