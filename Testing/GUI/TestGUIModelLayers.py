"""Activation Extraction's Layers in the GUI (issue #12, item 3).
# requires: models

On an IDX reader (set up through the agent), creates Activation Extraction from the keyboard
(Ctrl+Space, its name, Return), clicks the Model File field and types a trained model's path.
Asserts: before Apply, the Layers property's domain fills with the model's nine layers in
execution order and the panel's list shows them (the list's screen region gains text); the
layers clicked in the list are the property's unchecked values (nothing applied yet); after
Apply the filter has exactly those layers and its output has one block per layer.
"""
import os
import time

import guidriver
from guidriver import Checks, Session, log

MODEL = os.path.join(os.environ["NEUROTOUR_MODELS"], "fashion_cnn_epoch1.pt")
IMAGES = os.path.join(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"),
                      "t10k-images-idx3-ubyte.gz")
LAYERS = ["conv1", "pool1", "relu1", "conv2", "pool2", "relu2", "fc1", "relu3", "fc2"]
# The Activation Extraction panel (default dock layout, 1600x1000 window).
MODEL_FILE_FIELD = (181, 602)
LAYER_LIST = (127, 640, 268, 810)
FIRST_LAYER_CHECKBOX = (138, 657)
LAYER_ROW = 17.1  # pixels between rows of the list

DOMAIN = """
ae = [p for p in simple.GetSources().values() if p.GetXMLName() == "ActivationExtraction"][0]
layers = ae.GetProperty("Layers")
domain = layers.FindDomain("vtkSMStringListDomain")
result = {"domain": [domain.GetString(i) for i in range(domain.GetNumberOfStrings())],
          "checked": list(ae.Layers),
          "unchecked": [layers.GetUncheckedElement(i)
                        for i in range(layers.GetNumberOfUncheckedElements())]}
"""


def test():
    checks = Checks()
    with Session("GUIModelLayers") as gui:
        gui.wait_main_window()
        gui.py("""
images = simple.IDXReader(registrationName="images", FileName=%r, MaximumNumberOfSamples=300)
images.UpdatePipeline()
simple.SetActiveSource(images)
result = images.GetDataInformation().GetNumberOfRows()
""" % IMAGES)
        gui.quick_launch("Activation Extraction")
        gui.wait_until(lambda: gui.py(
            "result = any(p.GetXMLName() == 'ActivationExtraction' for p in simple.GetSources().values())"),
            20, "Activation Extraction to be created from the quick launch")
        time.sleep(1.0)
        empty = gui.py(DOMAIN)
        log("before a model file: %s" % empty)
        checks.check(empty["domain"] == [], "no layers listed before a model file is chosen")
        before = gui.screenshot("filter_created")

        gui.focus()
        gui.click(*MODEL_FILE_FIELD)
        time.sleep(0.3)
        gui.type(MODEL)
        typed = time.time()
        try:
            state = gui.wait_until(lambda: (lambda s: s if s["domain"] else None)(gui.py(DOMAIN)),
                                   20, "the Layers domain to fill from the model file")
            log("domain filled %.1f s after the file name was typed: %s" % (time.time() - typed, state))
        except guidriver.GuiFailure as failure:
            state = gui.py(DOMAIN)
            log(str(failure))
        checks.check(state["domain"] == LAYERS,
                     "before Apply, Layers lists the model's layers in execution order: %s" %
                     state["domain"])
        checks.check(state["checked"] == [], "nothing applied yet: Layers = %s" % state["checked"])
        time.sleep(0.5)
        listed = gui.screenshot("model_file_typed")
        changed = guidriver.region_difference(before, listed, LAYER_LIST)
        checks.check(changed > 0.02, "the panel's layer list shows the layers (%.1f%% of the "
                     "list's pixels changed)" % (100 * changed))

        # Check relu3 and fc2 in the list.
        wanted = ["relu3", "fc2"]
        for name in wanted:
            row = LAYERS.index(name)
            gui.click(FIRST_LAYER_CHECKBOX[0], int(round(FIRST_LAYER_CHECKBOX[1] + row * LAYER_ROW)))
            time.sleep(0.4)
        state = gui.py(DOMAIN)
        checks.check(state["unchecked"] == wanted and state["checked"] == [],
                     "checked layers wait for Apply: unchecked %s, applied %s" % (
                         state["unchecked"], state["checked"]))
        gui.screenshot("layers_checked")

        gui.apply()
        applied = gui.wait_until(lambda: gui.py("""
ae = [p for p in simple.GetSources().values() if p.GetXMLName() == "ActivationExtraction"][0]
result = None
if list(ae.Layers) and ae.GetDataInformation().GetNumberOfRows() > 0:
    data = simple.servermanager.Fetch(ae)
    result = {"layers": list(ae.Layers),
              "blocks": [data.GetMetaData(i).Get(data.NAME()) for i in range(data.GetNumberOfBlocks())]}
"""), 90, "Activation Extraction to run after Apply")
        log("after Apply: %s" % applied)
        checks.check(applied["layers"] == wanted, "after Apply, Layers = %s" % applied["layers"])
        checks.check([b for b in applied["blocks"] if b in LAYERS] == wanted,
                     "one output block per checked layer: %s" % applied["blocks"])
        gui.screenshot("applied")
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
