#!/usr/bin/python3
"""Our UMAP vs umap-learn on Fashion-MNIST, side by side in one run.

Usage: /usr/bin/python3 umap_benchmark.py <build-dir> [--quick] [--cases 10000x2,70000x2,...]

For each case (samples x output dimension): seconds (ours: phase by phase), the ratio, 10-NN
classification accuracy of the embedding (5-fold, stratified, shuffled with seed 0),
trustworthiness (k = 10) on a fixed 5,000-sample subset, and peak resident memory of each
process. umap-learn runs unseeded (its fastest, Hogwild SGD) after a warm-up on 5,000 points,
so neither its numba compilation nor pynndescent's lands in the timing.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(os.path.join(DATA, name)) as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion():
    x = np.concatenate([idx("train-images-idx3-ubyte.gz"), idx("t10k-images-idx3-ubyte.gz")])
    y = np.concatenate([idx("train-labels-idx1-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz")])
    return (x.reshape(len(x), -1) / np.float32(255)).astype(np.float32), y.astype(int)


PEER = r"""
import sys, time, json, numpy as np, umap
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(int(sys.argv[2]), int(sys.argv[3]))
umap.UMAP(n_components=int(sys.argv[4])).fit_transform(x[:5000])  # JIT warm-up, > 4096 points
start = time.perf_counter()
embedding = umap.UMAP(n_components=int(sys.argv[4])).fit_transform(x)
seconds = time.perf_counter() - start
embedding.astype(np.float32).tofile(sys.argv[5])
print(json.dumps({"total": seconds}))
"""


def run_measured(command):
    """Runs a command under /usr/bin/time; returns (last stdout line as JSON, peak RSS MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", timing.name] + command,
                                capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit("failed: %s\n%s" % (" ".join(command), result.stderr[-2000:]))
        peak = int(timing.read().strip().splitlines()[-1]) / 1024.0
    return json.loads(result.stdout.strip().splitlines()[-1]), peak


def quality(embedding, labels, sample_x):
    from sklearn.manifold import trustworthiness
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    accuracy = cross_val_score(KNeighborsClassifier(10), embedding, labels, cv=folds).mean()
    subset = np.random.default_rng(0).choice(len(embedding), min(5000, len(embedding)), replace=False)
    trust = trustworthiness(sample_x[subset], embedding[subset], n_neighbors=10)
    return accuracy, trust


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=os.environ.get("NEUROTOUR_BINARY_DIR", "build"))
    parser.add_argument("--cases", default="10000x2,10000x15,70000x2,70000x15")
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    driver = os.path.join(args.build, "bin", "umap_driver")
    x_all, y_all = fashion()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for case in args.cases.split(","):
            n, dims = (int(v) for v in case.split("x"))
            x, y = x_all[:n], y_all[:n]
            data = os.path.join(work, "data.f32")
            x.tofile(data)
            ours_out, peer_out = os.path.join(work, "ours.f32"), os.path.join(work, "peer.f32")
            ours, ours_peak = run_measured([driver, data, str(n), str(x.shape[1]), str(dims),
                                            str(args.threads), ours_out])
            peer, peer_peak = run_measured(["/usr/bin/python3", "-c", PEER, data, str(n),
                                            str(x.shape[1]), str(dims), peer_out])
            ours_q = quality(np.fromfile(ours_out, np.float32).reshape(n, dims), y, x)
            peer_q = quality(np.fromfile(peer_out, np.float32).reshape(n, dims), y, x)
            row = dict(case=case, ours=ours, peer_seconds=peer["total"],
                       ratio=peer["total"] / ours["total"], ours_accuracy=ours_q[0],
                       peer_accuracy=peer_q[0], ours_trust=ours_q[1], peer_trust=peer_q[1],
                       ours_peak_mb=ours_peak, peer_peak_mb=peer_peak)
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n%-10s %9s %9s %6s %15s %15s %15s" % (
        "case", "ours s", "umap s", "ratio", "10-NN acc o/u", "trust o/u", "peak MB o/u"))
    for r in rows:
        print("%-10s %9.1f %9.1f %6.2f %7.4f/%.4f %7.4f/%.4f %7.0f/%.0f" % (
            r["case"], r["ours"]["total"], r["peer_seconds"], r["ratio"], r["ours_accuracy"],
            r["peer_accuracy"], r["ours_trust"], r["peer_trust"], r["ours_peak_mb"],
            r["peer_peak_mb"]))


if __name__ == "__main__":
    main()
