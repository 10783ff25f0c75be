"""IDXReader, NumPyReader and the .npz writer on real Fashion-MNIST and on broken files."""
import os
import shutil
import time

import numpy as np
from vtkmodules.numpy_interface import dataset_adapter as dsa

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())


def column(table, name):
    return dsa.WrapDataObject(table).RowData[name]


def field_strings(table, name):
    array = table.GetFieldData().GetAbstractArray(name)
    return [array.GetValue(i) for i in range(array.GetNumberOfValues())] if array else []


# All 60,000 training images, timed for the log (the benchmark, not this test, judges speed).
train = IDXReader(FileName=nt.fashion("train-images-idx3-ubyte.gz"))
start = time.perf_counter()
train.UpdatePipeline()
seconds = time.perf_counter() - start
print("read 60,000 Fashion-MNIST training images in %.2f s" % seconds)
table = nt.fetch(train)
nt.check(table.GetNumberOfRows() == 60000, "60,000 training rows, got %d" % table.GetNumberOfRows())
labels = column(table, "Label")
nt.check(labels[0] == 9, "first training label is 9 (Ankle boot), got %d" % labels[0])
nt.check(np.bincount(labels).tolist() == [6000] * 10, "Fashion-MNIST has 6,000 images per class")
pixels = column(table, "Pixels")
nt.check(pixels.shape == (60000, 784) and pixels.dtype == np.uint8, "Pixels is 60000 x 784 uint8, got %s %s" % (pixels.shape, pixels.dtype))
nt.check(field_strings(table, "LabelNames")[9] == "Ankle boot", "LabelNames[9] is Ankle boot")
shape = table.GetFieldData().GetArray("SampleShape")
nt.check([shape.GetValue(i) for i in range(3)] == [1, 28, 28], "SampleShape is 1 28 28")
nt.check((column(table, "Split") == 0).all(), "the train file has Split 0")
ids = table.GetRowData().GetGlobalIds()
nt.check(ids is not None and ids.GetName() == "SampleId", "SampleId is the row global ids")

# The same pixels as an independent reading of the gzip file.
import gzip
with gzip.open(nt.fashion("train-images-idx3-ubyte.gz")) as f:
    raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(60000, 784)
nt.check(np.array_equal(raw[:100], np.asarray(pixels[:100])), "pixels equal the file's bytes")

# Train and test together: 70,000 rows, Split tells them apart, ids run on.
both = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), CombineTrainAndTest=1)
table = nt.fetch(both)
nt.check(table.GetNumberOfRows() == 70000, "train+test has 70,000 rows, got %d" % table.GetNumberOfRows())
split = column(table, "Split")
nt.check(int((split == 1).sum()) == 10000, "10,000 test rows")
nt.check(int(column(table, "SampleId")[-1]) == 69999, "SampleId runs 0..69999")
nt.check(column(table, "Label")[0] == 9 and split[0] == 0, "train rows come first")

# A cap, and custom class names.
few = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"), MaximumNumberOfSamples=100,
                Dataset="Custom", LabelNames=["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"])
table = nt.fetch(few)
nt.check(table.GetNumberOfRows() == 100, "MaximumNumberOfSamples=100 gives 100 rows")
nt.check(field_strings(table, "LabelNames")[:2] == ["a", "b"], "custom LabelNames")

# Round trip through .npz: written by us, read by NumPy, read back by us.
npz = os.path.join(nt.OUTPUT, "fashion100.npz")
SaveData(npz, proxy=few)
with np.load(npz) as archive:
    nt.check(archive["Pixels"].shape == (100, 784), "numpy reads Pixels (100, 784)")
    nt.check(archive["Label"].tolist() == column(table, "Label").tolist(), "numpy reads the labels")
    nt.check(archive["LabelNames"].tolist()[:2] == ["a", "b"], "numpy reads LabelNames")
back = nt.fetch(NumPyReader(FileNames=[npz], ArrayName="Pixels"))
nt.check(back.GetNumberOfRows() == 100, "NumPyReader reads the 100 rows back")
nt.check(np.array_equal(column(back, "Pixels"), column(table, "Pixels")), "pixels survive the round trip")
nt.check(field_strings(back, "LabelNames")[:2] == ["a", "b"], "LabelNames survive the round trip")

# A series of .npy files is time steps, numbered by the epochs in their names.
series = []
for epoch in (5, 10, 20):
    path = os.path.join(nt.OUTPUT, "embedding_epoch%d.npy" % epoch)
    np.save(path, np.full((50, 2), epoch, dtype=np.float32))
    series.append(path)
reader = NumPyReader(FileNames=series, ArrayName="Embedding")
reader.UpdatePipelineInformation()
nt.check(list(reader.TimestepValues) == [5.0, 10.0, 20.0], "time steps are the epochs, got %s" % list(reader.TimestepValues))
reader.UpdatePipeline(10.0)
value = column(servermanager.Fetch(reader), "Embedding")[0][0]
nt.check(value == 10.0, "time 10 reads the epoch-10 file, got %s" % value)

# Channels-last images (N x H x W x C, as images are usually stored) are moved channels-first,
# the order of the models and the thumbnails; Channel Order says where they are when the
# extents cannot.
rgb = np.random.default_rng(3).integers(0, 256, size=(20, 16, 12, 3), dtype=np.uint8)
np.savez(os.path.join(nt.OUTPUT, "nhwc.npz"), Pixels=rgb, labels=np.arange(20) % 4)
nhwc = nt.fetch(NumPyReader(FileNames=[os.path.join(nt.OUTPUT, "nhwc.npz")], ArrayName="Pixels"))
shape = nhwc.GetFieldData().GetArray("SampleShape")
nt.check([shape.GetValue(i) for i in range(3)] == [3, 16, 12],
         "N x 16 x 12 x 3 images read channels-first: SampleShape %s" %
         [shape.GetValue(i) for i in range(shape.GetNumberOfValues())])
nt.check(np.array_equal(np.asarray(column(nhwc, "Pixels")),
                        rgb.transpose(0, 3, 1, 2).reshape(20, -1)),
         "channels-last pixels equal NumPy's transpose to channels-first")
as_stored = nt.fetch(NumPyReader(FileNames=[os.path.join(nt.OUTPUT, "nhwc.npz")],
                                 ArrayName="Pixels", ChannelOrder="First"))
nt.check(np.array_equal(np.asarray(column(as_stored, "Pixels")), rgb.reshape(20, -1)),
         "Channel Order First keeps the stored order")
np.save(os.path.join(nt.OUTPUT, "either.npy"), np.zeros((5, 3, 4, 4), dtype=np.float32))
either = NumPyReader(FileNames=[os.path.join(nt.OUTPUT, "either.npy")])
messages = nt.Messages()
either.UpdatePipeline()
text = messages.text()
messages.close()
nt.check(either.GetDataInformation().GetNumberOfRows() == 0 and "set ChannelOrder" in text,
         "5 x 3 x 4 x 4 images (channels 3 first or 4 last) give an error asking for Channel "
         "Order: %r" % text[-200:])
either.ChannelOrder = "Last"
nt.check(nt.fetch(either).GetNumberOfRows() == 5, "with Channel Order Last they read")

# CIFAR-10 binary batches (the Grand Tour article's third data set): label byte + 3 x 32 x 32
# image per record; two batch files read into one table, channels first; class names from
# batches.meta.txt, else CIFAR-10's own.
cifar_dir = os.path.join(nt.OUTPUT, "cifar-10-batches-bin")
os.makedirs(cifar_dir, exist_ok=True)
cifar_images = np.random.default_rng(5).integers(0, 256, size=(7, 3, 32, 32), dtype=np.uint8)
cifar_labels = np.array([3, 1, 4, 1, 5, 9, 2], dtype=np.uint8)
for name, rows in (("data_batch_1.bin", slice(0, 4)), ("data_batch_2.bin", slice(4, 7))):
    records = np.concatenate([cifar_labels[rows, None], cifar_images[rows].reshape(-1, 3072)], 1)
    records.astype(np.uint8).tofile(os.path.join(cifar_dir, name))
cifar = CIFAR10Reader(FileNames=[os.path.join(cifar_dir, n) for n in ("data_batch_1.bin",
                                                                     "data_batch_2.bin")])
cifar_table = nt.fetch(cifar)
cifar_shape = cifar_table.GetFieldData().GetArray("SampleShape")
nt.check(cifar_table.GetNumberOfRows() == 7 and
         [cifar_shape.GetValue(i) for i in range(3)] == [3, 32, 32],
         "two CIFAR-10 batches give 7 images of 3 x 32 x 32")
nt.check(np.array_equal(np.asarray(column(cifar_table, "Pixels")), cifar_images.reshape(7, -1)) and
         np.array_equal(np.asarray(column(cifar_table, "Label")), cifar_labels),
         "CIFAR-10 pixels (channels first) and labels equal the records")
nt.check(field_strings(cifar_table, "LabelNames")[:2] == ["airplane", "automobile"],
         "CIFAR-10 class names: %s" % field_strings(cifar_table, "LabelNames"))
cifar.MaximumNumberOfSamples = 5
nt.check(nt.fetch(cifar).GetNumberOfRows() == 5, "Maximum Number Of Samples reads across batches")
with open(os.path.join(cifar_dir, "data_batch_1.bin"), "ab") as f:
    f.write(b"\0")  # no longer a whole number of records

# Broken input: an error naming the problem, an empty output, no crash.
def expect_empty(proxy, what):
    proxy.UpdatePipeline()
    rows = proxy.GetDataInformation().GetNumberOfRows()
    nt.check(rows == 0, "%s gives an empty output, got %d rows" % (what, rows))

cut = os.path.join(nt.OUTPUT, "cut-images-idx3-ubyte.gz")
with open(nt.fashion("t10k-images-idx3-ubyte.gz"), "rb") as f:
    data = f.read()
with open(cut, "wb") as f:
    f.write(data[: len(data) // 3])
expect_empty(IDXReader(FileName=cut), "a truncated gzip")
expect_empty(IDXReader(FileName=os.path.join(nt.OUTPUT, "missing-images-idx3-ubyte.gz")), "a missing file")
mismatch = os.path.join(nt.OUTPUT, "mismatch-images-idx3-ubyte.gz")
shutil.copyfile(nt.fashion("t10k-images-idx3-ubyte.gz"), mismatch)
shutil.copyfile(nt.fashion("train-labels-idx1-ubyte.gz"), os.path.join(nt.OUTPUT, "mismatch-labels-idx1-ubyte.gz"))
expect_empty(IDXReader(FileName=mismatch), "10,000 images with 60,000 labels")
expect_empty(NumPyReader(FileNames=[os.path.join(nt.DATA, "object.npy")]), "an object-dtype .npy")
expect_empty(CIFAR10Reader(FileNames=[os.path.join(cifar_dir, "data_batch_1.bin")]),
             "a CIFAR-10 batch that is not a whole number of records")
expect_empty(NumPyReader(FileNames=[os.path.join(nt.DATA, "plain.npz")], ArrayName="Nope"), "an unknown .npz array")

# A 35-byte raw IDX whose extents multiply past 2^63: the reader tried a 2.8e18-value array.
wrapping = os.path.join(nt.OUTPUT, "wrapping-images-idx3-ubyte")
with open(wrapping, "wb") as f:
    f.write(bytes([0, 0, 8, 3, 255, 255, 255, 255, 0, 1, 0, 0, 0, 1, 0, 0]) + bytes(range(19)))
expect_empty(IDXReader(FileName=wrapping), "an IDX header whose size passes 2^63 bytes")

# The ranges the reader caches for ParaView's data information equal the ones VTK computes:
# each component's range (NaN skipped, infinities kept) and finite range, the tuples' L2-norm
# ranges; and NaN is still reported.
values = np.random.default_rng(3).normal(size=(200, 6)).astype(np.float32)
values[5, 2] = np.nan
values[7, 4] = np.inf
values[9, 1] = -np.inf
ranged = os.path.join(nt.OUTPUT, "ranges.npy")
np.save(ranged, values)
messages = nt.Messages()
range_reader = NumPyReader(FileNames=[ranged])
range_reader.UpdatePipeline()
column = range_reader.GetClientSideObject().GetOutputDataObject(0).GetColumnByName("Activations")
messages.close()
from vtkmodules.vtkCommonCore import vtkAbstractArray, vtkDataArray  # noqa: E402
info = column.GetInformation()
nt.check(all(info.Has(key) for key in (vtkAbstractArray.PER_COMPONENT(),
                                       vtkAbstractArray.PER_FINITE_COMPONENT(),
                                       vtkDataArray.L2_NORM_RANGE(),
                                       vtkDataArray.L2_NORM_FINITE_RANGE())),
         "the reader filled VTK's range cache before anyone asked")
nt.check("3 NaN or infinite values" in messages.text(), "non-finite values reported: %r"
         % messages.text()[-200:])
finite = np.where(np.isfinite(values), values, np.nan)
norms = np.linalg.norm(values.astype(np.float64), axis=1)
expected = {
    "range": [(np.nanmin(values[:, c]), np.nanmax(values[:, c])) for c in range(6)],
    "finite": [(np.nanmin(finite[:, c]), np.nanmax(finite[:, c])) for c in range(6)],
    "norm": (np.nanmin(norms), np.nanmax(norms)),
    "finite norm": (norms[np.isfinite(norms)].min(), norms[np.isfinite(norms)].max())}
cached = {"range": [tuple(column.GetRange(c)) for c in range(6)],
          "finite": [tuple(column.GetFiniteRange(c)) for c in range(6)],
          "norm": tuple(column.GetRange(-1)), "finite norm": tuple(column.GetFiniteRange(-1))}
for key in expected:
    nt.check(np.allclose(np.array(cached[key], dtype=float), np.array(expected[key], dtype=float),
                         rtol=1e-6, equal_nan=False),
             "cached %s equals NumPy's: %r vs %r" % (key, cached[key], expected[key]))

# Crafted .npy headers that crashed the reader (issue #13), and shapes it read wrongly.
def crafted_npy(name, shape, descr="<f4", data=b"", version=1):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    prefix = 10 if version == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    size = len(header).to_bytes(prefix - 8, "little")
    path = os.path.join(nt.OUTPUT, name)
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY" + bytes([version, 0]) + size + header.encode() + data)
    return path

for name, shape, what, extra in [
        ("huge-extent.npy", "(100000000000000000000000, 2)", "an extent past 2^63", {}),
        ("negative.npy", "(-5, 2)", "a negative extent", {"data": bytes(40)}),
        ("no-features.npy", "(4, 0)", "samples of no values", {}),
        ("wrapping.npy", "(281474976710656,)", "2^48 items of 64 KiB", {"descr": "<U16384"}),
        ("long-header.npy", "(" + "1, " * 100000 + ")", "a 300 KB header", {"version": 2})]:
    expect_empty(NumPyReader(FileNames=[crafted_npy(name, shape, **extra)]), what)

nt.finish()
