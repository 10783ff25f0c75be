"""A handle drag in the Grand Tour view changes the projection (issue #12, item 5).

Sets up (through the agent) 500 Fashion-MNIST images, PCA to 5 components and a Grand Tour
view of them in the layout, at the start frame [e0 e1] (axis 0's handle at (1, 0)). Locates
the view on the screen, computes where axis 0's handle is drawn, and drags it with the mouse
(xdotool: press, 20 moves, release) to where (0.5, 0.5) is drawn.
Asserts: the view proxy's ProjectionMatrix property (what a state file saves) and the frame
the view reports both have row 0 at (0.707, 0.707) (the dropped direction, normalised), the
frame is orthonormal and the view's pixels change. Then the view's own controls: the Play
button advances TourTime (and the picture moves) until it is pressed again; a click on the
speed slider raises Speed. All of it was traced by the real pqGrandTourView: the trace holds
the drag, Play, Pause and the speed, and replayed in a fresh pvpython (after the same set-up)
it gives the GUI's TourTime, TourOrigin, Speed, Playing, ProjectionMatrix and frame. Last,
"Reset projection" puts axis 0 back at (1, 0).
"""
import json
import math
import os
import subprocess
import time

import guidriver
from guidriver import Checks, Session, log

SETUP = guidriver.pca_tour_setup('view.ShowAxisHandles = 1')
VIEW = guidriver.GRAND_TOUR_VIEW

TO_DISPLAY = """
view = %s
renderer = view.GetRenderer()
points = []
for x, y in %%r:
    renderer.SetWorldPoint(x, y, 0.2, 1.0)
    renderer.WorldToDisplay()
    points.append(list(renderer.GetDisplayPoint())[:2])
result = {"points": points, "size": list(view.ViewSize)}
""" % VIEW

FRAME = """
import neurotour  # the plugin's Python module: view.GetProjectionMatrix()
view = %s
flat = list(view.ProjectionMatrix)
result = {"property": [flat[i:i + 2] for i in range(0, len(flat), 2)],
          "frame": [list(row) for row in view.GetProjectionMatrix()]}
""" % VIEW


STATE = """
view = %s
view.SMProxy.UpdatePropertyInformation()
info = view.SMProxy.GetProperty("ProjectionMatrixInfo")
result = {"TourTime": view.TourTime, "TourOrigin": view.TourOrigin, "Speed": view.Speed,
          "Playing": view.Playing, "ProjectionMatrix": list(view.ProjectionMatrix),
          "frame": [info.GetElement(i) for i in range(info.GetNumberOfElements())]}
""" % VIEW

REPLAY = """
import json, os
from paraview import simple
simple.LoadPlugin(os.environ["NEUROTOUR_PLUGIN"], ns=globals())
simple.CreateLayout("Layout #1")  # pvpython starts with none; the set-up uses the first
exec(compile(%r, "setup", "exec"))
simple.SetActiveView(view)
exec(compile(%r, "traced_controls.py", "exec"))
simple.Render(view)
%s
print("REPLAYED " + json.dumps(result))
"""


def replay(gui, trace):
    """Runs the GUI's set-up, then the trace, in pvpython; the view's state afterwards."""
    script = os.path.join(gui.output, "replay.py")
    with open(script, "w") as f:
        f.write(REPLAY % (SETUP.replace("result = list(view.ViewSize)", ""), trace, STATE))
    done = subprocess.run(["pvpython", "--force-offscreen-rendering", script],
                          env=dict(gui.environment(), NEUROTOUR_PLUGIN=os.environ["NEUROTOUR_PLUGIN"]),
                          capture_output=True, text=True, timeout=180)
    for line in done.stdout.splitlines():
        if line.startswith("REPLAYED "):
            return json.loads(line[len("REPLAYED "):])
    log("replay failed (%s):\n%s\n%s" % (done.returncode, done.stdout[-2000:], done.stderr[-3000:]))
    return {}


def test():
    checks = Checks()
    with Session("GUIHandleDrag") as gui:
        gui.wait_main_window()
        gui.py(SETUP, timeout=90)
        time.sleep(2)
        box = gui.view_box(VIEW)
        log("Grand Tour view on the screen: %s" % (box,))
        start = gui.py(FRAME)
        log("frame before the drag: %s" % start["frame"])
        checks.check(all(abs(a - b) < 1e-6 for a, b in zip(start["frame"][0], (1, 0))),
                     "axis 0 starts at (1, 0): %s" % start["frame"][0])
        where = gui.py(TO_DISPLAY % [(1.0, 0.0), (0.5, 0.5)])
        height = where["size"][1]
        screen = [(int(round(box[0] + x)), int(round(box[1] + height - 1 - y)))
                  for x, y in where["points"]]
        log("axis 0's handle at %s on the screen, dropped at %s" % (screen[0], screen[1]))
        gui.move(5, 990)
        time.sleep(0.5)
        before = gui.screenshot("before_drag")

        gui.py("from paraview import smtrace\nsmtrace.start_trace()\nresult = True")
        gui.drag(screen[0], screen[1], steps=20)
        time.sleep(1.0)
        gui.move(5, 990)
        time.sleep(1.0)
        after = gui.screenshot("after_drag")

        end = gui.py(FRAME)
        log("after the drag: property %s, frame %s" % (end["property"], end["frame"]))
        s = 1 / math.sqrt(2)
        for which in ("property", "frame"):
            rows = end[which]
            checks.check(len(rows) == 5 and abs(rows[0][0] - s) < 0.05 and abs(rows[0][1] - s) < 0.05,
                         "the view's %s has axis 0 where it was dropped, (%.3f, %.3f): %s" % (
                             "ProjectionMatrix property" if which == "property" else "frame",
                             s, s, rows[0] if rows else rows))
        rows = end["frame"]
        norms = [sum(r[c] ** 2 for r in rows) for c in range(2)] if rows else [0, 0]
        dot = sum(r[0] * r[1] for r in rows) if rows else 1
        checks.check(abs(norms[0] - 1) < 1e-6 and abs(norms[1] - 1) < 1e-6 and abs(dot) < 1e-6,
                     "the dragged frame is orthonormal: norms %s, dot %.2g" % (norms, dot))
        changed = guidriver.region_difference(before, after, box)
        checks.check(changed > 0.005, "the view's picture changed: %.2f%% of its pixels" % (
            100 * changed))

        # The controls above the render widget: Play/Pause at its left end, Reset projection
        # at its right end.
        x0, y0, x1, y1 = box
        play, reset = (x0 + 15, y0 - 15), (x1 - 60, y0 - 15)
        tour_time = "result = %s.TourTime" % VIEW
        t0 = gui.py(tour_time)
        gui.click(*play)
        time.sleep(3.0)
        t1 = gui.py(tour_time)
        gui.move(5, 990)
        moving = gui.screenshot("playing")
        checks.check(t1 > t0 + 0.1, "Play advances TourTime: %.2f -> %.2f" % (t0, t1))
        changed = guidriver.region_difference(after, moving, box)
        checks.check(changed > 0.005, "the picture moves while playing: %.2f%% changed" % (100 * changed))
        gui.click(*play)
        time.sleep(1.0)
        t2 = gui.py(tour_time)
        time.sleep(1.5)
        t3 = gui.py(tour_time)
        checks.check(abs(t3 - t2) < 1e-9, "Pause stops the tour: TourTime %.3f then %.3f" % (t2, t3))
        # A click on the speed slider's groove, right of its knob: a page step up.
        speed_before = gui.py("result = %s.Speed" % VIEW)
        gui.click(x0 + (x1 - x0) // 2, y0 - 15)
        time.sleep(1.0)
        speed = gui.py("result = %s.Speed" % VIEW)
        checks.check(speed > speed_before, "a click on the speed slider raises the speed: "
                     "%.3f -> %.3f" % (speed_before, speed))

        # Everything since the drag was traced by the real pqGrandTourView; the trace replays in
        # a fresh pvpython to the same tour state.
        trace = gui.py("from paraview import smtrace\nresult = smtrace.stop_trace()")
        with open(os.path.join(gui.output, "traced_controls.py"), "w") as f:
            f.write(trace or "")
        traced = gui.py(STATE)
        lines = (trace or "").splitlines()
        for what, needle in (("the drag", "ProjectionMatrix = "), ("Play", "Playing = 1"),
                             ("Pause", "Playing = 0"), ("the speed click", "Speed = ")):
            found = [line.strip() for line in lines if needle in line]
            checks.check(bool(found), "the trace records %s: %s" % (
                what, found[0][:120] if found else "no line with %r" % needle))
        replayed = replay(gui, trace or "")
        for key in ("TourTime", "TourOrigin", "Speed", "Playing", "ProjectionMatrix"):
            checks.check(replayed.get(key) == traced[key], "the replayed trace's %s %r equals "
                         "the GUI's %r" % (key, replayed.get(key), traced[key]))
        frames = replayed.get("frame") or []
        checks.check(len(frames) == len(traced["frame"]) and all(
            abs(a - b) < 1e-9 for a, b in zip(frames, traced["frame"])),
            "the replayed frame equals the GUI's: %s vs %s" % (frames, traced["frame"]))

        gui.click(*reset)
        time.sleep(1.5)
        frame = gui.py(FRAME)["frame"]
        checks.check(bool(frame) and abs(frame[0][0] - 1) < 1e-6 and abs(frame[0][1]) < 1e-6,
                     "Reset projection puts axis 0 back at (1, 0): %s" % (frame[0] if frame else frame))
        gui.move(5, 990)
        gui.screenshot("reset")

        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
