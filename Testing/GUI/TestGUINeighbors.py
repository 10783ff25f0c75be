"""One sample clicked in the Grand Tour view shows its nearest neighbours in the full space
(issue #16, item 6).

Sets up (through the agent) the first 4 Fashion-MNIST test images at known places of the layout
(guidriver.show_four_samples). Clicks the view's "Select Points On" button, then sample 1
(samples 0 and 2 lie under the axis handles of e0 and e1).
Asserts: exactly sample 1 is selected; the view names the other three as its neighbours in
Pixels, nearest first as a brute-force search over the 784 pixels orders them; gold halos
(the neighbour colour 255 200 0) appear at the three other samples' places and not at sample
1's; a click on an empty corner with the same mode clears it, and the halos go.
"""
import time

import guidriver
from guidriver import Checks, Session, log

VIEW = guidriver.GRAND_TOUR_VIEW
# The frame toolbar's "Select Points On (d)" button over a view filling the layout (found by
# its tooltip in a screenshot).
SELECT_POINTS_ON = (570, 183)
STATE = """
import neurotour
view = %s
result = {"neighbours": view.GetNeighborSampleIds(),
          "array": view.SMProxy.GetProperty("NeighborsArray").GetElement(0),
          "selected": view.GetProperty("SelectedSampleIdsInfo").GetElement(0)
          if view.SMProxy.UpdatePropertyInformation() is None else ""}
""" % VIEW


def gold_near(shot, point, radius=14):
    """Pixels of the neighbour halos' colour within `radius` of `point`."""
    width, height, data = guidriver.read_ppm(shot)
    count = 0
    for y in range(point[1] - radius, point[1] + radius + 1):
        for x in range(point[0] - radius, point[0] + radius + 1):
            i = 3 * (y * width + x)
            if abs(data[i] - 255) + abs(data[i + 1] - 200) + data[i + 2] < 30:
                count += 1
    return count


def test():
    checks = Checks()
    with Session("GUINeighbors") as gui:
        gui.wait_main_window()
        images, box, screen = guidriver.show_four_samples(gui, "view.ShowLegend = 0")
        others = (0, 2, 3)
        distances = [sum((a - b) ** 2 for a, b in zip(images[1], images[k])) for k in others]
        expected = [k for _, k in sorted(zip(distances, others))]

        gui.click(*SELECT_POINTS_ON)
        time.sleep(0.7)
        gui.click(*screen[1])
        time.sleep(2.0)
        state = gui.py(STATE)
        log("after a click on sample 1: %s" % state)
        checks.check(state["selected"].split() == ["1"],
                     "the click selects sample 1 alone: %r" % state["selected"])
        checks.check(state["array"] in ("", "Pixels"),
                     "the panel leaves Neighbors Array on its default, Pixels here: %r" %
                     state["array"])
        checks.check(state["neighbours"] == expected,
                     "its neighbours in Pixels, nearest first: %s (brute force: %s)" % (
                         state["neighbours"], expected))
        shot = gui.screenshot("neighbours_of_sample_1")
        gold = [gold_near(shot, point) for point in screen]
        checks.check(gold[1] == 0 and min(gold[k] for k in others) > 20,
                     "gold halos at samples 0, 2, 3 and not at sample 1: %s" % gold)

        gui.click(*SELECT_POINTS_ON)
        time.sleep(0.7)
        gui.click(box[0] + 40, box[3] - 40)
        time.sleep(2.0)
        state = gui.py(STATE)
        shot = gui.screenshot("selection_cleared")
        gold = [gold_near(shot, point) for point in screen]
        checks.check(state["neighbours"] == [] and max(gold) == 0,
                     "a click on nothing clears the selection and the halos: %s, %s" % (
                         state, gold))
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
