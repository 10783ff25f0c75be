"""Training and test samples in two Grand Tour views with one tour (issue #16, item 4).

Sets up (through the agent) Fashion-MNIST with both splits (IDXReader, Combine Train And Test),
5 principal components, 500 training samples (SelectSplit) in the left view and 500 test
samples in the right one, their projections linked (neurotour.LinkProjections). Clicks the left
view's ▶, lets it play 2 s, clicks it again.
Asserts: the left view played (TourTime > 0.5); the right view, never touched, has the same
TourTime and frame; its picture on the screen changed; paraview stays alive.
"""
import os
import time

import guidriver
from guidriver import Checks, Session, log

IMAGES = os.path.join(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"),
                      "t10k-images-idx3-ubyte.gz")
SETUP = """
import neurotour
layout = simple.GetLayouts().values().__iter__().__next__()
for old in list(simple.GetViews()):
    simple.Delete(old)
both = simple.IDXReader(registrationName="both", FileName=%r, CombineTrainAndTest=1)
pca = simple.PCAReduction(registrationName="pca", Input=both, ArrayName="Pixels",
                          NumberOfComponents=5)
views = []
for split in ("train", "test"):
    view = simple.CreateView("GrandTourView")
    simple.AssignViewToLayout(view=view, layout=layout, hint=0)
    subset = simple.SelectSplit(registrationName=split, Input=pca, Split=split,
                                MaximumNumberOfSamples=500)
    simple.Show(subset, view)
    view.CoordinatesArray = "Embedding"
    view.ShowLegend = 0
    view.Speed = 0.5
    views.append(view)
neurotour.LinkProjections(views[0], views[1])
for view in views:
    simple.Render(view)
result = [list(v.ViewSize) for v in views]
"""  % IMAGES
STATE = """
import numpy as np
views = [v for v in simple.GetViews() if v.GetXMLName() == "GrandTourView"]
frames = [np.asarray(v.GetProjectionMatrix()) for v in views]
result = {"times": [v.TourTime for v in views],
          "same_frame": bool(np.allclose(frames[0], frames[1])),
          "rows": [simple.FindSource(n).GetDataInformation().GetNumberOfRows()
                   for n in ("train", "test")]}
"""
# Found in a screenshot: the left view's play button (left of its Speed slider).
PLAY = (318, 211)


def test():
    checks = Checks()
    with Session("GUILinkedViews") as gui:
        gui.wait_main_window()
        sizes = gui.py(SETUP, timeout=120)
        log("view sizes: %s" % sizes)
        time.sleep(2)
        before = gui.screenshot("linked_views")
        started = time.time()
        gui.click(*PLAY)
        log("clicked play")
        time.sleep(2.0)
        gui.click(*PLAY)
        log("clicked pause")
        time.sleep(1.0)
        freeze = gui.longest_freeze(started)
        log("longest freeze of the GUI while playing: %.2f s" % freeze)
        after = gui.screenshot("after_play")
        state = gui.py(STATE)
        log("after 2 s of play: %s" % state)
        checks.check(state["rows"] == [500, 500], "500 training and 500 test samples: %s" % state)
        checks.check(state["times"][0] > 0.5, "the left view's ▶ played its tour: %s" % state)
        checks.check(state["times"][0] == state["times"][1] and state["same_frame"],
                     "the right view follows: same TourTime and frame: %s" % state)
        # The right half of the layout: the view that was never touched.
        right = (1000, 230, 1580, 900)
        changed = guidriver.region_difference(before, after, right)
        checks.check(changed > 0.01, "the right view's picture moved (%.1f%% changed)" % (100 * changed))
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
