"""UMAP Transform in the GUI: a two-input filter composed as a user does (issue #15, item 5).

Through the agent: a UMAP Embedding of 2,000 Fashion-MNIST training images (applied) and a
reader of 500 test images, active. Then from the keyboard: Ctrl+Space "UMAP Transform",
Return. ParaView's Change Input dialog opens with the test reader as Input; the test clicks the
Reference port, then the UMAP Embedding in the dialog's pipeline, then OK, then Apply.
Asserts: the filter's Input and Reference are the ones clicked, Array Name defaults to Pixels,
after Apply every test image has a finite place whose 10 nearest training images in the
embedding mostly share its class, and the Grand Tour view that opens tours that Embedding.
"""
import os
import time

import guidriver
from guidriver import Checks, Session, log

FASHION = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
DIALOG = "Change Input Dialog"
# In the dialog (500x400 at 540,260 on the 1600x1000 screen): the Reference port's radio
# button, the UMAP Embedding ("fit") in its pipeline tree, and OK.
REFERENCE_PORT = (557, 334)
FIT_IN_TREE = (745, 329)
OK = (902, 636)

STATE = """
proxy = [p for p in simple.GetSources().values() if p.GetXMLName() == "UMAPTransform"]
result = None
if proxy:
    t = proxy[0]
    name = lambda p: [k[0] for k, v in simple.GetSources().items() if v == p]
    result = {"input": name(t.Input), "reference": name(t.Reference), "array": t.SMProxy.GetProperty("ArrayName").GetElement(0),
              "rows": t.GetDataInformation().GetNumberOfRows()}
"""

PLACED = """
import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
t = [p for p in simple.GetSources().values() if p.GetXMLName() == "UMAPTransform"][0]
fit = simple.FindSource("fit")
def column(proxy, name):
    table = simple.servermanager.Fetch(proxy)
    return vtk_to_numpy(table.GetColumnByName(name)).reshape(table.GetNumberOfRows(), -1)
placed, labels = column(t, "Embedding"), column(t, "Label").ravel()
fitted, fitted_labels = column(fit, "Embedding"), column(fit, "Label").ravel()
distances = ((placed[:, None, :] - fitted[None, :, :]) ** 2).sum(-1)
nearest = np.argsort(distances, axis=1)[:, :10]
votes = np.array([np.bincount(fitted_labels[row], minlength=10).argmax() for row in nearest])
result = {"shape": list(placed.shape), "finite": bool(np.isfinite(placed).all()),
          "accuracy": float((votes == labels).mean())}
"""


def test():
    checks = Checks()
    with Session("GUIUMAPTransform") as gui:
        gui.wait_main_window()
        gui.py("""
train = simple.IDXReader(registrationName="train", FileName=%r, MaximumNumberOfSamples=2000)
fit = simple.UMAPEmbedding(registrationName="fit", Input=train, ArrayName="Pixels")
test = simple.IDXReader(registrationName="test", FileName=%r, MaximumNumberOfSamples=500)
fit.UpdatePipeline()
test.UpdatePipeline()
simple.SetActiveSource(test)
result = 1
""" % (os.path.join(FASHION, "train-images-idx3-ubyte.gz"),
       os.path.join(FASHION, "t10k-images-idx3-ubyte.gz")))
        gui.quick_launch("UMAP Transform")
        dialog = gui.wait_dialog(DIALOG, 30)
        gui.screenshot("change_input_dialog")
        gui.click(*REFERENCE_PORT)
        time.sleep(0.5)
        gui.click(*FIT_IN_TREE)
        time.sleep(0.5)
        gui.screenshot("reference_chosen")
        gui.click(*OK)
        gui.wait_until(lambda: dialog not in gui.find_windows(DIALOG), 10,
                       "the Change Input dialog to close on OK")
        state = gui.wait_until(lambda: gui.py(STATE), 20, "UMAP Transform to be created")
        log("created: %s" % state)
        checks.check(state["input"] == ["test"] and state["reference"] == ["fit"],
                     "Input is the test reader and Reference the UMAP Embedding, as clicked: %s"
                     % state)
        checks.check(state["array"] == "Pixels", "Array Name defaults to the features: %r"
                     % state["array"])

        gui.apply()
        applied = gui.wait_until(lambda: (lambda s: s if s and s["rows"] == 500 else None)(
            gui.py(STATE)), 90, "UMAP Transform to run after Apply")
        placed = gui.py(PLACED)
        log("placed: %s" % placed)
        checks.check(placed["shape"] == [500, 2] and placed["finite"],
                     "every test image has a finite 2-D place: %s" % placed)
        checks.check(placed["accuracy"] > 0.6,
                     "placed test images lie among training images of their class (10-NN "
                     "accuracy %.3f)" % placed["accuracy"])
        toured = gui.py("""
views = [v for v in simple.GetViews() if v.GetXMLName() == "GrandTourView"]
result = [v.SMProxy.GetProperty("CoordinatesArray").GetElement(0) for v in views]
""")
        checks.check(toured == ["Embedding"],
                     "the Grand Tour view tours the placed Embedding, not the Pixels before it: %s"
                     % toured)
        gui.screenshot("applied")
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
