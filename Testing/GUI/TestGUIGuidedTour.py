"""The guided tour from the GUI (issue #16, item 7).

Sets up (through the agent) 500 Fashion-MNIST images, PCA to 5 components, in a Grand Tour
view. Types "Tour Mode" in the Properties panel's search field, picks "Guided" from the
drop-down that remains, then plays the tour with the view's ▶ button for 4 s and pauses it.
Asserts: the view is in guided mode; the tour moved (TourTime > 0); the LDA index the view shows
rose from its value at the start; the index text is drawn in the view's lower left corner
(that region changed from the grand tour's picture).
"""
import time

import guidriver
from guidriver import Checks, Session, log

SETUP = guidriver.pca_tour_setup("view.ShowLegend = 0\nview.Speed = 0.5")
VIEW = guidriver.GRAND_TOUR_VIEW
STATE = """
view = %s
view.SMProxy.UpdatePropertyInformation()
result = {"mode": view.SMProxy.GetProperty("TourMode").GetElement(0), "time": view.TourTime,
          "index": view.SMProxy.GetProperty("PursuitIndexValueInfo").GetElement(0)}
""" % VIEW
INDEX_AT_START = """
view = %s
time, view.TourTime = view.TourTime, 0.0
simple.Render(view)
view.SMProxy.UpdatePropertyInformation()
result = view.SMProxy.GetProperty("PursuitIndexValueInfo").GetElement(0)
view.TourTime = time
simple.Render(view)
""" % VIEW
# Found in screenshots: the panel's search field, the Tour Mode drop-down once the search
# leaves it alone in the panel, and the view's play button (left of the Speed slider).
SEARCH_FIELD = (130, 539)
TOUR_MODE = (180, 681)
PLAY = (318, 211)


def test():
    checks = Checks()
    with Session("GUIGuidedTour") as gui:
        gui.wait_main_window()
        gui.py(SETUP, timeout=90)
        time.sleep(2)
        box = gui.view_box(VIEW)
        before = gui.screenshot("grand_tour")
        gui.focus()
        gui.click(*SEARCH_FIELD)
        time.sleep(0.3)
        gui.type("Tour Mode")
        time.sleep(1.0)
        gui.click(*TOUR_MODE)
        time.sleep(0.6)
        gui.key("End", "Return")
        time.sleep(1.0)
        gui.click(*PLAY)
        time.sleep(4.0)
        gui.click(*PLAY)
        time.sleep(1.0)
        state = gui.py(STATE)
        log("after Guided and 4 s of play: %s" % state)
        checks.check(state["mode"] == 1, "the panel's drop-down set Tour Mode to Guided: %s" % state)
        checks.check(state["time"] > 0.5, "the ▶ button played the guided tour: %s" % state)
        start = gui.py(INDEX_AT_START)
        checks.check(state["index"] == state["index"] and state["index"] > start,
                     "the LDA index rose from %.3f at the start to %.3f" % (start, state["index"]))
        after = gui.screenshot("guided_tour_played")
        x0, y0, x1, y1 = box
        corner = (x0, y1 - 40, x0 + 420, y1)
        changed = guidriver.region_difference(before, after, corner)
        checks.check(changed > 0.02, "the index text is drawn in the lower left corner (%.1f%% "
                     "of that region changed)" % (100 * changed))
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
