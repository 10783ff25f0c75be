"""Keys and clicks in the Grand Tour view (issue #12, item 6).

Sets up (through the agent) 500 Fashion-MNIST images, PCA to 5 components and a Grand Tour
view of them as dots in the layout. Then, with xdotool: a click in the view (keyboard focus),
key [d] and a mouse brush (rubber band) over the samples, key [x], key [i], and clicks on a
class of the legend.
Asserts: after [d] and the brush the view has one centroid handle, named, over the brushed
samples' ids, drawn as an orange marker; [x] removes it; [i] switches the view to thumbnails (ShowImages 1, the picture
changes); a click on the legend's "Trouser" entry hides class 1 (HiddenLabels [1], the picture
changes) and a second click shows it again.
"""
import os
import time

import guidriver
from guidriver import Checks, Session, log

SETUP = guidriver.pca_tour_setup('view.ShowImages = 0')
VIEW = guidriver.GRAND_TOUR_VIEW
STATE = """
view = %s
result = {"handles": list(view.CentroidHandles), "images": view.ShowImages,
          "hidden": list(view.HiddenLabels)}
""" % VIEW

LEGEND_CLASSES = 10


def legend_rows(shot, box):
    """The legend's rows on the screen: the light box at the view's top right (found in a
    screenshot: the first and last light pixels of a column 60 pixels in from the view's
    right edge, in the top 80% of the view), cut into one row per class. Returns the rows'
    centres (x, y), or [] when there is no legend box."""
    x0, y0, x1, y1 = box
    width, height, data = guidriver.read_ppm(shot)
    x = x1 - 60
    light = [y for y in range(y0, y0 + (y1 - y0) * 4 // 5)
             if min(data[3 * (y * width + x):3 * (y * width + x) + 3]) > 190]
    if not light or light[-1] - light[0] < 100:
        return []
    top, bottom = light[0], light[-1]
    step = (bottom - top) / LEGEND_CLASSES
    return [(x1 - 110, int(top + (k + 0.5) * step)) for k in range(LEGEND_CLASSES)]


def marker_pixels(shot, box):
    """Pixels of the centroid handles' marker colour (1, 0.55, 0.1) in the view's region."""
    width, height, data = guidriver.read_ppm(shot)
    x0, y0, x1, y1 = box
    count = 0
    for y in range(y0, y1):
        row = data[3 * (y * width + x0):3 * (y * width + x1)]
        for x in range(0, len(row), 3):
            if abs(row[x] - 255) + abs(row[x + 1] - 140) + abs(row[x + 2] - 26) < 12:
                count += 1
    return count


def brush(gui, box):
    """A rubber band over the middle of the view, where the samples are."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    gui.drag((cx - 250, cy - 250), (cx + 250, cy + 250), steps=15)
    time.sleep(1.5)


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

        # [d], then a brush over the middle of the view, where the samples are. (In ParaView,
        # d is also "Select Points On": the brush selects the samples.)
        log_offset = gui.log_size()
        gui.key("d")
        time.sleep(0.5)
        brush(gui, box)
        state = gui.py(STATE)
        log("after [d] and a brush: %s" % state)
        handles = state["handles"]
        ids = handles[1].split() if len(handles) == 2 else []
        checks.check(len(handles) == 2 and len(ids) > 10,
                     "[d] then a brush adds one centroid handle over the brushed samples: %s" %
                     [h if len(h) < 60 else h[:60] + "..." for h in handles])
        with_handle = gui.screenshot("centroid_handle_key_d")
        errors = gui.log_errors(log_offset)
        checks.check(not errors, "no errors from [d] and the brush: %s" % errors)
        if not handles:
            # The same with the view's "Handle at next selection" button (right of the Speed
            # slider, above the render widget), then ParaView's "Select Points On" (key d).
            gui.py("simple.ClearSelection()\nresult = True")
            log_offset = gui.log_size()
            gui.click(x1 - 215, y0 - 15)
            time.sleep(0.5)
            gui.click(x0 + 30, y1 - 30)
            gui.key("d")
            time.sleep(0.5)
            brush(gui, box)
            state = gui.py(STATE)
            log("after the button and a brush: %s" % state)
            handles = state["handles"]
            errors = gui.log_errors(log_offset)
            checks.check(len(handles) == 2, "the 'Handle at next selection' button then a brush "
                         "adds a centroid handle: %s %s" % ([h[:60] for h in handles], errors))
            gui.screenshot("centroid_handle_button")

        gui.click(x0 + 30, y1 - 30)
        gui.key("x")
        time.sleep(1.0)
        state = gui.py(STATE)
        checks.check(state["handles"] == [], "[x] removes the centroid handle: %s" % state["handles"])

        dots = gui.screenshot("dots")
        marked, unmarked = marker_pixels(with_handle, box), marker_pixels(dots, box)
        checks.check(marked > unmarked + 100, "the centroid handle's orange marker is drawn: "
                     "%d marker-coloured pixels with it, %d without" % (marked, unmarked))
        gui.key("i")
        time.sleep(1.5)
        state = gui.py(STATE)
        images = gui.screenshot("images")
        checks.check(state["images"] == 1, "[i] shows the images: ShowImages = %s" % state["images"])
        changed = guidriver.region_difference(dots, images, box)
        checks.check(changed > 0.005, "[i] changes the picture: %.2f%% of the view" % (100 * changed))
        gui.key("i")
        time.sleep(1.0)

        gui.move(5, 990)
        time.sleep(1.0)
        before = gui.screenshot("legend_before")
        rows = legend_rows(before, box)
        log("legend rows on the screen: %s" % rows)
        if checks.check(len(rows) == LEGEND_CLASSES, "the view shows a legend of the 10 classes"):
            trouser = rows[1]
            gui.click(*trouser)
            time.sleep(1.5)
            state = gui.py(STATE)
            gui.move(5, 990)
            time.sleep(0.5)
            hidden = gui.screenshot("trouser_hidden")
            checks.check(state["hidden"] == [1], "a click on Trouser in the legend at %s hides class "
                         "1: HiddenLabels = %s" % (trouser, state["hidden"]))
            changed = guidriver.region_difference(before, hidden, box)
            checks.check(changed > 0.001, "hiding a class changes the picture: %.2f%%" % (100 * changed))
            gui.click(*trouser)
            time.sleep(1.5)
            state = gui.py(STATE)
            checks.check(state["hidden"] == [], "a second click shows it again: %s" % state["hidden"])
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
