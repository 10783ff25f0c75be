"""Channel order and pooled size in the GUI (issue #15, items 1 and 2).

Sets up (through the agent) an .npz of 60 RGB images stored channels-last at 4 x 4 (N x 4 x 4 x
3: axis 1 could be channels too, so Automatic must ask) and a small scripted CNN (conv 3->4,
ReLU, adaptive average pool to 1 x 1, linear), and opens the file with NumPy Reader. Then, in
the Properties panel: picks Channel Order "Last" from its drop-down and clicks Apply; creates
Activation Extraction from the keyboard, types the model's path, checks layers 1 (ReLU, 4 x 4 x
4) and 2 (the pool, 4 x 1 x 1) in the Layers list, types 2 in Pooled Size, clicks Apply.
Asserts: the ambiguous file gives an error naming Channel Order and no rows; after "Last" the
reader gives 60 samples of shape 3 x 4 x 4; the extraction pools layer 1 down to 4 x 2 x 2 = 16
values and leaves layer 2's 4 x 1 x 1 as it is (pooling never enlarges a map).
"""
import time

import guidriver
from guidriver import Checks, Session, log

SETUP = """
import os
import numpy as np
import torch
directory = os.path.join(%r, "rgb")
os.makedirs(directory, exist_ok=True)
rng = np.random.default_rng(0)
path = os.path.join(directory, "rgb.npz")
np.savez(path, Pixels=rng.integers(0, 256, size=(60, 4, 4, 3), dtype=np.uint8),
         Label=np.arange(60, dtype=np.int32) %% 3)
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.ReLU(),
                            torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(4, 3))
torch.jit.script(model.eval()).save(os.path.join(directory, "cnn.pt"))
rgb = simple.NumPyReader(registrationName="rgb", FileNames=[path], ArrayName="Pixels")
simple.SetActiveSource(rgb)
import neurotour
try:
    rgb.UpdatePipeline()
    error = ""
except neurotour.NeuroTourError as failure:
    error = str(failure)
result = {"model": os.path.join(directory, "cnn.pt"), "error": error,
          "rows": rgb.GetDataInformation().GetNumberOfRows()}
"""
READER = """
rgb = simple.FindSource("rgb")
table = simple.servermanager.Fetch(rgb)
shape = table.GetFieldData().GetArray("SampleShape")
result = {"order": rgb.GetProperty("ChannelOrder").GetElement(0), "rows": table.GetNumberOfRows(),
          "shape": [int(shape.GetValue(i)) for i in range(shape.GetNumberOfTuples())] if shape else []}
"""
EXTRACTION = """
ae = [p for p in simple.GetSources().values() if p.GetXMLName() == "ActivationExtraction"][0]
result = None
if list(ae.Layers) and ae.GetDataInformation().GetNumberOfRows() > 0:
    data = simple.servermanager.Fetch(ae)
    result = {"layers": list(ae.Layers), "pooled": ae.PooledSize, "widths": {
        data.GetMetaData(i).Get(data.NAME()):
            data.GetBlock(i).GetColumnByName("Activations").GetNumberOfComponents()
        for i in range(data.GetNumberOfBlocks())
        if data.GetBlock(i).GetColumnByName("Activations") is not None}}
"""
# The Properties panel (default dock layout, 1600x1000 window), found in screenshots: NumPy
# Reader's Channel Order drop-down; Activation Extraction's Model File field, first Layers
# checkbox and row pitch (as GUI.TestGUIModelLayers), and Pooled Size field.
CHANNEL_ORDER = (190, 661)
MODEL_FILE_FIELD = (181, 602)
FIRST_LAYER_CHECKBOX = (138, 657)
LAYER_ROW = 17.1
POOLED_SIZE_FIELD = (220, 886)


def test():
    checks = Checks()
    with Session("GUIChannelsAndPooling") as gui:
        gui.wait_main_window()
        setup = gui.py(SETUP % gui.output, timeout=120)
        log("set-up: %s" % setup)
        checks.check(setup["rows"] == 0 and "Channel" in setup["error"],
                     "an N x 4 x 4 x 3 array is ambiguous: an error naming the channel order and "
                     "no rows: %s" % setup)
        time.sleep(1.0)
        gui.screenshot("reader_panel")

        # Channel Order: open the drop-down, pick its last entry ("Last"), Apply.
        gui.focus()
        gui.click(*CHANNEL_ORDER)
        time.sleep(0.6)
        gui.key("End", "Return")
        time.sleep(0.5)
        gui.apply()
        time.sleep(3.0)
        reader = gui.py(READER)
        log("after Channel Order 'Last' and Apply: %s" % reader)
        checks.check(reader["order"] == "Last" and reader["rows"] == 60 and reader["shape"] == [3, 4, 4],
                     "Channel Order 'Last' from the panel: 60 samples of 3 x 4 x 4: %s" % reader)
        gui.screenshot("channels_last_applied")

        gui.quick_launch("Activation Extraction")
        gui.wait_until(lambda: gui.py(
            "result = any(p.GetXMLName() == 'ActivationExtraction' for p in simple.GetSources().values())"),
            20, "Activation Extraction to be created from the quick launch")
        time.sleep(1.0)
        gui.focus()
        gui.click(*MODEL_FILE_FIELD)
        time.sleep(0.3)
        gui.type(setup["model"])
        time.sleep(3.0)
        # The scripted Sequential's layers are 0 (conv), 1 (ReLU), 2 (pool), 3, 4.
        for row in (1, 2):
            gui.click(FIRST_LAYER_CHECKBOX[0], int(round(FIRST_LAYER_CHECKBOX[1] + row * LAYER_ROW)))
            time.sleep(0.4)
        gui.screenshot("extraction_panel")
        gui.click(*POOLED_SIZE_FIELD)
        gui.key("ctrl+a")
        gui.type("2")
        time.sleep(0.5)
        gui.apply()
        try:
            extracted = gui.wait_until(lambda: gui.py(EXTRACTION), 60,
                                       "Activation Extraction to run after Apply")
        except guidriver.GuiFailure as failure:
            extracted = None
            log(str(failure))
        log("after Apply: %s" % extracted)
        gui.screenshot("extraction_applied")
        checks.check(extracted is not None and extracted["layers"] == ["1", "2"] and
                     extracted["pooled"] == 2,
                     "layers 1 and 2 with Pooled Size 2 from the panel: %s" % extracted)
        checks.check(extracted is not None and extracted["widths"].get("1") == 16 and
                     extracted["widths"].get("2") == 4,
                     "layer 1 pooled to 4 x 2 x 2 = 16, layer 2 (4 x 1 x 1) left as it is: %s"
                     % (extracted and extracted["widths"]))
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
