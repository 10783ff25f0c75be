"""The UMAP Tour's workload on this machine: a torchvision ResNet-18 over 10,000 RGB images at
3 x 224 x 224, every main layer average-pooled to <= 16 x 16, a 15-D UMAP per layer. Ours end to end against PyTorch forward
hooks + umap-learn, on the same images and the same scripted model, each side in its own process.

Run with Debian's python3 (setup.sh benchmark runs it with pvpython, which works too):
  /usr/bin/python3 Testing/Benchmarks/umap_tour_workload_benchmark.py [--samples 10000]
      [--side 224] [--pooled-size 16] [--plugin .../NeuroTour.so]
(about 30 minutes and 16 GB here; --side 64 --pooled-size 8 runs it in 6 minutes)

Images: Fashion-MNIST test images resized to side x side and repeated over 3 channels, stored
channels-last (N x H x W x 3 uint8 .npy, as image arrays usually are). Model: torchvision's
ResNet-18 with random weights (no weights can be downloaded here), scripted. Ours: NumPyReader
-> ActivationExtraction (Layers conv1, layer1..4, avgpool; PooledSize) -> UMAP Embedding
(15-D, the layers side by side), in pvpython. Peer: forward hooks with the same adaptive average
pooling (torch on every core, as ours), then umap-learn's UMAP(n_components=15) per layer
(after a warm-up on 5,000 points).
Prints seconds per stage and per layer, peak memory of each process and each layer's 10-NN
accuracy (5-fold) for both.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("NEUROTOUR_BINARY_DIR", os.path.join(HERE, "..", "..", "build"))
LAYERS = ["conv1", "layer1", "layer2", "layer3", "layer4", "avgpool"]
FASHION = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")

OURS = r"""
import json, resource, sys, time
import numpy as np
from paraview.simple import LoadPlugin, servermanager
from vtkmodules.util.numpy_support import vtk_to_numpy
plugin, images, model, pooled, layers, out = sys.argv[1:7]
LoadPlugin(plugin, ns=globals())
import neurotour  # noqa: E402  (a filter's error then stops the run)
reader = NumPyReader(FileNames=[images], ArrayName="Pixels", ChannelOrder="Last")
start = time.perf_counter()
reader.UpdatePipeline()
read = time.perf_counter() - start
extraction = ActivationExtraction(Input=reader, ModelFile=model, Layers=layers.split(","),
                                  PooledSize=int(pooled), IncludeInput=0,
                                  MemoryLimitMB=16384)  # 5.4 GB of activations at 224 x 224
start = time.perf_counter()
extraction.UpdatePipeline()
extract = time.perf_counter() - start
embedding = UMAPEmbedding(Input=extraction, ArrayName="Activations", NumberOfComponents=15)
start = time.perf_counter()
embedding.UpdatePipeline()
umap_seconds = time.perf_counter() - start
data = servermanager.Fetch(embedding)
result = {}
for b in range(data.GetNumberOfBlocks()):
    table = data.GetBlock(b)
    name = data.GetMetaData(b).Get(data.NAME())
    result[name] = table.GetColumnByName("Activations").GetNumberOfComponents()
    np.save("%s/ours_%s.npy" % (out, name),
            vtk_to_numpy(table.GetColumnByName("Embedding")).reshape(table.GetNumberOfRows(), -1))
print(json.dumps({"read": read, "extract": extract, "umap": umap_seconds, "dims": result,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PEER = r"""
import json, resource, sys, time
import os
import numpy as np, torch, umap
images, model_path, pooled, layers, out = sys.argv[1:6]
pooled = int(pooled)
# Debian's torch starts with 1 thread here (2 cores); ours runs LibTorch on every core.
torch.set_num_threads(os.cpu_count())
model = torch.jit.load(model_path).eval()
eager = __import__("torchvision").models.resnet18(num_classes=10).eval()
eager.load_state_dict(model.state_dict())
x = np.load(images)
captured = {name: [] for name in layers.split(",")}
def hook(name):
    def record(module, inputs, output):
        if output.dim() == 4 and max(output.shape[2:]) > pooled:
            output = torch.nn.functional.adaptive_avg_pool2d(
                output, (min(output.shape[2], pooled), min(output.shape[3], pooled)))
        captured[name].append(output.reshape(output.shape[0], -1).numpy().copy())
    return record
for name in captured:
    eager.get_submodule(name).register_forward_hook(hook(name))
start = time.perf_counter()
with torch.no_grad():
    for first in range(0, len(x), 256):
        batch = torch.from_numpy(x[first:first + 256]).permute(0, 3, 1, 2).float().div_(255)
        eager(batch)
extract = time.perf_counter() - start
umap.UMAP(n_components=15).fit_transform(np.random.default_rng(0).random((5000, 20)))  # warm-up
seconds = {}
for name, parts in captured.items():
    activations = np.concatenate(parts)
    start = time.perf_counter()
    embedding = umap.UMAP(n_components=15).fit_transform(activations)
    seconds[name] = time.perf_counter() - start
    np.save("%s/peer_%s.npy" % (out, name), embedding)
print(json.dumps({"extract": extract, "umap": seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("failed: %s\n%s" % (command[:2], result.stderr[-3000:]))
    return json.loads(result.stdout.strip().splitlines()[-1])


def rgb_fashion_and_resnet(samples, side):
    """The first `samples` Fashion-MNIST test images resized to side x side and repeated over 3
    channels (N x H x W x 3 uint8, channels-last), their labels, and a scripted torchvision
    ResNet-18 with random weights (seed 0)."""
    import gzip
    import numpy as np
    import torch
    import torchvision
    with gzip.open(os.path.join(FASHION, "t10k-images-idx3-ubyte.gz")) as f:
        grey = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)[:samples]
    with gzip.open(os.path.join(FASHION, "t10k-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)[:samples].astype(int)
    resized = torch.nn.functional.interpolate(torch.from_numpy(grey.copy())[:, None].float(),
                                              size=(side, side), mode="bilinear",
                                              align_corners=False)
    rgb = resized.round().clamp(0, 255).byte().repeat(1, 3, 1, 1).permute(0, 2, 3, 1).numpy()
    torch.manual_seed(0)
    model = torch.jit.script(torchvision.models.resnet18(num_classes=10).eval())
    return np.ascontiguousarray(rgb), labels, model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--side", type=int, default=224)
    parser.add_argument("--pooled-size", type=int, default=16)
    parser.add_argument("--plugin", default=os.environ.get("NEUROTOUR_PLUGIN", os.path.join(
        BUILD, "lib", "paraview-5.11", "plugins", "NeuroTour", "NeuroTour.so")))
    args = parser.parse_args()

    import numpy as np
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    rgb, labels, model = rgb_fashion_and_resnet(args.samples, args.side)

    with tempfile.TemporaryDirectory() as work:
        images = os.path.join(work, "images.npy")
        np.save(images, rgb)
        model_path = os.path.join(work, "resnet18.pt")
        model.save(model_path)
        layers = ",".join(LAYERS)
        ours = run(["pvpython", "--force-offscreen-rendering", "-c", OURS, args.plugin, images,
                    model_path, str(args.pooled_size), layers, work])
        peer = run(["/usr/bin/python3", "-c", PEER, images, model_path, str(args.pooled_size),
                    layers, work])
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        accuracy = {}
        for side in ("ours", "peer"):
            for name in LAYERS:
                embedding = np.load(os.path.join(work, "%s_%s.npy" % (side, name)))
                accuracy[side, name] = cross_val_score(KNeighborsClassifier(10), embedding, labels,
                                                       cv=folds).mean()

    peer_umap = sum(peer["umap"].values())
    print("ResNet-18 (random weights, scripted) on %d Fashion-MNIST images as 3 x %d x %d RGB, "
          "layers pooled to <= %d x %d, 15-D UMAP per layer, %d cores"
          % (args.samples, args.side, args.side, args.pooled_size, args.pooled_size,
             os.cpu_count()))
    print("%-10s %8s %14s %14s" % ("layer", "dims", "umap-learn s", "10-NN ours / peer"))
    for name in LAYERS:
        print("%-10s %8d %14.1f %8.3f / %.3f" % (name, ours["dims"][name], peer["umap"][name],
                                                 accuracy["ours", name], accuracy["peer", name]))
    print("ours: read %.1f s, extraction %.1f s, UMAP of all layers (side by side) %.1f s, "
          "total %.1f s, peak %.0f MB" % (ours["read"], ours["extract"], ours["umap"],
                                          ours["read"] + ours["extract"] + ours["umap"],
                                          ours["peak_mb"]))
    print("peer: hooks %.1f s, umap-learn %.1f s, total %.1f s, peak %.0f MB"
          % (peer["extract"], peer_umap, peer["extract"] + peer_umap, peer["peak_mb"]))
    print("ratio (peer / ours): extraction %.2fx, UMAP %.2fx, end to end %.2fx"
          % (peer["extract"] / ours["extract"], peer_umap / ours["umap"],
             (peer["extract"] + peer_umap) / (ours["read"] + ours["extract"] + ours["umap"])))


if __name__ == "__main__":
    main()
