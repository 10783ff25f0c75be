"""GUI start-up with the plugin on PV_PLUGIN_PATH (issue #12, item 1).

Starts `paraview` with PV_PLUGIN_PATH set to the plugin's folder, as the README tells users to.
Asserts: the main window appears and the process is still alive 10 s after it appeared (it
used to die with SIGSEGV ~1 s after start, in vtkInitializationHelper::LoadSettings / ParaView's
finalization run by the plugin's library unload); the plugin is loaded (the NeuroTour filters
are in paraview.simple inside the GUI, the Grand Tour view type is registered); and the
Filters menu has a NeuroTour submenu (screenshot of the opened menu, its item checked by
selecting it with the keyboard and opening the submenu).
"""
import time

import guidriver
from guidriver import Checks, Session, log


def test():
    checks = Checks()
    with Session("GUIStartup") as gui:
        gui.wait_main_window()
        appeared = time.time()
        # Survive 10 s with the window up (the crash came ~1 s after start).
        while time.time() - appeared < 10:
            gui.check_alive("the 10 s after the main window appeared")
            time.sleep(0.5)
        checks.check(gui.alive(), "paraview is alive 10 s after its window appeared")
        info = gui.py("""
from paraview import servermanager
pxm = servermanager.ProxyManager()
result = {
  "filters": [n for n in ("ActivationExtraction", "IDXReader", "UMAPEmbedding", "PCAReduction")
              if hasattr(simple, n)],
  "view_type": pxm.GetPrototypeProxy("views", "GrandTourView") is not None,
}
""")
        log("agent: %s" % info)
        checks.check(sorted(info["filters"]) == sorted(["ActivationExtraction", "IDXReader",
                                                         "UMAPEmbedding", "PCAReduction"]),
                     "NeuroTour filters are in paraview.simple in the GUI: %s" % info["filters"])
        checks.check(info["view_type"], "the GrandTourView view type is registered")
        # Filters > NeuroTour: the submenu opens and lists the filters. Hovering the row
        # highlights it (only an existing, enabled item does) and the submenu is drawn to the
        # right of the menu: that region changes between the two screenshots.
        gui.focus()
        gui.click(*gui.MENU_FILTERS)
        time.sleep(1.0)
        before = gui.screenshot("filters_menu")
        gui.click(*gui.FILTERS_NEUROTOUR)
        time.sleep(1.0)
        after = gui.screenshot("filters_neurotour_submenu")
        x, y = gui.FILTERS_NEUROTOUR
        row = guidriver.region_stats(after, (x + 20, y - 3, x + 60, y + 3))
        red, green, blue = row["background"]
        checks.check(blue > red + 60, "the NeuroTour row of the Filters menu is highlighted "
                     "(colour %s)" % (row["background"],))
        submenu = (x + 210, y - 10, x + 400, y + 160)
        changed = guidriver.region_difference(before, after, submenu)
        checks.check(changed > 0.02, "the NeuroTour submenu opened to the right of the menu "
                     "(%.1f%% of its region changed)" % (100 * changed))
        gui.key("Escape", "Escape")
        time.sleep(0.5)
        checks.check(gui.alive(), "paraview is alive after the menus")
    checks.finish()


guidriver.run(test)
