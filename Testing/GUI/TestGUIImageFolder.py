"""Image Folder Reader in the GUI (issue #15, item 4): a user's own RGB images, toured.

Writes a small ImageFolder tree (3 classes of RGB PNGs of different sizes, drawn with plain
colours so each class is recognisable) with ImageMagick. Then as a user: Ctrl+Space "Image
Folder Reader", Return; clicks the Directory Name field and types the folder; Resize Size and
Crop Size are set through the agent; Apply. Asserts: the reader's properties are what was
typed, its output has every image as 3 x 16 x 16 Pixels with the class folders as LabelNames, and
the Grand Tour view that opens draws them (its region gains coloured pixels).
"""
import os
import subprocess
import time

import guidriver
from guidriver import Checks, Session, log

# The reader's panel (default dock layout, 1600x1000 window): its first property's text field.
DIRECTORY_FIELD = (181, 602)
VIEW_BOX = (960, 230, 1590, 960)
CLASSES = {"apple": "red", "grass": "green", "sky": "blue"}

STATE = """
r = [p for p in simple.GetSources().values() if p.GetXMLName() == "ImageFolderReader"]
result = None
if r:
    r = r[0]
    info = r.GetDataInformation()
    result = {"directory": r.SMProxy.GetProperty("DirectoryName").GetElement(0),
              "rows": info.GetNumberOfRows()}
    if result["rows"]:
        data = simple.servermanager.Fetch(r)
        pixels = data.GetColumnByName("Pixels")
        names = data.GetFieldData().GetAbstractArray("LabelNames")
        result["components"] = pixels.GetNumberOfComponents()
        result["names"] = [names.GetValue(i) for i in range(names.GetNumberOfValues())]
        result["labels"] = sorted(set(int(data.GetColumnByName("Label").GetValue(i))
                                      for i in range(data.GetNumberOfRows())))
"""


def make_folder(root):
    for index, (name, colour) in enumerate(sorted(CLASSES.items())):
        os.makedirs(os.path.join(root, name))
        for i in range(4):
            size = "%dx%d" % (20 + 3 * i, 24 + 2 * i)
            subprocess.run([guidriver.CONVERT, "-size", size, "xc:" + colour, "-fill", "white",
                            "-draw", "point %d,%d" % (i, i),
                            os.path.join(root, name, "%s_%d.png" % (name, i))], check=True)


def test():
    checks = Checks()
    with Session("GUIImageFolder") as gui:
        root = os.path.join(gui.output, "folder")
        make_folder(root)
        gui.wait_main_window()
        gui.quick_launch("Image Folder Reader")
        gui.wait_until(lambda: gui.py(STATE), 20, "Image Folder Reader to be created")
        before = gui.screenshot("reader_created")
        gui.focus()
        gui.click(*DIRECTORY_FIELD)
        time.sleep(0.3)
        gui.type(root)
        time.sleep(0.5)
        # The images differ in size: Resize Size and Crop Size are set through the agent (the
        # panel's further fields move with its layout), still un-applied like the typed folder.
        gui.py("""
r = [p for p in simple.GetSources().values() if p.GetXMLName() == "ImageFolderReader"][0]
r.ResizeSize = 18
r.CropSize = 16
result = 1
""")
        gui.screenshot("directory_typed")
        gui.apply()
        state = gui.wait_until(lambda: (lambda s: s if s and s["rows"] else None)(gui.py(STATE)),
                               60, "the reader to read the folder after Apply")
        log("after Apply: %s" % state)
        checks.check(state["directory"] == root, "Directory Name is the folder typed: %r"
                     % state["directory"])
        checks.check(state["rows"] == 12 and state["components"] == 3 * 16 * 16
                     and state["names"] == sorted(CLASSES)
                     and state["labels"] == [0, 1, 2],
                     "12 images, classes from the sub-folders: %s" % state)
        time.sleep(1.5)
        shown = gui.screenshot("applied")
        changed = guidriver.region_difference(before, shown, VIEW_BOX)
        checks.check(changed > 0.001, "the view draws the images (%.2f%% of its pixels changed)"
                     % (100 * changed))
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
