"""Writes the tiny NumPy and IDX fixtures of Testing/Data (run with Debian's /usr/bin/python3).

NumPy itself writes the .npy/.npz files, so the tests check our parser against the real
format, including the variants NumPy produces: Fortran order, big-endian, deflated .npz."""
import gzip
import struct

import numpy as np

values = np.arange(12, dtype=np.float32).reshape(3, 4) / 4.0
np.save("float32_c.npy", values)
np.save("float64_fortran.npy", np.asfortranarray(values.astype(np.float64)))
np.save("int16_bigendian.npy", np.arange(-3, 3, dtype=">i2").reshape(2, 3))
np.save("uint8_rank3.npy", np.arange(2 * 2 * 3, dtype=np.uint8).reshape(2, 2, 3))
np.save("object.npy", np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
np.savez("plain.npz", Activations=values, Label=np.array([2, 0, 1], dtype=np.int64),
         LabelNames=np.array(["zero", "one", "two"]))
np.savez_compressed("deflated.npz", Embedding=values[:, :2].copy(), labels=np.array([1, 1, 0], dtype=np.int32))


def idx(path, type_code, shape, payload, compress):
    header = struct.pack(">BBBB", 0, 0, type_code, len(shape)) + b"".join(struct.pack(">I", s) for s in shape)
    opener = gzip.open if compress else open
    with opener(path, "wb") as f:
        f.write(header + payload)


images = np.arange(5 * 2 * 3, dtype=np.uint8).reshape(5, 2, 3)
idx("tiny-images-idx3-ubyte.gz", 0x08, images.shape, images.tobytes(), True)
idx("tiny-labels-idx1-ubyte.gz", 0x08, (5,), bytes([3, 1, 4, 1, 5]), True)
idx("tiny-images-idx3-ubyte", 0x08, images.shape, images.tobytes(), False)
idx("tiny-labels-idx1-ubyte", 0x08, (5,), bytes([3, 1, 4, 1, 5]), False)
