"""Sample Trails from the keyboard draws each sample's path over the earlier epochs in the Grand
Tour view (issue #16, item 5).

Sets up (through the agent) three 'epochs' of 300 samples in 2-D (NumPyReader of a file
series: epochs 1 to 3, each sample drifting right by 0.5 per epoch), in a Grand Tour view at the
last epoch. Creates Sample Trails from the quick launch (Ctrl+Space), sets Number Of Steps to 2
in the panel's field, clicks Apply.
Asserts: the filter has run with 2 steps, its output replaced the epochs in the view (they are
hidden) and the view's picture changed where the trails run (left of the samples) while the
samples themselves stayed; the epoch's trails reach back 2 epochs (a region left of the samples
that the last epoch leaves empty now holds trail pixels).
"""
import os
import time

import guidriver
from guidriver import Checks, Session, log

VIEW = guidriver.GRAND_TOUR_VIEW
SETUP = """
import os
import numpy as np
directory = os.path.join(%r, "epochs")
os.makedirs(directory, exist_ok=True)
rng = np.random.default_rng(3)
start = rng.normal(scale=0.3, size=(300, 2)).astype(np.float32)
files = []
for epoch in (1, 2, 3):
    name = os.path.join(directory, "epoch_%%d.npz" %% epoch)
    np.savez(name, Embedding=start + np.float32([0.5 * (epoch - 3), 0.0]),
             Label=np.arange(300, dtype=np.int32) %% 5, SampleId=np.arange(300, dtype=np.int64))
    files.append(name)
epochs = simple.NumPyReader(registrationName="epochs", FileNames=files, ArrayName="Embedding")
""" + guidriver.tour_view_setup("epochs", "view.ShowLegend = 0\nview.ShowAxisHandles = 0") + """
scene = simple.GetAnimationScene()
scene.UpdateAnimationUsingDataTimeSteps()
scene.AnimationTime = 3.0
simple.SetActiveSource(epochs)
simple.Render(view)
"""
STATE = """
view = %s
trails = simple.FindSource("SampleTrails1")
result = None
if trails is not None:
    result = {"steps": trails.NumberOfSteps,
              "rows": trails.GetDataInformation().GetNumberOfRows(),
              "trails_shown": simple.GetDisplayProperties(trails, view).Visibility,
              "epochs_shown": simple.GetDisplayProperties(simple.FindSource("epochs"),
                                                          view).Visibility,
              "time": view.ViewTime}
""" % VIEW
# The Properties panel's Number Of Steps field with Sample Trails active (found in a screenshot).
STEPS_FIELD = (220, 632)


def test():
    checks = Checks()
    with Session("GUITrails") as gui:
        gui.wait_main_window()
        gui.py(SETUP % os.path.join(gui.output), timeout=90)
        time.sleep(2)
        box = gui.view_box(VIEW)
        before = gui.screenshot("last_epoch_without_trails")
        gui.quick_launch("Sample Trails")
        gui.wait_until(lambda: gui.py("result = simple.FindSource('SampleTrails1') is not None"),
                       20, "Sample Trails to be created from the quick launch")
        time.sleep(1.0)
        gui.screenshot("panel")
        gui.click(*STEPS_FIELD)
        gui.key("ctrl+a")
        gui.type("2")
        time.sleep(0.5)
        gui.apply()
        time.sleep(3.0)
        state = gui.py(STATE)
        log("after Apply: %s" % state)
        checks.check(state is not None and state["steps"] == 2 and state["rows"] == 300,
                     "Sample Trails ran with the 2 steps typed in its panel: %s" % state)
        checks.check(state is not None and state["trails_shown"] and not state["epochs_shown"],
                     "its output replaced the epochs in the view: %s" % state)
        after = gui.screenshot("last_epoch_with_trails")
        # The samples now sit right of the centre; their trails run 1 layout unit to the left.
        x0, y0, x1, y1 = box
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        half = (y1 - y0) // 2
        left = (cx - int(0.9 * half), cy - half // 4, cx - int(0.2 * half), cy + half // 4)
        changed = guidriver.region_difference(before, after, left)
        checks.check(changed > 0.02,
                     "trails drawn left of the samples: %.1f%% of that region changed" % (
                         100 * changed))
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
