# ActivationExtraction on real data and real models, checked against PyTorch forward hooks.
# requires: models
import os

import numpy as np
import torch
import torchvision
from vtkmodules.numpy_interface import dataset_adapter as dsa
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import vtkIntArray
from vtkmodules.vtkCommonDataModel import vtkTable

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())
torch.manual_seed(0)


def blocks(data):
    """{block name: vtkTable} of a multiblock."""
    return {data.GetMetaData(i).Get(data.NAME()): data.GetBlock(i)
            for i in range(data.GetNumberOfBlocks())}


def column(table, name):
    return dsa.WrapDataObject(table).RowData[name]


def field_ints(table, name):
    array = table.GetFieldData().GetArray(name)
    return [int(array.GetValue(i)) for i in range(array.GetNumberOfValues())]


def hooked(model, layers, images, pooled_size=0):
    """Outputs of the named submodules by forward hooks (the last call wins), and the logits."""
    captured = {}
    modules = dict(model.named_modules())

    def hook(name):
        def store(module, inputs, output):
            if pooled_size and output.dim() == 4:
                output = torch.nn.functional.adaptive_avg_pool2d(output, pooled_size)
            captured[name] = output.detach().reshape(output.shape[0], -1).numpy().copy()
        return store

    handles = [modules[name].register_forward_hook(hook(name)) for name in layers]
    with torch.no_grad():
        logits = model(images)
    for handle in handles:
        handle.remove()
    return captured, logits.numpy()


class FashionCNN(torch.nn.Module):
    """The training example's network in eager PyTorch (scripted modules take no hooks)."""

    def __init__(self, path):
        super().__init__()
        self.conv1, self.pool1, self.relu1 = torch.nn.Conv2d(1, 10, 5), torch.nn.MaxPool2d(2), torch.nn.ReLU()
        self.conv2, self.pool2, self.relu2 = torch.nn.Conv2d(10, 20, 5), torch.nn.MaxPool2d(2), torch.nn.ReLU()
        self.fc1, self.relu3, self.fc2 = torch.nn.Linear(320, 50), torch.nn.ReLU(), torch.nn.Linear(50, 10)
        self.load_state_dict(torch.jit.load(path).state_dict())
        self.eval()

    def forward(self, x):
        x = self.relu1(self.pool1(self.conv1(x)))
        x = self.relu2(self.pool2(self.conv2(x)))
        return self.fc2(self.relu3(self.fc1(torch.flatten(x, 1))))


def table_source(pixels, labels):
    """A sample table made in Python, as a pipeline source."""
    table = vtkTable()
    flat = np.ascontiguousarray(pixels.reshape(pixels.shape[0], int(np.prod(pixels.shape[1:]))),
                                dtype=np.float32)
    array = numpy_to_vtk(flat, deep=1)
    array.SetName("Pixels")
    table.AddColumn(array)
    label_array = numpy_to_vtk(np.asarray(labels, dtype=np.int32), deep=1)
    label_array.SetName("Label")
    table.AddColumn(label_array)
    shape = vtkIntArray()
    shape.SetName("SampleShape")
    for extent in pixels.shape[1:]:
        shape.InsertNextValue(extent)
    table.GetFieldData().AddArray(shape)
    source = TrivialProducer()
    source.GetClientSideObject().SetOutput(table)
    return source


# 1. Fashion-MNIST through the trained example checkpoint.
count = 2000
images = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=count)
model_path = os.path.join(nt.MODELS, "fashion_cnn_epoch2.pt")
extraction = ActivationExtraction(Input=images, ModelFile=model_path)
extraction.UpdatePipelineInformation()
nt.check(list(extraction.Layers.Available) ==
         ["conv1", "pool1", "relu1", "conv2", "pool2", "relu2", "fc1", "relu3", "fc2"],
         "layer domain from the model file: %s" % list(extraction.Layers.Available))
extraction.Layers = ["fc2", "conv1", "relu2"]  # any order in, network order out
extraction.PooledSize = 4
extraction.BatchSize = 300
result = blocks(nt.fetch(extraction))
nt.check(list(result) == ["input", "conv1", "relu2", "fc2"], "blocks in network order: %s" % list(result))
nt.check(field_ints(result["conv1"], "SampleShape") == [10, 4, 4], "conv1 pooled to 10 4 4")
nt.check(field_ints(result["relu2"], "SampleShape") == [20, 4, 4], "relu2 (4 x 4 maps) stays 20 4 4")
nt.check(field_ints(result["fc2"], "SampleShape") == [10], "fc2 has 10 values")

reader_table = nt.fetch(images)
pixels = np.asarray(column(reader_table, "Pixels"))
labels = np.asarray(column(reader_table, "Label"))
nt.check(pixels.dtype == np.uint8, "the IDX reader gives 8-bit pixels")
batch = torch.from_numpy(pixels.reshape(count, 1, 28, 28).astype(np.float32) / 255.0)
reference, logits = hooked(FashionCNN(model_path), ["conv1", "relu2", "fc2"], batch, 4)
for layer in ("conv1", "relu2", "fc2"):
    ours = np.asarray(column(result[layer], "Activations"))
    nt.check_close(float(np.abs(ours - reference[layer]).max()), 0.0, 1e-5,
                   "%s equals the PyTorch forward hook" % layer)
    nt.check(np.array_equal(np.asarray(column(result[layer], "Label")), labels), "%s keeps Label" % layer)
nt.check_close(float(np.abs(np.asarray(column(result["input"], "Activations")) -
                            batch.reshape(count, -1).numpy()).max()), 0.0, 1e-7, "input block = pixels / 255")
prediction = np.asarray(column(result["fc2"], "Prediction"))
confidence = np.asarray(column(result["fc2"], "Confidence"))
loss = np.asarray(column(result["fc2"], "Loss"))
probabilities = torch.softmax(torch.from_numpy(logits), 1).numpy()
nt.check(np.array_equal(prediction, logits.argmax(1)), "Prediction = arg max of the logits")
nt.check_close(float(np.abs(confidence - probabilities[np.arange(count), labels]).max()), 0.0, 1e-5,
               "Confidence = softmax probability of the true class")
nt.check_close(float(np.abs(loss + np.log(confidence)).max()), 0.0, 1e-3, "Loss = -log Confidence")
accuracy = float((prediction == labels).mean())
nt.check(accuracy > 0.65, "the trained checkpoint classifies (accuracy %.3f)" % accuracy)

# SplitChannels: one block per filter of each feature-map layer, holding that channel's maps;
# flat layers and the input stay whole.
split = ActivationExtraction(Input=images, ModelFile=model_path, Layers=["conv1", "relu2", "fc2"],
                             PooledSize=4, SplitChannels=1)
split_result = blocks(nt.fetch(split))
expected_names = (["input"] + ["conv1_filter%d" % c for c in range(10)] +
                  ["relu2_filter%d" % c for c in range(20)] + ["fc2"])
nt.check(list(split_result) == expected_names, "one block per filter: %s" % list(split_result))
whole = np.asarray(column(result["conv1"], "Activations")).reshape(count, 10, 16)
for c in (0, 9):
    ours = np.asarray(column(split_result["conv1_filter%d" % c], "Activations"))
    nt.check(np.array_equal(ours, whole[:, c, :]), "conv1_filter%d holds channel %d's maps" % (c, c))
nt.check(field_ints(split_result["relu2_filter3"], "SampleShape") == [4, 4],
         "a filter block's SampleShape is its map: %s" % field_ints(split_result["relu2_filter3"],
                                                                   "SampleShape"))
nt.check(np.asarray(column(split_result["fc2"], "Activations")).shape == (count, 10), "fc2 stays whole")
Delete(split)

# Normalization (mean, std) is applied after the [0, 1] scaling.
extraction.Normalization = [0.5, 0.25]
extraction.Layers = ["conv1"]
normalized = blocks(nt.fetch(extraction))
reference, _ = hooked(FashionCNN(model_path), ["conv1"], (batch - 0.5) / 0.25, 4)
nt.check_close(float(np.abs(np.asarray(column(normalized["conv1"], "Activations")) - reference["conv1"]).max()),
               0.0, 1e-5, "Normalization as torchvision's Normalize")

# 2. One checkpoint per epoch: the time steps are the epochs from the file names.
epochs = ActivationExtraction(Input=images, Layers=["fc2"], IncludeInput=0,
                              ModelFiles=[os.path.join(nt.MODELS, "fashion_cnn_epoch%d.pt" % e) for e in (2, 0, 1)])
epochs.UpdatePipelineInformation()
nt.check(list(epochs.TimestepValues) == [0.0, 1.0, 2.0], "epochs as time steps: %s" % list(epochs.TimestepValues))
accuracies = []
for epoch in (0.0, 2.0):
    epochs.UpdatePipeline(epoch)
    data = servermanager.Fetch(epochs)
    accuracies.append(float((np.asarray(column(data.GetBlock(0), "Prediction")) == labels).mean()))
nt.check(accuracies[0] < 0.3 < accuracies[1], "epoch 0 is untrained, epoch 2 trained: %s" % accuracies)

# 3. Models from Python PyTorch: torchvision's ResNet-18 (random weights), scripted and traced;
#    inner layers of residual blocks are captured as forward hooks see them.
resnet = torchvision.models.resnet18(num_classes=10).eval()
samples = torch.rand(6, 3, 32, 32)
# layer1.0.relu runs twice (the last output counts); bn2's output is then modified in place.
inner = ["layer1.1.conv2", "layer1.0.relu", "layer1.0.bn2", "layer3.0.downsample.0", "layer2", "fc"]
reference, _ = hooked(resnet, inner, samples)
source = table_source(samples.numpy(), [0, 1, 2, 3, 4, 5])
for kind, module in (("scripted", torch.jit.script(resnet)), ("traced", torch.jit.trace(resnet, samples))):
    path = os.path.join(nt.OUTPUT, "resnet18_%s.pt" % kind)
    module.save(path)
    resnet_extraction = ActivationExtraction(Input=source, ModelFile=path, Layers=inner, IncludeInput=0)
    resnet_extraction.UpdatePipelineInformation()
    available = list(resnet_extraction.Layers.Available)
    nt.check(len(available) == len(list(resnet.named_modules())) - 1 and available[:3] == ["conv1", "bn1", "relu"] and available[-1] == "fc",
             "%s ResNet-18 layers listed in execution order (%d)" % (kind, len(available)))
    captured = blocks(nt.fetch(resnet_extraction))
    nt.check(list(captured) == ["layer1.0.relu", "layer1.0.bn2", "layer1.1.conv2", "layer2", "layer3.0.downsample.0", "fc"],
             "%s ResNet-18 blocks in network order: %s" % (kind, list(captured)))
    for layer in inner:
        if layer in captured:
            ours = np.asarray(column(captured[layer], "Activations"))
            nt.check_close(float(np.abs(ours - reference[layer]).max()), 0.0, 1e-5,
                           "%s ResNet-18 %s equals the PyTorch forward hook" % (kind, layer))
    Delete(resnet_extraction)
# The same images stored channels-last (N x 32 x 32 x 3, as images usually are): the NumPy
# reader moves the channels first, and the model sees what it saw above.
nhwc_path = os.path.join(nt.OUTPUT, "resnet_inputs_nhwc.npy")
np.save(nhwc_path, samples.numpy().transpose(0, 2, 3, 1).copy())
nhwc = NumPyReader(FileNames=[nhwc_path], ArrayName="Pixels")
nhwc_extraction = ActivationExtraction(Input=nhwc, Layers=["layer2", "fc"], IncludeInput=0,
                                       ModelFile=os.path.join(nt.OUTPUT, "resnet18_scripted.pt"))
captured = blocks(nt.fetch(nhwc_extraction))
for layer in ("layer2", "fc"):
    ours = np.asarray(column(captured[layer], "Activations")) if layer in captured else np.zeros(1)
    nt.check(layer in captured and float(np.abs(ours - reference[layer]).max()) < 1e-5,
             "ResNet-18 %s from channels-last images equals the PyTorch forward hook" % layer)
Delete(nhwc_extraction)

# GoogLeNet: Inception blocks (parallel branches concatenated), a forward with branches on
# self.training and a named-tuple output; capture inside a branch.
googlenet = torchvision.models.googlenet(num_classes=10, aux_logits=False, init_weights=True).eval()
small = torch.rand(2, 3, 64, 64)
branches = ["inception3a.branch2.1.conv", "inception4a", "fc"]
reference, _ = hooked(googlenet, branches, small)
path = os.path.join(nt.OUTPUT, "googlenet_scripted.pt")
torch.jit.script(googlenet).save(path)
inception = ActivationExtraction(Input=table_source(small.numpy(), [0, 1]), ModelFile=path, Layers=branches,
                                 IncludeInput=0)
captured = blocks(nt.fetch(inception))
nt.check(list(captured) == branches, "GoogLeNet blocks: %s" % list(captured))
for layer in branches:
    if layer in captured:
        ours = np.asarray(column(captured[layer], "Activations"))
        nt.check_close(float(np.abs(ours - reference[layer]).max()), 0.0, 1e-5,
                       "scripted GoogLeNet %s equals the PyTorch forward hook" % layer)
Delete(inception)

# 4. Bad input: a clear error and an empty output, never a crash.
corrupt = os.path.join(nt.OUTPUT, "corrupt.pt")
with open(corrupt, "w") as stream:
    stream.write("not a model")
for label, kwargs in (("missing model", dict(ModelFile=os.path.join(nt.OUTPUT, "absent.pt"))),
                      ("corrupt model", dict(ModelFile=corrupt)),
                      ("unknown layer", dict(ModelFile=model_path, Layers=["conv9"])),
                      ("memory limit", dict(ModelFile=model_path, Layers=["conv1"], MemoryLimitMB=1)),
                      ("a batch size of 0", dict(ModelFile=model_path, BatchSize=0))):
    bad = ActivationExtraction(Input=images, **kwargs)
    nt.check(nt.fetch(bad).GetNumberOfBlocks() == 0, "%s gives an empty output" % label)
    Delete(bad)
wrong_shape = ActivationExtraction(Input=source, ModelFile=model_path, Layers=["fc2"])
nt.check(nt.fetch(wrong_shape).GetNumberOfBlocks() == 0, "3 x 32 x 32 samples into a 1 x 28 x 28 model: empty output")
nan_pixels = samples.numpy().copy()
nan_pixels[2, 0, 5, 5] = np.nan
nan_extraction = ActivationExtraction(Input=table_source(nan_pixels, [0] * 6), ModelFile=path, Layers=["fc"])
nt.check(nt.fetch(nan_extraction).GetNumberOfBlocks() == 0, "NaN pixels: empty output")
empty_extraction = ActivationExtraction(Input=table_source(np.zeros((0, 1, 28, 28)), []), ModelFile=model_path)
nt.check(nt.fetch(empty_extraction).GetNumberOfBlocks() == 0, "an empty table: empty output")

nt.finish()
