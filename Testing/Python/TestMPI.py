"""MPI: `mpirun -np 2 pvbatch` gives the same result as one process.

Runs mpi_pipeline.py (IDXReader 1,000 -> PCAReduction -> UMAPEmbedding -> EmbeddingQuality,
fixed seed and thread count) once in one pvbatch process and once under
`mpirun -np 2 pvbatch`, and compares what SaveData wrote: the same 1,000 samples (the readers put
every sample on piece 0, so none is duplicated), equal embeddings and equal metrics, and no
error from the rank that holds no samples.
"""
import csv
import json
import os
import shutil
import subprocess
import sys

import neurotour_testing as nt

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "mpi_pipeline.py")
PVBATCH = shutil.which("pvbatch") or os.path.join(os.path.dirname(sys.executable), "pvbatch")
MPIRUN = shutil.which("mpirun")


def run(name, prefix):
    output = os.path.join(nt.OUTPUT, "mpi", name)
    shutil.rmtree(output, ignore_errors=True)
    command = prefix + [PVBATCH, "--force-offscreen-rendering", DRIVER, nt.PLUGIN,
                        nt.FASHION_MNIST, output]
    # pvpython may have initialised MPI itself: its Open MPI/PMIx variables would make the
    # child mpirun believe it runs inside a job (and exit 1 at once).
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("OMPI_", "PMIX_", "OPAL_", "PRTE_"))}
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                              timeout=400, universal_newlines=True)
        log, code = done.stdout, done.returncode
    except subprocess.TimeoutExpired as timeout:
        log, code = str(timeout.output or ""), "timeout"
    print("--- %s (%s): exit %s\n%s" % (name, " ".join(command), code, log[-3000:]))
    nt.check(code == 0, "%s run exits cleanly: %s" % (name, code))
    return output, log


def table(path):
    """A CSV written by SaveData as {column: [values]} (the parallel writer orders columns
    differently, so columns are matched by name)."""
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {key: [row[key] for row in rows] for key in (rows[0].keys() if rows else [])}


def same_numbers(a, b, tolerance=1e-6):
    return len(a) == len(b) and all(abs(float(x) - float(y)) <= tolerance * max(1.0, abs(float(x)))
                                    for x, y in zip(a, b))


nt.check(MPIRUN is not None, "mpirun is installed (Debian: openmpi-bin)")
serial, serial_log = run("serial", [])
parallel, parallel_log = run("mpi2", [MPIRUN, "--allow-run-as-root", "--oversubscribe",
                                      "--bind-to", "none", "-np", "2"])
try:
    summaries = [json.load(open(os.path.join(d, "summary.json"))) for d in (serial, parallel)]
    nt.check([s["processes"] for s in summaries] == [1, 2],
             "data partitions: %r" % [s["processes"] for s in summaries])
    for stage, rows in (("reader", 1000), ("pca", 1000), ("umap", 1000), ("quality", 1)):
        got = [s[stage]["rows"] for s in summaries]
        nt.check(got == [rows, rows], "%s rows over all ranks (serial, mpi): %r, expected %d "
                 "(no sample counted twice)" % (stage, got, rows))
        nt.check(summaries[0][stage]["columns"] == summaries[1][stage]["columns"],
                 "%s columns: %r vs %r" % (stage, summaries[0][stage]["columns"],
                                           summaries[1][stage]["columns"]))

    embeddings = [table(os.path.join(d, "embedding.csv")) for d in (serial, parallel)]
    nt.check(sorted(embeddings[0]) == sorted(embeddings[1]) and
             len(embeddings[1].get("SampleId", [])) == 1000,
             "embedding tables: columns %r vs %r" % (sorted(embeddings[0]), sorted(embeddings[1])))
    for column in sorted(embeddings[0]):
        nt.check(same_numbers(embeddings[0][column], embeddings[1].get(column, [])),
                 "column %s equal in one process and under mpirun -np 2" % column)

    metrics = [table(os.path.join(d, "quality.csv")) for d in (serial, parallel)]
    for column in ("SameClassDistance", "DifferentClassDistance", "CentroidSpread",
                   "CentroidSeparation", "KNNAccuracy", "Trustworthiness", "Continuity",
                   "NumberOfPoints"):
        values = [m.get(column) for m in metrics]
        nt.check(values[0] is not None and same_numbers(values[0], values[1] or []),
                 "metric %s (serial, mpi): %r" % (column, values))
    nt.check(0.6 < float(metrics[1]["KNNAccuracy"][0]) <= 1.0,
             "the embedding separates classes: kNN accuracy %s" % metrics[1]["KNNAccuracy"])
except (OSError, ValueError, KeyError, IndexError) as error:
    nt.check(False, "reading the results: %r" % error)

for name, log in (("serial", serial_log), ("mpi", parallel_log)):
    errors = [line for line in log.splitlines() if "ERR|" in line or "ERROR:" in line]
    nt.check(not errors, "%s run reports no error (the empty rank passes empty tables on): %r"
             % (name, errors[:3]))
nt.finish()
