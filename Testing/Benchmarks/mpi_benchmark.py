"""Data parallelism under MPI: `mpirun -np 2 pvbatch` against one pvbatch process with 2 threads,
on this machine, for the two workloads #17 names.

1. Extraction: 10,000 Fashion-MNIST test images as 3 x side x side RGB (channels-last .npy)
   through a torchvision ResNet-18 (random weights, scripted), layers conv1, layer1..4 and
   avgpool pooled to <= 4 x 4: NumPyReader -> ActivationExtraction. Under MPI each rank reads
   and extracts its own 5,000 rows.
2. The main job (Examples/MainJob.py, 10,000 images, its checkpoints reused): under MPI the
   extraction runs on both ranks, UMAP and the metrics on rank 0 over every rank's rows.

Same total thread count: OMP_NUM_THREADS=2 for one process, 1 per rank. Prints seconds, the
speed-up and the peak memory (RSS) of every process.
Usage: /usr/bin/python3 Testing/Benchmarks/mpi_benchmark.py [--side 64] [--skip-main-job]
(side 224 is the UMAP Tour's; 64 keeps the run near 10 minutes here)
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from umap_tour_workload_benchmark import rgb_fashion_and_resnet  # noqa: E402
ROOT = os.path.join(HERE, "..", "..")
BUILD = os.environ.get("NEUROTOUR_BINARY_DIR", os.path.join(ROOT, "build"))
PLUGIN = os.environ.get("NEUROTOUR_PLUGIN", os.path.join(
    BUILD, "lib", "paraview-5.11", "plugins", "NeuroTour", "NeuroTour.so"))
LAYERS = "conv1,layer1,layer2,layer3,layer4,avgpool"

EXTRACTION = r"""
import sys, time
from paraview.simple import *
plugin, images, model, layers = sys.argv[1:5]
LoadPlugin(plugin, ns=globals())
import neurotour  # noqa: E402  (a filter's error then stops the run)
reader = NumPyReader(FileNames=[images], ArrayName="Pixels", ChannelOrder="Last")
extraction = ActivationExtraction(Input=reader, ModelFile=model, Layers=layers.split(","),
                                  PooledSize=4, IncludeInput=0)
start = time.perf_counter()
extraction.UpdatePipeline()
print("seconds %.2f rows %d" % (time.perf_counter() - start,
                                extraction.GetDataInformation().GetNumberOfRows()))
"""


def measured(command, ranks, env, work):
    """Runs `command` in one process or under mpirun; returns (wall seconds, peak MB per
    process, output)."""
    memory = os.path.join(work, "memory")
    shutil.rmtree(memory, ignore_errors=True)
    os.makedirs(memory)
    timed = ["/usr/bin/time", "-f", "%M", "-o"]
    if ranks == 1:
        full = timed + [os.path.join(memory, "rank0")] + command
    else:
        # Each rank writes its own peak (Open MPI numbers them in OMPI_COMM_WORLD_RANK).
        inner = " ".join(timed) + ' "%s/rank$OMPI_COMM_WORLD_RANK" "$@"' % memory
        full = ["mpirun", "--allow-run-as-root", "--oversubscribe", "--bind-to", "none",
                "-x", "OMP_NUM_THREADS", "-x", "PYTHONPATH", "-np", str(ranks),
                "sh", "-c", inner, "sh"] + command
    # A pvpython parent's own Open MPI variables would make mpirun think it runs inside a job.
    clean = {k: v for k, v in env.items()
             if not k.startswith(("OMPI_", "PMIX_", "OPAL_", "PRTE_"))}
    start = time.perf_counter()
    result = subprocess.run(full, capture_output=True, text=True, env=clean)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("failed (%d ranks): %s\n%s" % (ranks, " ".join(command[:3]),
                                                (result.stdout + result.stderr)[-3000:]))
    peaks = [int(open(path).read().split()[-1]) / 1024.0
             for path in sorted(glob.glob(os.path.join(memory, "rank*")))]
    return seconds, peaks, result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", type=int, default=64)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--skip-main-job", action="store_true")
    args = parser.parse_args()

    import numpy as np
    rgb, _, model = rgb_fashion_and_resnet(args.samples, args.side)
    pvbatch = shutil.which("pvbatch")
    rows = []
    with tempfile.TemporaryDirectory() as work:
        images = os.path.join(work, "images.npy")
        np.save(images, rgb)
        model_path = os.path.join(work, "resnet18.pt")
        model.save(model_path)
        script = os.path.join(work, "extraction.py")
        with open(script, "w") as f:
            f.write(EXTRACTION)
        workloads = [("extraction, ResNet-18, %d x 3 x %d x %d" % (args.samples, args.side,
                                                                  args.side),
                      [pvbatch, "--force-offscreen-rendering", script, PLUGIN, images,
                       model_path, LAYERS])]
        if not args.skip_main_job:
            output = os.path.join(work, "main")
            workloads.append(("main job (Examples/MainJob.py)",
                              [pvbatch, "--force-offscreen-rendering",
                               os.path.join(ROOT, "Examples", "MainJob.py"), "--output", output]))
        for name, command in workloads:
            results = {}
            for ranks in (1, 2):
                env = dict(os.environ, OMP_NUM_THREADS=str(2 // ranks),
                           NEUROTOUR_PLUGIN=PLUGIN, NEUROTOUR_BINARY_DIR=BUILD)
                results[ranks] = measured(command, ranks, env, work)
                print("%s, %d process(es): %.1f s, peak MB %s" % (
                    name, ranks, results[ranks][0],
                    " / ".join("%.0f" % m for m in results[ranks][1])), flush=True)
            rows.append((name, results))
    print("\n%-48s %10s %10s %8s %14s %18s" % ("workload", "1 proc s", "2 ranks s", "speed-up",
                                                "peak MB 1", "peak MB per rank"))
    for name, results in rows:
        print("%-48s %10.1f %10.1f %8.2f %14.0f %18s" % (
            name, results[1][0], results[2][0], results[1][0] / results[2][0], results[1][1][0],
            " / ".join("%.0f" % m for m in results[2][1])))


if __name__ == "__main__":
    main()
