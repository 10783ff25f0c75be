"""Writes Examples/NeuroTour.pvsm: a ready NeuroTour pipeline in a Grand Tour view.

IDXReader (2,000 Fashion-MNIST test images) -> PCAReduction (50) -> UMAPEmbedding (15-D), toured
in a Grand Tour view with image thumbnails, coloured by Label with the class legend.

    pvpython Examples/make_state.py [path/to/NeuroTour.so] [output.pvsm]

The plugin defaults to $NEUROTOUR_PLUGIN. The state names no plugin and no build path (only the
dataset, /usr/share/datasets/fashion-mnist), so the plugin must be loaded BEFORE the state:
in the GUI, Tools > Manage Plugins > Load New (or PV_PLUGIN_PATH) and then File > Load State;
in pvpython, LoadPlugin(path, ns=globals()) and then LoadState("Examples/NeuroTour.pvsm").
"""
import os
import sys

from paraview.simple import *

HERE = os.path.dirname(os.path.abspath(__file__))
plugin = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEUROTOUR_PLUGIN", "")
output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "NeuroTour.pvsm")
if not plugin:
    sys.exit("give the NeuroTour plugin (NeuroTour.so) as the first argument or $NEUROTOUR_PLUGIN")
LoadPlugin(plugin, ns=globals())
import neurotour  # noqa: E402  (Grand Tour view helpers)

images = IDXReader(registrationName="Fashion-MNIST test images",
                   FileName="/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
                   MaximumNumberOfSamples=2000)
pca = PCAReduction(registrationName="PCA 50", Input=images, ArrayName="Pixels",
                   NumberOfComponents=50)
umap = UMAPEmbedding(registrationName="UMAP 15-D", Input=pca, ArrayName="Embedding",
                     NumberOfComponents=15)

view = CreateView("GrandTourView")
# pvpython puts a new view in no layout; a state without one opens as an empty tab in the GUI.
AssignViewToLayout(view=view, layout=CreateLayout("NeuroTour"), hint=0)
view.ViewSize = [800, 800]
Show(umap, view)
view.CoordinatesArray = "Embedding"
view.ShowImages = 1
view.ColorByLabels(umap)
view.TourTime = 0.0
ResetCamera(view)
Render(view)
SaveState(output)
print("wrote", output)
