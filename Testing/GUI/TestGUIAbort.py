"""The status bar's abort button stops a running NeuroTour filter (main's 778ef9b).

Sets up (through the agent) 500 Fashion-MNIST images and PCA to 5 components, creates UMAP
Embedding on it from the keyboard (Ctrl+Space), sets 100,000 epochs (about a minute of work),
clicks Apply and, 3 s later, the abort button at the left of the status bar's progress bar.
Asserts: the GUI answers afterwards (the agent's Qt timer runs again, and File > Load
State... opens its dialog) within 15 s, the aborted filter's output is empty and stays empty
over renders (VTK re-requests aborted outputs; they must not rerun the whole filter), and
Apply, after lowering the epochs, runs it again to a full output.
"""
import os
import time

import guidriver
from guidriver import Checks, Session, log

IMAGES = os.path.join(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"),
                      "t10k-images-idx3-ubyte.gz")
ABORT = (533, 985)  # the status bar's abort button, left of the progress bar
BOUND = 15.0


def test():
    checks = Checks()
    with Session("GUIAbort") as gui:
        gui.wait_main_window()
        gui.py("""
images = simple.IDXReader(registrationName="images", FileName=%r, MaximumNumberOfSamples=500)
pca = simple.PCAReduction(registrationName="pca", Input=images, ArrayName="Pixels",
                          NumberOfComponents=5)
pca.UpdatePipeline()
simple.SetActiveSource(pca)
result = True
""" % IMAGES, timeout=90)
        gui.quick_launch("UMAP Embedding")
        gui.wait_until(lambda: gui.py("result = simple.FindSource('UMAPEmbedding1') is not None"),
                       20, "UMAP Embedding to be created from the quick launch")
        gui.py("umap = simple.FindSource('UMAPEmbedding1')\numap.ArrayName = 'Embedding'\n"
               "umap.NumberOfEpochs = 100000\nresult = True")
        time.sleep(0.5)
        gui.apply()
        time.sleep(3.0)
        running = gui.screenshot("umap_running")
        bar = guidriver.region_stats(running, (560, 975, 1040, 995))
        checks.check(bar["foreground"] > 0.1, "a progress bar shows while UMAP runs (%s)" % running)
        gui.click(*ABORT)
        clicked = time.time()
        log("clicked the abort button")
        try:
            rows = gui.py("result = simple.FindSource('UMAPEmbedding1').GetDataInformation()"
                          ".GetNumberOfRows()", timeout=BOUND)
            checks.check(True, "the GUI's timers run %.1f s after the abort button" % (
                time.time() - clicked))
            checks.check(rows == 0, "the aborted UMAP Embedding has an empty output: %s rows" % rows)
        except guidriver.GuiFailure:
            beats = [b for b in gui.heartbeats() if b > clicked]
            checks.check(False, "the GUI's timers never ran in the %.0f s after the abort button "
                         "(%d heartbeats)" % (BOUND, len(beats)))
        gui.screenshot("after_abort")
        gui.menu(gui.MENU_FILE, gui.FILE_LOAD_STATE)
        try:
            gui.wait_window("^Load State File$", BOUND)
            checks.check(True, "File > Load State... opens its dialog after the abort")
            gui.confirm_dialog("^Load State File$", key="Escape")
        except guidriver.GuiFailure:
            gui.screenshot("no_dialog")
            checks.check(False, "File > Load State... opened no dialog within %.0f s after the "
                         "abort: the GUI takes no input" % BOUND)
        rendered = time.time()
        rows = gui.py("simple.Render()\nresult = simple.FindSource('UMAPEmbedding1')"
                      ".GetDataInformation().GetNumberOfRows()", timeout=BOUND)
        checks.check(rows == 0 and time.time() - rendered < 5.0,
                     "a render after the abort leaves the output empty at once: %s rows in %.1f s"
                     % (rows, time.time() - rendered))
        gui.py("simple.FindSource('UMAPEmbedding1').NumberOfEpochs = 50\nresult = True")
        time.sleep(0.5)
        gui.apply()
        try:
            gui.wait_until(lambda: gui.py("result = simple.FindSource('UMAPEmbedding1')"
                                          ".GetDataInformation().GetNumberOfRows() == 500"),
                           60, "the UMAP Embedding to run again on Apply")
            checks.check(True, "Apply after the abort runs the filter again: 500 rows")
        except guidriver.GuiFailure:
            gui.screenshot("not_rerun")
            checks.check(False, "Apply after the abort did not give the 500 rows")
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
