"""Keys and clicks in the Grand Tour view (issue #12, item 6).
# disabled: needs the view branch's interactions (063b6b0: [d], [x], [i], legend clicks) on main

Sets up (through the agent) 500 Fashion-MNIST images, PCA to 5 components and a Grand Tour
view of them as dots in the layout. Then, with xdotool: a click in the view (keyboard focus),
key [d] and a mouse brush (rubber band) over the samples, key [x], key [i], and clicks on a
class of the legend.
Asserts: after [d] and the brush the view has one centroid handle, named, over the brushed
samples' ids; [x] removes it; [i] switches the view to thumbnails (ShowImages 1, the picture
changes); a click on the legend's "Trouser" entry hides class 1 (HiddenLabels [1], the picture
changes) and a second click shows it again.
"""
import os
import time

import guidriver
from guidriver import Checks, Session, log

IMAGES = os.path.join(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"),
                      "t10k-images-idx3-ubyte.gz")

SETUP = """
images = simple.IDXReader(registrationName="images", FileName=%r, MaximumNumberOfSamples=500)
pca = simple.PCAReduction(registrationName="pca", Input=images, ArrayName="Pixels",
                          NumberOfComponents=5)
layout = simple.GetLayouts().values().__iter__().__next__()
for old in list(simple.GetViews()):
    simple.Delete(old)
view = simple.CreateView("GrandTourView")
simple.AssignViewToLayout(view=view, layout=layout, hint=0)
simple.Show(pca, view)
view.CoordinatesArray = "Embedding"
view.ShowImages = 0
view.ResetProjection()
simple.ResetCamera(view)
simple.Render(view)
result = list(view.ViewSize)
""" % IMAGES

VIEW = "[v for v in simple.GetViews() if v.GetXMLName() == 'GrandTourView'][0]"
STATE = """
view = %s
result = {"handles": list(view.CentroidHandles), "images": view.ShowImages,
          "hidden": list(view.HiddenLabels)}
""" % VIEW

# Where each class of the legend is, in display pixels (bottom-up), as the view itself finds
# the entry under a click.
LOCATE = """
from vtkmodules.vtkCommonCore import reference
view = %s
width, height = view.ViewSize
legend = {}
client = view.GetClientSideObject()
label = reference(0)
for y in range(0, height, 3):
    for x in range(width - 260, width, 20):
        if client.GetLegendLabelAt(x, y, label):
            legend.setdefault(int(label), []).append((x, y))
result = {"legend": {k: [sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v)]
                     for k, v in legend.items()}, "size": [width, height]}
""" % VIEW


def test():
    checks = Checks()
    with Session("GUIViewInteractions") as gui:
        gui.wait_main_window()
        gui.py(SETUP, timeout=90)
        time.sleep(2)
        box = gui.view_box(VIEW)
        x0, y0, x1, y1 = box
        log("Grand Tour view on the screen: %s" % (box,))
        # Keyboard focus: a click on an empty corner of the view.
        gui.click(x0 + 30, y1 - 30)
        time.sleep(0.5)
        start = gui.py(STATE)
        log("before: %s" % start)

        # [d], then a brush over the middle of the view, where the samples are.
        gui.key("d")
        time.sleep(0.5)
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        gui.drag((cx - 250, cy - 250), (cx + 250, cy + 250), steps=15)
        time.sleep(1.5)
        state = gui.py(STATE)
        log("after [d] and a brush: %s" % state)
        handles = state["handles"]
        ids = handles[1].split() if len(handles) == 2 else []
        checks.check(len(handles) == 2 and len(ids) > 10,
                     "[d] then a brush adds one centroid handle over the brushed samples: %s" %
                     [h if len(h) < 60 else h[:60] + "..." for h in handles])
        gui.screenshot("centroid_handle")

        gui.click(x0 + 30, y1 - 30)
        gui.key("x")
        time.sleep(1.0)
        state = gui.py(STATE)
        checks.check(state["handles"] == [], "[x] removes the centroid handle: %s" % state["handles"])

        dots = gui.screenshot("dots")
        gui.key("i")
        time.sleep(1.5)
        state = gui.py(STATE)
        images = gui.screenshot("images")
        checks.check(state["images"] == 1, "[i] shows the images: ShowImages = %s" % state["images"])
        changed = guidriver.region_difference(dots, images, box)
        checks.check(changed > 0.005, "[i] changes the picture: %.2f%% of the view" % (100 * changed))
        gui.key("i")
        time.sleep(1.0)

        where = gui.py(LOCATE)
        log("legend entries (display pixels): %s" % where["legend"])
        trouser = where["legend"].get("1") or where["legend"].get(1)
        if checks.check(trouser is not None, "the legend has a Trouser entry (label 1)"):
            height = where["size"][1]
            sx, sy = int(round(x0 + trouser[0])), int(round(y0 + height - 1 - trouser[1]))
            before = gui.screenshot("legend_before")
            gui.click(sx, sy)
            time.sleep(1.5)
            state = gui.py(STATE)
            gui.move(5, 990)
            time.sleep(0.5)
            hidden = gui.screenshot("trouser_hidden")
            checks.check(state["hidden"] == [1], "a click on Trouser in the legend hides class 1: "
                         "HiddenLabels = %s" % state["hidden"])
            changed = guidriver.region_difference(before, hidden, box)
            checks.check(changed > 0.001, "hiding a class changes the picture: %.2f%%" % (100 * changed))
            gui.click(sx, sy)
            time.sleep(1.5)
            state = gui.py(STATE)
            checks.check(state["hidden"] == [], "a second click shows it again: %s" % state["hidden"])
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
