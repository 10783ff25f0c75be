"""An animated layer switch in the Grand Tour view (issue #16, item 3).

Sets up (through the agent) 500 Fashion-MNIST test images through the trained CNN (relu3 and
fc2), each in 10 principal components aligned by LayerAlignment's linear method, shown in a Grand Tour view at relu3, and
records each LayerTransition value the view is rendered with. Types "Layer" in the Properties
panel's search field and picks fc2, the last entry, from the Layer drop-down that remains.
Asserts: the view shows fc2; the switch was animated (several renders between 0 and 1, rising,
over about 0.7 s, ending at 1); a screenshot taken during the switch differs from the picture
before; the final picture differs from relu3's; the Python trace of the switch holds the Layer
and not the transition's steps.
"""
# requires: models
import os
import time

import guidriver
from guidriver import Checks, Session, log

VIEW = guidriver.GRAND_TOUR_VIEW
MODEL = os.path.join(os.environ["NEUROTOUR_MODELS"], "fashion_cnn_epoch2.pt")
IMAGES = os.path.join(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"),
                      "t10k-images-idx3-ubyte.gz")
SETUP = """
images = simple.IDXReader(registrationName="images", FileName=%r, MaximumNumberOfSamples=500)
activations = simple.ActivationExtraction(registrationName="activations", Input=images,
                                          ModelFile=%r, Layers=["relu3", "fc2"])
principal = simple.PCAReduction(registrationName="principal", Input=activations,
                                ArrayName="Activations", NumberOfComponents=10)
layers = simple.LayerAlignment(registrationName="layers", Input=principal,
                               ArrayName="Embedding", Method="linear")
""" % (IMAGES, MODEL) + guidriver.tour_view_setup(
    "layers", "view.ShowLegend = 0") + """
import time
from paraview import smtrace
display = simple.GetDisplayProperties(layers, view)
display.Layer = "relu3"
simple.SetActiveSource(layers)
simple.Render(view)
renders = simple._layer_transition_renders = []  # kept between agent commands
transition = display.SMProxy.GetProperty("LayerTransition")
view.GetRenderWindow().AddObserver(
    "EndEvent", lambda caller, event: renders.append((time.time(), transition.GetElement(0))))
smtrace.start_trace()
"""
STATE = """
renders = simple._layer_transition_renders
display = simple.GetDisplayProperties(simple.FindSource("layers"), %s)
result = {"layer": display.SMProxy.GetProperty("Layer").GetElement(0), "renders": [(t - renders[0][0], s) for t, s in renders]
          if renders else []}
""" % VIEW
# Found in screenshots: the panel's search field, and the Layer drop-down once the search
# leaves it alone in the panel.
SEARCH_FIELD = (130, 539)
LAYER = (165, 696)


def test():
    checks = Checks()
    with Session("GUILayerTransition") as gui:
        gui.wait_main_window()
        gui.py(SETUP, timeout=120)
        time.sleep(2)
        box = gui.view_box(VIEW)
        before = gui.screenshot("relu3")
        gui.py("simple._layer_transition_renders.clear()")
        gui.focus()
        gui.click(*SEARCH_FIELD)
        time.sleep(0.3)
        gui.type("Layer")
        time.sleep(1.0)
        gui.screenshot("searched")
        gui.click(*LAYER)
        time.sleep(0.6)
        gui.key("End", "Return")
        time.sleep(0.25)
        during = gui.screenshot("during_switch")
        time.sleep(2.0)
        after = gui.screenshot("fc2")
        state = gui.py(STATE)
        trace = gui.py("from paraview import smtrace\nresult = smtrace.stop_trace()")
        log("after the switch: %s" % state)
        checks.check(state["layer"] == "fc2", "the drop-down switched the layer to fc2: %s" % state)
        steps = [s for t, s in state["renders"]]
        between = [(t, s) for t, s in state["renders"] if 0.0 < s < 1.0]
        checks.check(len(between) >= 3 and steps and steps[-1] == 1.0 and
                     all(b >= a for a, b in zip(steps, steps[1:])),
                     "the switch was animated, rising to 1: %s" % state["renders"])
        if between:
            span = between[-1][0] - state["renders"][0][0]
            checks.check(0.3 < span < 1.5, "over about 0.7 s: %.2f s" % span)
        changed = guidriver.region_difference(before, during, box)
        checks.check(changed > 0.002, "the picture moved during the switch (%.2f%% of the view "
                     "changed)" % (100 * changed))
        changed = guidriver.region_difference(before, after, box)
        checks.check(changed > 0.01, "fc2 is drawn (%.1f%% of the view changed)" % (100 * changed))
        log("trace:\n%s" % trace)
        checks.check(trace is not None and "Layer = 'fc2'" in trace and
                     "LayerTransition" not in trace,
                     "the trace holds the layer switch and not the transition's steps")
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
