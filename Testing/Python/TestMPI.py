"""MPI: `mpirun -np 2 pvbatch`, and pvpython connected to `mpirun -np 2 pvserver`, share the
samples between the ranks and give the same result as one process.

Runs mpi_pipeline.py (IDXReader 1,000 -> PCAReduction -> UMAPEmbedding -> EmbeddingQuality, and
IDXReader -> ActivationExtraction of fc2, and fc2 over three epochs -> AlignedUMAP across them;
fixed seeds and thread counts) once in one
pvbatch process and once under `mpirun -np 2 pvbatch`, and checks that under MPI rank 0 holds
half the rows of the reader, and of PCA and UMAP (which gather every rank's rows, then give each
rank its own back), that no sample is counted twice, and that the embeddings, metrics and
activations equal the single process's; that the Grand Tour view's picture under MPI (the
ranks' pictures composited by ParaView: samples, axes, a centroid handle, the legend) equals the
single process's; and that a rubber band selects the same samples as in one process (ParaView
5.11 loses the other ranks' picks: the last rank picks every row, and the selection is given
back to the ranks holding them).
"""
# requires: models
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
PVPYTHON = shutil.which("pvpython") or os.path.join(os.path.dirname(sys.executable), "pvpython")
MPIRUN = shutil.which("mpirun")
MPI_OPTIONS = ["--allow-run-as-root", "--oversubscribe", "--bind-to", "none",
               "-x", "OMP_NUM_THREADS", "-np", "2"]
# pvpython may have initialised MPI itself: its Open MPI/PMIx variables would make a child
# mpirun believe it runs inside a job (and exit 1 at once).
CHILD_ENV = {key: value for key, value in os.environ.items()
             if not key.startswith(("OMPI_", "PMIX_", "OPAL_", "PRTE_"))}


def run(name, prefix, program=(PVBATCH, "--force-offscreen-rendering"), connection=()):
    output = os.path.join(nt.OUTPUT, "mpi", name)
    shutil.rmtree(output, ignore_errors=True)
    command = prefix + list(program) + [
        DRIVER, nt.PLUGIN, nt.FASHION_MNIST, os.path.join(nt.MODELS, "fashion_cnn_epoch2.pt"),
        output] + [str(c) for c in connection]
    env = CHILD_ENV
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
# The same thread settings in every process. (With 1 thread per rank the results differ in their
# last bits, as PCA's Eigen products split their sums by OpenMP's thread count, and UMAP's SGD
# carries that on: 10-NN accuracy 0.747 against 0.751.)
os.environ["OMP_NUM_THREADS"] = "2"
CHILD_ENV["OMP_NUM_THREADS"] = "2"
serial, serial_log = run("serial", [])
parallel, parallel_log = run("mpi2", [MPIRUN] + MPI_OPTIONS)
# The same pipeline from pvpython connected to `mpirun -np 2 pvserver`, rendered there.
server_log_path = os.path.join(nt.OUTPUT, "mpi", "pvserver2.log")
os.makedirs(os.path.dirname(server_log_path), exist_ok=True)
server, port, server_log = nt.start_server(server_log_path, prefix=[MPIRUN] + MPI_OPTIONS,
                                           env=CHILD_ENV)
try:
    nt.check(server.poll() is None and nt.listening(port),
             "mpirun -np 2 pvserver listens on port %d (log: %s)" % (port, server_log_path))
    remote, remote_log = run("pvserver2", [], program=(PVPYTHON,),
                             connection=(port, nt.CONNECT_ID))
finally:
    nt.stop_server(server, server_log)
try:
    summaries = [json.load(open(os.path.join(d, "summary.json"))) for d in (serial, parallel)]
    nt.check([s["processes"] for s in summaries] == [1, 2],
             "data partitions: %r" % [s["processes"] for s in summaries])
    for stage, rank0 in (("reader", 500), ("pca", 500), ("umap", 500), ("quality", 1)):
        got = [s[stage]["rank0_rows"] for s in summaries]
        expected = [1000 if stage != "quality" else 1, rank0]
        nt.check(got == expected, "%s rows on rank 0 (serial, mpi): %r, expected %r (each rank "
                 "holds its own samples; summaries stay on rank 0)" % (stage, got, expected))
    for stage, rows in (("reader", 1000), ("pca", 1000), ("umap", 1000), ("quality", 1),
                        ("extraction", 1000)):
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

    activations = [table(os.path.join(d, "fc2.csv")) for d in (serial, parallel)]
    nt.check(activations[1].get("SampleId") == [str(i) for i in range(1000)],
             "fc2 rows of both ranks, in rank order: %r..." % activations[1].get("SampleId", [])[:3])
    for column in sorted(c for c in activations[0] if c.startswith("Activations")):
        nt.check(same_numbers(activations[0][column], activations[1].get(column, []), 1e-5),
                 "fc2 %s equal in one process and under mpirun -np 2" % column)

    # LibTorch's sums depend on how a batch is made up (each rank's batches hold other
    # images), so fc2 agrees to ~4e-6, not to the bit, and UMAP's SGD makes that another
    # layout: the aligned embeddings are compared by what they show instead.
    import numpy
    labels = {int(i): int(l) for i, l in zip(embeddings[0]["SampleId"], embeddings[0]["Label"])}

    def knn_accuracy(columns):
        points = numpy.array([[float(v) for v in columns[c]] for c in ("Embedding:0", "Embedding:1")]).T
        classes = numpy.array([labels[int(i)] for i in columns["SampleId"]])
        distances = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
        numpy.fill_diagonal(distances, numpy.inf)
        nearest = numpy.argsort(distances, axis=1)[:, :10]
        votes = numpy.array([numpy.bincount(classes[row], minlength=10).argmax() for row in nearest])
        return float((votes == classes).mean())

    for step in (0, 1, 2):
        aligned = [table(os.path.join(d, "aligned_t%d.csv" % step)) for d in (serial, parallel)]
        nt.check(aligned[1].get("SampleId") == [str(i) for i in range(1000)],
                 "aligned UMAP, time step %d: every rank's rows in order under MPI" % step)
        accuracies = [knn_accuracy(a) for a in aligned]
        nt.check(abs(accuracies[0] - accuracies[1]) <= 0.03,
                 "aligned UMAP at time step %d: 10-NN accuracy %.3f in one process, %.3f under "
                 "MPI" % (step, accuracies[0], accuracies[1]))

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

for name, directory in (("mpirun -np 2 pvbatch", parallel),
                        ("pvpython on mpirun -np 2 pvserver", remote)):
    try:
        summary = json.load(open(os.path.join(directory, "summary.json")))
        nt.check(summary["processes"] == 2, "%s: data partitions %r" % (name,
                                                                        summary["processes"]))
        embedding = table(os.path.join(directory, "embedding.csv"))
        nt.check(all(same_numbers(embeddings[0][c], embedding.get(c, [])) for c in embeddings[0]),
                 "%s: the embedding equals one process's" % name)
        selected = [set(json.load(open(os.path.join(serial, "summary.json")))["selected"]),
                    set(summary["selected"])]
        nt.check(len(selected[0]) > 50 and selected[0] == selected[1] and
                 any(i < 500 for i in selected[1]) and any(i >= 500 for i in selected[1]),
                 "%s: a rubber band selects the samples one process does, of both ranks: %d of "
                 "%d (one process); missing %r, extra %r" % (
                     name, len(selected[1]), len(selected[0]),
                     sorted(selected[0] - selected[1])[:5], sorted(selected[1] - selected[0])[:5]))
    except (OSError, ValueError, KeyError, NameError) as error:
        nt.check(False, "%s: reading the results: %r" % (name, error))
    pictures = [os.path.join(d, "tour.png") for d in (serial, directory)]
    if all(os.path.exists(p) for p in pictures):
        error = nt.image_error(pictures[1], pictures[0])
        nt.check(error <= 10.0, "%s: the Grand Tour view's picture differs from one process's: "
                 "error %.2f (see %s)" % (name, error, pictures[1]))
    else:
        nt.check(False, "%s: a Grand Tour picture is missing: %s" % (name, pictures))
for name, log in (("serial", serial_log), ("mpi", parallel_log), ("pvserver", remote_log)):
    errors = [line for line in log.splitlines() if "ERR|" in line or "ERROR:" in line]
    nt.check(not errors, "%s run reports no error: %r" % (name, errors[:3]))
nt.finish()
