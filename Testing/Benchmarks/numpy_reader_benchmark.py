"""NumPyReader beside numpy.load on one wide array: time and peak memory, in fresh processes.

Run with pvpython (setup.sh benchmark does):
  pvpython Testing/Benchmarks/numpy_reader_benchmark.py [build/.../NeuroTour.so] [GB]

Writes a float32 array of about GB gigabytes (default 1; 200,000 samples x 1,280 features per
GB, a pooled layer's width) as a .npy and as an .npz (numpy.savez: stored members), then, for
each file, in a fresh process each: numpy.load (Debian's /usr/bin/python3) and NumPyReader
(pvpython, the plugin loaded, UpdatePipeline). Prints seconds and the memory the read added
(peak RSS minus RSS before it) as a multiple of the array's size, the ratios, and apart the
time ParaView then takes to gather the output's data information (per-component ranges of
every column: what the GUI asks for after a reader runs; not the reader's work).
The page cache is warm for both (the file was just written, and numpy runs first).
"""
import json
import os
import subprocess
import sys

PLUGIN = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEUROTOUR_PLUGIN", "")
GIGABYTES = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
OUTPUT = os.environ.get("NEUROTOUR_BENCHMARK_OUTPUT", "/tmp/neurotour-benchmark")
ROWS, COLUMNS = int(200000 * GIGABYTES), 1280

MEASURE = r"""
import json, os, resource, sys, time
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
"""

NUMPY = MEASURE + r"""
import numpy as np
path = sys.argv[1]
before = rss()
start = time.perf_counter()
data = np.load(path)
array = data["Activations"] if path.endswith(".npz") else data
total = float(array.sum(dtype=np.float64))  # touch every value (npz members load lazily)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "added": peak - before, "rows": int(array.shape[0])}))
"""

OURS = MEASURE + r"""
from paraview.simple import LoadPlugin
LoadPlugin(sys.argv[2], ns=globals())
reader = NumPyReader(FileNames=[sys.argv[1]], ArrayName="Activations")
reader.UpdatePipelineInformation()
before = rss()
start = time.perf_counter()
reader.UpdatePipeline()
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
start = time.perf_counter()
rows = reader.GetDataInformation().GetNumberOfRows()  # what the GUI asks next
information = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "added": peak - before, "rows": rows,
                  "information": information}))
"""


def run(interpreter, source, *arguments):
    script = os.path.join(OUTPUT, "measure_%s.py" % os.path.basename(interpreter))
    with open(script, "w") as f:
        f.write(source)
    done = subprocess.run([interpreter, script] + list(arguments), capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    os.makedirs(OUTPUT, exist_ok=True)
    npy = os.path.join(OUTPUT, "wide.npy")
    npz = os.path.join(OUTPUT, "wide.npz")
    subprocess.run(["/usr/bin/python3", "-c", (
        "import numpy as np; a = np.random.default_rng(0).random((%d, %d), dtype=np.float32); "
        "np.save(%r, a); np.savez(%r, Activations=a)") % (ROWS, COLUMNS, npy, npz)], check=True)
    size = ROWS * COLUMNS * 4
    print("NumPy reader vs numpy.load: %d x %d float32 (%.2f GB)" % (ROWS, COLUMNS, size / 1e9))
    print("%-5s %10s %10s %7s %13s %13s %22s" % (
        "file", "numpy (s)", "ours (s)", "ratio", "numpy memory", "ours memory",
        "ParaView data info (s)"))
    for path in (npy, npz):
        peer = run("/usr/bin/python3", NUMPY, path)
        ours = run("pvpython", OURS, path, PLUGIN)
        assert ours["rows"] == ROWS == peer["rows"], (ours, peer)
        print("%-5s %10.2f %10.2f %7.2f %12.2fx %12.2fx %22.2f" % (
            path[-3:], peer["seconds"], ours["seconds"], ours["seconds"] / peer["seconds"],
            peer["added"] / size, ours["added"] / size, ours["information"]))
    for path in (npy, npz):
        os.remove(path)


main()
