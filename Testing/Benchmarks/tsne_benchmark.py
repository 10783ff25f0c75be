#!/usr/bin/python3
"""Our t-SNE vs scikit-learn's TSNE on Fashion-MNIST, side by side in one run.

Usage: /usr/bin/python3 tsne_benchmark.py <build-dir> [--sizes 10000,70000] [--threads 0]

Both run with scikit-learn 1.2's defaults (perplexity 30, 1000 iterations, 250 of them
exaggerated 12 times, PCA initialisation, learning rate n / 12 in our units), on the raw
784-D pixels scaled to [0, 1]; scikit-learn with n_jobs=-1 (its neighbour search and its
Barnes-Hut gradient on every core). For each size: seconds (ours phase by phase), the ratio,
10-NN classification accuracy of the embedding (5-fold), trustworthiness (k = 10, 5,000
samples), and the KL divergence of both embeddings measured exactly (Z over every pair)
against the same P (ours, written by the driver; its neighbours have recall 0.999), beside
each program's own report of it.
"""
import argparse
import json
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from umap_benchmark import fashion, quality, run_measured  # noqa: E402

PEER = r"""
import sys, time, json, numpy as np
from sklearn.manifold import TSNE
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(int(sys.argv[2]), int(sys.argv[3]))
start = time.perf_counter()
model = TSNE(n_components=2, perplexity=30, init="pca", learning_rate="auto", random_state=0,
             n_jobs=-1)
embedding = model.fit_transform(x)
seconds = time.perf_counter() - start
embedding.astype(np.float32).tofile(sys.argv[4])
print(json.dumps({"total": seconds, "kl": float(model.kl_divergence_)}))
"""


def exact_kl(prefix, n, embedding):
    """KL(P || Q) with Z summed over every pair (in blocks), P from the driver's files."""
    starts = np.fromfile(prefix + ".rows", np.int64)
    columns = np.fromfile(prefix + ".columns", np.int32)
    values = np.fromfile(prefix + ".values", np.float32).astype(np.float64)
    rows = np.repeat(np.arange(n), np.diff(starts))
    y = embedding.astype(np.float64)
    squared = (y ** 2).sum(1)
    z = 0.0
    for first in range(0, n, 2000):
        block = squared[first:first + 2000, None] + squared[None, :] - 2.0 * y[first:first + 2000] @ y.T
        z += (1.0 / (1.0 + np.maximum(block, 0.0))).sum()
    z -= n  # the diagonal
    d = ((y[rows] - y[columns]) ** 2).sum(1)
    return float((values * np.log(values * (1.0 + d) * z)).sum())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=os.environ.get("NEUROTOUR_BINARY_DIR", "build"))
    parser.add_argument("--sizes", default="10000,70000")
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    driver = os.path.join(args.build, "bin", "tsne_driver")
    x_all, y_all = fashion()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for n in (int(v) for v in args.sizes.split(",")):
            x, y = x_all[:n], y_all[:n]
            data = os.path.join(work, "data.f32")
            x.tofile(data)
            ours_out, peer_out = os.path.join(work, "ours.f32"), os.path.join(work, "peer.f32")
            prefix = os.path.join(work, "P")
            ours, ours_peak = run_measured([driver, data, str(n), str(x.shape[1]),
                                            str(args.threads), ours_out, prefix])
            peer, peer_peak = run_measured(["/usr/bin/python3", "-c", PEER, data, str(n),
                                            str(x.shape[1]), peer_out])
            ours_y = np.fromfile(ours_out, np.float32).reshape(n, 2)
            peer_y = np.fromfile(peer_out, np.float32).reshape(n, 2)
            ours_q, peer_q = quality(ours_y, y, x), quality(peer_y, y, x)
            row = dict(n=n, ours=ours, peer=peer, ratio=peer["total"] / ours["total"],
                       ours_kl=exact_kl(prefix, n, ours_y), peer_kl=exact_kl(prefix, n, peer_y),
                       ours_accuracy=ours_q[0], peer_accuracy=peer_q[0], ours_trust=ours_q[1],
                       peer_trust=peer_q[1], ours_peak_mb=ours_peak, peer_peak_mb=peer_peak)
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n%-7s %8s %9s %6s %15s %15s %15s %13s" % (
        "n", "ours s", "sklearn s", "ratio", "KL o/s", "10-NN acc o/s", "trust o/s", "peak MB o/s"))
    for r in rows:
        print("%-7d %8.1f %9.1f %6.1f %7.4f/%.4f %7.4f/%.4f %7.4f/%.4f %6.0f/%.0f" % (
            r["n"], r["ours"]["total"], r["peer"]["total"], r["ratio"], r["ours_kl"], r["peer_kl"],
            r["ours_accuracy"], r["peer_accuracy"], r["ours_trust"], r["peer_trust"],
            r["ours_peak_mb"], r["peer_peak_mb"]))


if __name__ == "__main__":
    main()
