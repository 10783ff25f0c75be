"""TSNE Embedding from the keyboard, its Perplexity typed in the panel, shown in the Grand Tour
view (issue #16, item 1).

Sets up (through the agent) 500 Fashion-MNIST test images and their PCA in a Grand Tour view,
then hides the PCA and makes the images the active source. Creates TSNE Embedding from the quick
launch (Ctrl+Space), types 20 into its Perplexity field, clicks Apply.
Asserts: the filter ran on Pixels with perplexity 20 and kept the 500 samples, with a 2-D
Embedding and its KL divergence; its output is shown in the Grand Tour view, whose picture
changed from the empty view before; paraview stays alive.
"""
import time

import guidriver
from guidriver import Checks, Session, log

VIEW = guidriver.GRAND_TOUR_VIEW
SETUP = guidriver.pca_tour_setup("view.ShowLegend = 0") + """
simple.Hide(pca, view)
simple.SetActiveSource(images)
simple.Render(view)
"""
STATE = """
view = %s
tsne = simple.FindSource("TSNEEmbedding1")
result = None
if tsne is not None:
    info = tsne.GetDataInformation()
    table = simple.servermanager.Fetch(tsne)
    kl = table.GetFieldData().GetArray("TSNEKLDivergence")
    result = {"array": tsne.SMProxy.GetProperty("ArrayName").GetElement(0), "perplexity": tsne.Perplexity, "rows": info.GetNumberOfRows(),
              "components": table.GetColumnByName("Embedding").GetNumberOfComponents()
                            if table.GetColumnByName("Embedding") else 0,
              "kl": kl.GetValue(0) if kl else None,
              "shown": simple.GetDisplayProperties(tsne, view).Visibility}
""" % VIEW
# The Properties panel's Perplexity field with TSNE Embedding active (found in a screenshot).
PERPLEXITY_FIELD = (211, 668)


def test():
    checks = Checks()
    with Session("GUITSNE") as gui:
        gui.wait_main_window()
        gui.py(SETUP, timeout=90)
        time.sleep(2)
        box = gui.view_box(VIEW)
        before = gui.screenshot("empty_view")
        gui.quick_launch("TSNE Embedding")
        gui.wait_until(lambda: gui.py("result = simple.FindSource('TSNEEmbedding1') is not None"),
                       20, "TSNE Embedding to be created from the quick launch")
        time.sleep(1.0)
        gui.screenshot("panel")
        gui.click(*PERPLEXITY_FIELD)
        gui.key("ctrl+a")
        gui.type("20")
        time.sleep(0.5)
        gui.apply()
        gui.wait_until(lambda: (gui.py(STATE) or {}).get("rows") == 500, 60,
                       "the t-SNE of 500 images")
        time.sleep(2.0)
        state = gui.py(STATE)
        log("after Apply: %s" % state)
        checks.check(state is not None and state["array"] == "Pixels" and state["perplexity"] == 20
                     and state["rows"] == 500 and state["components"] == 2 and state["kl"] is not None
                     and state["kl"] > 0,
                     "t-SNE of the 500 images' Pixels with the perplexity typed: %s" % state)
        checks.check(state is not None and state["shown"], "its output is shown in the Grand Tour view")
        after = gui.screenshot("tsne_in_view")
        changed = guidriver.region_difference(before, after, box)
        checks.check(changed > 0.01, "the embedding is drawn: %.1f%% of the view changed" % (100 * changed))
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
