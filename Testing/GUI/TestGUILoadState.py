"""File > Load State of Examples/NeuroTour.pvsm in the GUI (issue #12, item 2).

Drives the GUI as a user: File menu > Load State..., types the state's path into ParaView's
file dialog, Return, accepts the Load State Options dialog with Return.
Asserts: the state's pipeline is loaded; its Grand Tour view is placed in a layout (it used
to be left out of every layout: the GUI showed an empty tab); the view on the screen shows
the toured samples (the view's region of a screenshot has enough non-background pixels of
many colours: thumbnails and the legend), and the region matches the baseline
Testing/Baselines/GUILoadStateView.png after both are reduced to 48x48 pixels. Finally File >
Exit with the Grand Tour view open ends paraview with exit code 0 within 30 s (the plugin
registers a finalizer with its first Grand Tour view).
"""
import os
import time

import guidriver
from guidriver import Checks, Session, log

STATE = os.environ.get("NEUROTOUR_GUI_STATE") or os.path.join(
    os.environ["NEUROTOUR_SOURCE_DIR"], "Examples", "NeuroTour.pvsm")
LAYOUT_AREA = (305, 195, 1595, 965)  # where the first layout's view is drawn
FILE_EXIT = (45, 498)


def test():
    checks = Checks()
    with Session("GUILoadState") as gui:
        gui.wait_main_window()
        gui.menu(gui.MENU_FILE, gui.FILE_LOAD_STATE)
        gui.wait_dialog("^Load State File$", 30)
        gui.type(STATE)
        gui.confirm_dialog("^Load State File$")
        gui.confirm_dialog("^Load State Options$")
        sources = gui.wait_until(lambda: gui.py(
            "result = sorted(k[0] for k in simple.GetSources())"), 60, "the state's pipeline")
        log("sources: %s" % sources)
        checks.check("UMAP 15-D" in sources, "the state's pipeline is loaded: %s" % sources)

        def placed():
            return gui.py("""
views = [v for v in simple.GetViews() if v.GetXMLName() == "GrandTourView"]
result = {"views": len(views), "placed": [simple.GetLayout(v) is not None for v in views],
          "layouts": len(simple.GetLayouts())}
""")
        try:
            where = gui.wait_until(lambda: (lambda p: p if any(p["placed"]) else None)(placed()),
                                   30, "the Grand Tour view to be placed in a layout")
        except guidriver.GuiFailure:
            where = placed()
        log("Grand Tour views: %s" % where)
        checks.check(where["views"] == 1, "the state has one Grand Tour view: %s" % where)
        in_layout = checks.check(any(where["placed"]),
                                 "the Grand Tour view is in a layout (%d layouts)" % where["layouts"])
        # The pipeline runs when the view first renders: wait for UMAP's 2,000 rows.
        rows = gui.wait_until(lambda: gui.py(
            "result = simple.FindSource('UMAP 15-D').GetDataInformation().GetNumberOfRows()"),
            90, "UMAP 15-D to produce its rows") if in_layout else 0
        checks.check(rows == 2000, "UMAP 15-D has 2000 rows: %s" % rows)
        time.sleep(3)
        if in_layout:
            box = gui.view_box("[v for v in simple.GetViews() if v.GetXMLName() == 'GrandTourView'][0]")
            # keep the probe's mouse pointer out of the picture
            gui.move(5, 990)
            time.sleep(1)
        else:
            box = LAYOUT_AREA
        log("view region on screen: %s" % (box,))
        shot = gui.screenshot("state_loaded")
        stats = guidriver.region_stats(shot, box)
        log("view region: %s" % stats)
        checks.check(stats["foreground"] > 0.01 and stats["colours"] > 100,
                     "the view shows samples: %.1f%% of its pixels differ from the background %s, "
                     "%d colours (%s)" % (100 * stats["foreground"], stats["background"],
                                          stats["colours"], shot))
        if in_layout:
            ok, error, reduced = guidriver.compare_with_baseline(shot, box, "GUILoadStateView.png")
            checks.check(ok, "the view matches its baseline: error %.3f (%s)" % (error, reduced))
        checks.check(gui.alive(), "paraview is alive after loading the state")
        gui.menu(gui.MENU_FILE, FILE_EXIT)
        asked = time.time()
        while gui.alive() and time.time() - asked < 30:
            time.sleep(0.2)
        code = gui.paraview.poll()
        checks.check(code == 0, "File > Exit ends paraview with exit code 0: %s after %.1f s%s" % (
            guidriver.signal_name(code), time.time() - asked,
            "" if code == 0 else "; its log ends:\n" + gui.log_tail(12)))
    checks.finish()


guidriver.run(test)
