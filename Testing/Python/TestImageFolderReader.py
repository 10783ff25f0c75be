"""ImageFolderReader against torchvision.datasets.ImageFolder on a folder of PNGs and JPEGs of
every colour mode PIL writes: the same classes, labels and pixels after the same preprocessing
(Resize, CenterCrop, ToTensor, Normalize); and broken folders give an error naming the problem."""
import os
import shutil

import numpy as np
from PIL import Image
from torchvision import datasets, transforms
from vtkmodules.numpy_interface import dataset_adapter as dsa

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
rng = np.random.default_rng(7)


def column(table, name):
    return np.asarray(dsa.WrapDataObject(table).RowData[name])


def field_values(table, name):
    array = table.GetFieldData().GetAbstractArray(name)
    return [array.GetValue(i) for i in range(array.GetNumberOfValues())] if array else []


def picture(height, width, channels):
    """Smooth waves plus noise, so resizing has something to average."""
    y, x = np.mgrid[0:height, 0:width]
    waves = np.stack([128 + 100 * np.sin(x / (3.0 + c) + y / (5.0 + 2 * c))
                      for c in range(channels)], -1)
    return np.clip(waves + rng.normal(0, 12, waves.shape), 0, 255).astype(np.uint8)


def write_folder(root, images):
    """images: {relative path: PIL image}."""
    shutil.rmtree(root, ignore_errors=True)
    for name, image in images.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        image.save(path, **({"quality": 90} if name.lower().endswith((".jpg", ".jpeg")) else {}))


def torchvision_pixels(root, *steps):
    """ImageFolder's samples through transforms.Compose(steps), one flattened row each."""
    dataset = datasets.ImageFolder(root, transform=transforms.Compose(list(steps)))
    rows = np.stack([np.asarray(dataset[i][0]).reshape(-1) for i in range(len(dataset))])
    return dataset, rows


def max_difference(ours, theirs):
    return float(np.abs(ours.astype(np.float64) - theirs.astype(np.float64)).max())


# Every mode, every size (none equal): RGB, RGBA, L, LA, palette with transparency PNGs; RGB,
# grey and CMYK JPEGs; a class's sub-folder; a file of another type, skipped.
palette = Image.fromarray(picture(36, 36, 3)).quantize(64)
palette.info["transparency"] = 0
mixed = os.path.join(nt.OUTPUT, "imagefolder", "mixed")
write_folder(mixed, {
    "bird/a.png": Image.fromarray(picture(30, 40, 3)),
    "bird/b.PNG": Image.fromarray(picture(33, 47, 4)),
    "bird/c.jpg": Image.fromarray(picture(48, 64, 3)),
    "cat/a.png": Image.fromarray(picture(50, 50, 1)[..., 0]),
    "cat/b.png": Image.fromarray(picture(60, 45, 2), "LA"),
    "cat/sub/c.jpeg": Image.fromarray(picture(40, 40, 4), "CMYK"),
    "dog/a.png": palette,
    "dog/b.jpg": Image.fromarray(picture(52, 30, 1)[..., 0]),
})
with open(os.path.join(mixed, "dog", "notes.txt"), "w") as f:
    f.write("not an image")

reader = ImageFolderReader(DirectoryName=mixed, ResizeSize=32, CropSize=28, Normalize=1)
table = nt.fetch(reader)
dataset, expected = torchvision_pixels(
    mixed, transforms.Resize(32), transforms.CenterCrop(28), transforms.ToTensor(),
    transforms.Normalize(MEAN, STD))
pixels = column(table, "Pixels")
nt.check(pixels.shape == expected.shape and pixels.dtype == np.float32,
         "8 normalised images of 3 x 28 x 28 float32: %s %s" % (pixels.shape, pixels.dtype))
nt.check(field_values(table, "LabelNames") == dataset.classes,
         "LabelNames are ImageFolder's classes: %s" % field_values(table, "LabelNames"))
nt.check(column(table, "Label").tolist() == dataset.targets,
         "labels are ImageFolder's: %s" % column(table, "Label").tolist())
nt.check(field_values(table, "SampleShape") == [3, 28, 28] and
         field_values(table, "ImageShape") == [3, 28, 28], "SampleShape and ImageShape 3 28 28")
if pixels.shape == expected.shape:
    difference = max_difference(pixels, expected)
    print("normalised: largest difference from torchvision %.3g (one 8-bit step is %.3g)" % (
        difference, 1 / 255 / max(STD)))
    nt.check(difference <= 1.5 / 255 / min(STD),
             "normalised pixels equal torchvision's within 1.5 / 255 / std: %.3g" % difference)

# The same preprocessing in 8 bits: PIL's resize rounds to bytes, and so do we.
table = nt.fetch(ImageFolderReader(DirectoryName=mixed, ResizeSize=32, CropSize=28))
_, expected = torchvision_pixels(mixed, transforms.Resize(32), transforms.CenterCrop(28),
                                 transforms.PILToTensor())
pixels = column(table, "Pixels")
nt.check(pixels.dtype == np.uint8 and pixels.shape == expected.shape,
         "unnormalised Pixels are uint8 %s" % (pixels.shape,))
if pixels.shape == expected.shape:
    nt.check(np.array_equal(pixels, expected),
             "resized and cropped bytes equal torchvision's: %d of %d differ, by up to %g" % (
                 int((pixels != expected).sum()), pixels.size, max_difference(pixels, expected)))

# Grey: as transforms.Grayscale() before the same steps; Mean and Std's first entries.
table = nt.fetch(ImageFolderReader(DirectoryName=mixed, ColorMode="Grey", ResizeSize=30,
                                   CropSize=29, Normalize=1, Mean=[0.5, 0, 0], Std=[0.25, 1, 1]))
_, expected = torchvision_pixels(
    mixed, transforms.Grayscale(), transforms.Resize(30), transforms.CenterCrop(29),
    transforms.ToTensor(), transforms.Normalize([0.5], [0.25]))
pixels = column(table, "Pixels")
nt.check(pixels.shape == expected.shape and field_values(table, "SampleShape") == [1, 29, 29],
         "Grey gives 1 x 29 x 29 images: %s" % (pixels.shape,))
if pixels.shape == expected.shape:
    difference = max_difference(pixels, expected)
    nt.check(difference <= 1.5 / 255 / 0.25,
             "grey pixels equal torchvision's Grayscale pipeline: %.3g" % difference)

# A cap per class keeps every class: the first image (by name) of each.
table = nt.fetch(ImageFolderReader(DirectoryName=mixed, MaximumNumberOfSamplesPerClass=1,
                                   ResizeSize=32, CropSize=28))
nt.check(column(table, "Label").tolist() == [0, 1, 2],
         "one image per class: labels %s" % column(table, "Label").tolist())

# Images of one size need no preprocessing: Pixels are their bytes, channels first.
same = os.path.join(nt.OUTPUT, "imagefolder", "same")
same_images = {"%s/%d.png" % (name, i): picture(6, 8, 3) for name in ("left", "right")
               for i in range(3)}
write_folder(same, {name: Image.fromarray(array) for name, array in same_images.items()})
table = nt.fetch(ImageFolderReader(DirectoryName=same))
expected = np.stack([same_images[name].transpose(2, 0, 1).reshape(-1)
                     for name in sorted(same_images)])
nt.check(column(table, "Pixels").dtype == np.uint8 and
         np.array_equal(column(table, "Pixels"), expected),
         "equal-sized PNGs read as their bytes, channels first")
nt.check(field_values(table, "SampleShape") == [3, 6, 8] and
         column(table, "SampleId").tolist() == list(range(6)),
         "SampleShape 3 6 8 (height 6, width 8), SampleId 0..5")


# Broken folders: an empty output and one error naming the problem.
def expect_error(proxy, what, *fragments):
    messages = nt.Messages()
    proxy.UpdatePipeline()
    text = messages.text()
    messages.close()
    rows = proxy.GetDataInformation().GetNumberOfRows()
    nt.check(rows == 0 and all(fragment in text for fragment in fragments),
             "%s: an empty output and an error naming %s; got %d rows and %r" % (
                 what, fragments, rows, text[-400:]))


expect_error(ImageFolderReader(DirectoryName=mixed), "images of different sizes, not resized",
             mixed, "Resize Size")
expect_error(ImageFolderReader(DirectoryName=same, CropSize=7), "a crop larger than the images",
             os.path.join(same, "left", "0.png"), "smaller than Crop Size 7")
corrupt = os.path.join(nt.OUTPUT, "imagefolder", "corrupt")
shutil.rmtree(corrupt, ignore_errors=True)
shutil.copytree(same, corrupt)
cut = os.path.join(corrupt, "right", "1.png")
with open(cut, "rb") as f:
    data = f.read()
with open(cut, "wb") as f:
    f.write(data[: len(data) // 2])
expect_error(ImageFolderReader(DirectoryName=corrupt), "a truncated PNG", cut, "truncated")
cut_jpeg = os.path.join(mixed, "bird", "c.jpg")
with open(cut_jpeg, "rb") as f:
    data = f.read()
with open(cut_jpeg, "wb") as f:
    f.write(data[: len(data) // 2])
expect_error(ImageFolderReader(DirectoryName=mixed, ResizeSize=32, CropSize=28),
             "a truncated JPEG", cut_jpeg, "truncated")
os.makedirs(os.path.join(corrupt, "empty"))
os.remove(cut)
expect_error(ImageFolderReader(DirectoryName=corrupt), "an empty class folder",
             "no .png, .jpg or .jpeg image in the class folder empty")
expect_error(ImageFolderReader(DirectoryName=os.path.join(same, "left", "0.png")),
             "a file, not a folder", "is not a directory")
expect_error(ImageFolderReader(DirectoryName=os.path.join(same, "left")),
             "a folder without class folders", "has no class folder")
expect_error(ImageFolderReader(), "no Directory Name", "No DirectoryName")

# With the neurotour module, the error is an exception carrying the message.
import neurotour  # noqa: E402  (UpdatePipeline raises NeuroTourError from here on)
try:
    ImageFolderReader(DirectoryName=os.path.join(same, "missing")).UpdatePipeline()
    nt.check(False, "a missing folder raises NeuroTourError")
except neurotour.NeuroTourError as error:
    nt.check("missing" in str(error), "the error names the folder: %s" % error)

# Abort: the reader stops, its output is empty, and a script learns why; once the flag is
# cleared it reads again.
aborted = ImageFolderReader(DirectoryName=same)
algorithm = aborted.GetClientSideObject()
observer = algorithm.AddObserver("ProgressEvent", lambda caller, event: (
    caller.GetProgress() > 0.1 and caller.SetAbortExecute(1)))
try:
    aborted.UpdatePipeline()
    raised = ""
except neurotour.NeuroTourError as error:
    raised = str(error)
nt.check(raised.startswith("Aborted"),
         "an aborted read raises NeuroTourError saying so: %r" % raised)
nt.check(servermanager.Fetch(aborted).GetNumberOfRows() == 0,
         "an aborted read gives an empty output, again on the next update, quietly")
algorithm.RemoveObserver(observer)
algorithm.SetAbortExecute(0)
algorithm.Modified()
nt.check(nt.fetch(aborted).GetNumberOfRows() == 6, "cleared, the reader reads the 6 images again")

nt.finish()
