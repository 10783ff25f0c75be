#!/usr/bin/python3
"""Our Aligned UMAP vs umap-learn's AlignedUMAP, side by side in one run.

Usage: /usr/bin/python3 aligned_umap_benchmark.py <build-dir> [--slices 10] [--samples 10000]

Data: the first `samples` Fashion-MNIST images reduced to 50 PCA dimensions, one slice per
"epoch" with growing Gaussian noise (identity relations between slices). Reports seconds, the
ratio, peak memory, and the mean displacement of a sample between consecutive slices relative
to the embedding's spread (lower = better aligned), plus the mean 10-NN accuracy per slice.
umap-learn is warmed up on a small AlignedUMAP first so numba compilation is not timed.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from umap_benchmark import fashion, run_measured  # noqa: E402

PEER = r"""
import sys, time, json, numpy as np, umap
count, rows, cols = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(count, rows, cols)
relations = [{i: i for i in range(rows)} for _ in range(count - 1)]
warm = [s[:5000] for s in x[:2]]
umap.AlignedUMAP().fit(warm, relations=[{i: i for i in range(5000)}])
start = time.perf_counter()
model = umap.AlignedUMAP().fit(list(x), relations=relations)
seconds = time.perf_counter() - start
np.stack(model.embeddings_).astype(np.float32).tofile(sys.argv[5])
print(json.dumps({"total": seconds}))
"""


def displacement(embeddings):
    shifts = []
    for a, b in zip(embeddings[:-1], embeddings[1:]):
        spread = np.sqrt(((a - a.mean(0)) ** 2).sum(1).mean())
        shifts.append(np.linalg.norm(a - b, axis=1).mean() / spread)
    return float(np.mean(shifts))


def accuracy(embeddings, labels):
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    return float(np.mean([cross_val_score(KNeighborsClassifier(10), e, labels, cv=folds).mean()
                          for e in embeddings]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=os.environ.get("NEUROTOUR_BINARY_DIR", "build"))
    parser.add_argument("--slices", type=int, default=10)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    x, y = fashion()
    x, y = x[:args.samples], y[:args.samples]
    centred = x - x.mean(0)
    _, _, vt = np.linalg.svd(centred[:5000], full_matrices=False)
    base = centred @ vt[:50].T
    rng = np.random.default_rng(0)
    noise = 0.05 * base.std()
    slices = np.stack([base + rng.normal(0, noise * (s + 1), base.shape)
                       for s in range(args.slices)]).astype(np.float32)
    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "slices.f32")
        slices.tofile(data)
        shape = [str(args.slices), str(args.samples), "50"]
        ours, ours_peak = run_measured([os.path.join(args.build, "bin", "aligned_umap_driver"), data]
                                       + shape + [str(args.threads), os.path.join(work, "ours.f32")])
        peer, peer_peak = run_measured(["/usr/bin/python3", "-c", PEER, data] + shape
                                       + [os.path.join(work, "peer.f32")])
        shape3 = (args.slices, args.samples, 2)
        ours_e = np.fromfile(os.path.join(work, "ours.f32"), np.float32).reshape(shape3)
        peer_e = np.fromfile(os.path.join(work, "peer.f32"), np.float32).reshape(shape3)
    row = dict(slices=args.slices, samples=args.samples, ours_seconds=ours["total"],
               peer_seconds=peer["total"], ratio=peer["total"] / ours["total"],
               ours_displacement=displacement(ours_e), peer_displacement=displacement(peer_e),
               ours_accuracy=accuracy(ours_e, y), peer_accuracy=accuracy(peer_e, y),
               ours_peak_mb=ours_peak, peer_peak_mb=peer_peak)
    print(json.dumps(row))


if __name__ == "__main__":
    main()
