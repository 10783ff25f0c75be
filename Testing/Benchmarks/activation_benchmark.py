"""ActivationExtraction vs PyTorch forward hooks in Python, side by side.

Same model (the training example's checkpoint), same 10,000 Fashion-MNIST test images, same
batch size, layers and pooling, same thread count. Each side runs in its own process so that
its peak memory is its own: ours in pvpython with the plugin, the peer in Debian's python3 with
torch. Prints seconds, images/s, the ratio (peer time / our time; > 1 means we are faster),
CPU seconds (steadier than wall time on a busy machine), peak resident memory, and the largest difference between the two sides' activations.

  /usr/bin/python3 activation_benchmark.py [--plugin .../NeuroTour.so] [--model .../fashion_cnn_epoch2.pt]
      [--samples 10000] [--batch-size 256] [--pooled-size 4] [--threads 2] [--repeats 2] [--rounds 3]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("NEUROTOUR_BINARY_DIR", os.path.join(HERE, "..", "..", "build"))
LAYERS = ["conv1", "pool1", "relu1", "conv2", "pool2", "relu2", "fc1", "relu3", "fc2"]
IMAGES = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"


def memory_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def run_ours(args):
    from paraview.simple import LoadPlugin
    from vtkmodules.numpy_interface import dataset_adapter as dsa
    import numpy as np

    namespace = globals()
    LoadPlugin(args.plugin, ns=namespace)
    reader = namespace["IDXReader"](FileName=IMAGES, MaximumNumberOfSamples=args.samples)
    reader.UpdatePipeline()
    extraction = namespace["ActivationExtraction"](
        Input=reader, ModelFile=args.model, Layers=LAYERS, BatchSize=args.batch_size,
        PooledSize=args.pooled_size, IncludeInput=0)
    baseline = memory_kb("VmRSS")
    times = []
    algorithm = extraction.GetClientSideObject()  # the filter itself (built-in session)
    for _ in range(args.repeats):
        algorithm.Modified()
        start, cpu = time.perf_counter(), time.process_time()
        algorithm.Update()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    output = algorithm.GetOutputDataObject(0)
    fc2 = np.asarray(dsa.WrapDataObject(output.GetBlock(len(LAYERS) - 1)).RowData["Activations"])
    np.save(args.dump, fc2)
    return times, baseline


def run_peer(args):
    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    import gzip
    with gzip.open(IMAGES, "rb") as stream:
        data = stream.read()
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16)[: args.samples * 784].reshape(-1, 1, 28, 28)
    with gzip.open(IMAGES.replace("images-idx3", "labels-idx1"), "rb") as stream:
        labels = torch.from_numpy(np.frombuffer(stream.read(), dtype=np.uint8, offset=8)[: args.samples].astype(np.int64))

    class FashionCNN(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1, self.pool1, self.relu1 = torch.nn.Conv2d(1, 10, 5), torch.nn.MaxPool2d(2), torch.nn.ReLU()
            self.conv2, self.pool2, self.relu2 = torch.nn.Conv2d(10, 20, 5), torch.nn.MaxPool2d(2), torch.nn.ReLU()
            self.fc1, self.relu3, self.fc2 = torch.nn.Linear(320, 50), torch.nn.ReLU(), torch.nn.Linear(50, 10)

        def forward(self, x):
            x = self.relu1(self.pool1(self.conv1(x)))
            x = self.relu2(self.pool2(self.conv2(x)))
            return self.fc2(self.relu3(self.fc1(torch.flatten(x, 1))))

    model = FashionCNN()
    model.load_state_dict(torch.jit.load(args.model).state_dict())
    model.eval()
    modules = dict(model.named_modules())
    baseline = memory_kb("VmRSS")
    times = []
    for _ in range(args.repeats):
        start, cpu = time.perf_counter(), time.process_time()
        captured = {name: [] for name in LAYERS}
        outputs = {"Prediction": [], "Confidence": [], "Loss": []}

        def hook(name):
            def store(module, inputs, output):
                if args.pooled_size and output.dim() == 4:
                    output = torch.nn.functional.adaptive_avg_pool2d(output, args.pooled_size)
                captured[name].append(output.reshape(output.shape[0], -1).numpy().copy())
            return store

        handles = [modules[name].register_forward_hook(hook(name)) for name in LAYERS]
        with torch.no_grad():
            for first in range(0, args.samples, args.batch_size):
                batch = torch.from_numpy(pixels[first:first + args.batch_size].astype(np.float32) / 255.0)
                logits = model(batch)
                log_probabilities = torch.log_softmax(logits, 1)
                chosen = log_probabilities.gather(1, labels[first:first + args.batch_size, None])[:, 0]
                outputs["Prediction"].append(logits.argmax(1).numpy())
                outputs["Confidence"].append(chosen.exp().numpy())
                outputs["Loss"].append((-chosen).numpy())
        for handle in handles:
            handle.remove()
        arrays = {name: np.concatenate(parts) for name, parts in captured.items()}
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    np.save(args.dump, arrays["fc2"])
    return times, baseline


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plugin", default=os.environ.get(
        "NEUROTOUR_PLUGIN", os.path.join(BUILD, "lib", "paraview-5.11", "plugins", "NeuroTour", "NeuroTour.so")))
    parser.add_argument("--model", default=os.path.join(
        os.environ.get("NEUROTOUR_MODELS", os.path.join(BUILD, "Models")), "fashion_cnn_epoch2.pt"))
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--pooled-size", type=int, default=4)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--repeats", type=int, default=2, help="timed runs per process")
    parser.add_argument("--rounds", type=int, default=3, help="processes per side, alternating")
    parser.add_argument("--side", choices=["ours", "peer"])
    parser.add_argument("--dump")
    args = parser.parse_args()

    if args.side:
        times, baseline = (run_ours if args.side == "ours" else run_peer)(args)
        print(json.dumps({"times": times, "baseline_kb": baseline, "peak_kb": memory_kb("VmHWM")}))
        return

    # The sides alternate, several rounds, so a busy machine slows both alike; best times count.
    results = {"ours": {"times": [], "peak_kb": 0, "baseline_kb": 0},
               "peer": {"times": [], "peak_kb": 0, "baseline_kb": 0}}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.rounds):
            for side, interpreter in (("ours", "pvpython"), ("peer", "/usr/bin/python3")):
                dump = os.path.join(scratch, side + ".npy")
                command = [interpreter, os.path.abspath(__file__), "--side", side, "--dump", dump] + sys.argv[1:]
                environment = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
                finished = subprocess.run(command, capture_output=True, text=True, env=environment)
                if finished.returncode != 0:
                    sys.exit("%s side failed:\n%s" % (side, finished.stderr[-3000:]))
                run = json.loads(finished.stdout.strip().splitlines()[-1])
                results[side]["times"] += run["times"]
                results[side]["peak_kb"] = max(results[side]["peak_kb"], run["peak_kb"])
                results[side]["baseline_kb"] = run["baseline_kb"]
                results[side]["fc2"] = __import__("numpy").load(dump)
    difference = float(abs(results["ours"]["fc2"] - results["peer"]["fc2"]).max())

    print("Activations of %d Fashion-MNIST images, layers %s, batch %d, PooledSize %d, %d threads"
          % (args.samples, ",".join(LAYERS), args.batch_size, args.pooled_size, args.threads))
    print("%-44s %10s %10s %10s %12s %12s" % ("", "median s", "best s", "best CPU s", "images/s", "peak RSS MB"))
    best = {}
    for side, name in (("ours", "NeuroTour ActivationExtraction (pvpython)"),
                       ("peer", "PyTorch forward hooks (python3)")):
        walls = sorted(wall for wall, _ in results[side]["times"])
        best[side] = (walls[0], min(cpu for _, cpu in results[side]["times"]))
        print("%-44s %10.3f %10.3f %10.3f %12.0f %12.0f   (+%.0f MB over the process before extraction)" % (
            name, walls[len(walls) // 2], best[side][0], best[side][1], args.samples / best[side][0],
            results[side]["peak_kb"] / 1024.0, (results[side]["peak_kb"] - results[side]["baseline_kb"]) / 1024.0))
    print("ratio (peer / ours): %.2f wall, %.2f CPU   (>= 1.0: ours is at least as fast)"
          % (best["peer"][0] / best["ours"][0], best["peer"][1] / best["ours"][1]))
    print("largest |ours - peer| on fc2: %.2e" % difference)


if __name__ == "__main__":
    main()
