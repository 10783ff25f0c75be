"""Drives the real ParaView GUI for NeuroTour's GUI tests.

Each Session has its own Xvfb (display number chosen by Xvfb itself with -displayfd, so tests
never share or race for a display), its own settings directory, and one `paraview` process
with the plugin on PV_PLUGIN_PATH. Input goes through xdotool (XTEST: real mouse and key
events, as a user's). Questions about the GUI's state go to an agent: a small Python script
that `paraview --script` runs inside the GUI after start-up. It hangs a repeating Qt timer
(the QVTKInteractor of the first render view makes one) that looks for command files in the
session's directory, runs them in the GUI's own Python with paraview.simple, and writes the
value of `result` back as JSON. The same timer is a heartbeat: its ticks are stamped, so a
frozen event loop shows as a gap between ticks.

Every wait has an explicit timeout; a failure raises GuiFailure after saving a screenshot;
close() kills the process groups of paraview and Xvfb, so nothing is left running.

Run with /usr/bin/python3 (Debian's; it needs no module outside the standard library).
"""
import ctypes
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

# Time bounds are generous: the machine has 2 cores shared with other builds. They can be
# scaled with NEUROTOUR_GUI_TIME_SCALE (e.g. 2 on a slower machine).
TIME_SCALE = float(os.environ.get("NEUROTOUR_GUI_TIME_SCALE", "1"))

# Debian's own tools by full path (as /usr/bin/python3): a machine may put other programs of
# the same names first on PATH.
def _tool(name):
    path = "/usr/bin/" + name
    return path if os.path.exists(path) else (shutil.which(name) or name)


CONVERT, COMPARE, IDENTIFY, IMPORT, XDOTOOL, XVFB = (
    _tool(n) for n in ("convert", "compare", "identify", "import", "xdotool", "Xvfb"))

SCREEN = (1600, 1000)
WINDOW = (1600, 1000)  # the main window is resized to the whole screen (there is no window manager)

AGENT = r'''
import json, os, sys, time, traceback
from paraview import simple

_dir = %(dir)r
_state = {"ticks": 0, "last": time.time(), "maxgap": 0.0, "busy": False}
_beat = open(os.path.join(_dir, "heartbeat.log"), "a")

def _tick(obj, event):
    now = time.time()
    _state["ticks"] += 1
    _state["maxgap"] = max(_state["maxgap"], now - _state["last"])
    _state["last"] = now
    _beat.write("%%.3f\n" %% now)
    _beat.flush()
    if _state["busy"]:  # a command that runs a nested event loop (a modal dialog) re-enters
        return
    names = sorted(n for n in os.listdir(_dir) if n.startswith("cmd-") and n.endswith(".py"))
    for name in names:
        path = os.path.join(_dir, name)
        source = open(path).read()
        os.remove(path)
        namespace = {"simple": simple, "agent": _state, "__name__": "__agent__"}
        reply = {"ok": True}
        _state["busy"] = True
        try:
            exec(compile(source, name, "exec"), namespace)
            reply["result"] = namespace.get("result")
        except Exception:
            reply = {"ok": False, "error": traceback.format_exc()}
        finally:
            _state["busy"] = False
        out = os.path.join(_dir, "res-" + name[4:-3] + ".json")
        with open(out + ".tmp", "w") as f:
            json.dump(reply, f, default=repr)
        os.rename(out + ".tmp", out)

_view = simple.GetActiveViewOrCreate("RenderView")
# A reference to the interactor keeps it, and its timer, alive when the view is deleted
# (e.g. by File > Load State).
_interactor = _view.GetInteractor()
_interactor.AddObserver("TimerEvent", _tick)
_timer = _interactor.CreateRepeatingTimer(%(period)d)
sys.modules["__neurotour_agent__"] = sys.modules.get("__main__")
with open(os.path.join(_dir, "ready"), "w") as f:
    f.write("%%s %%d\n" %% (_interactor.GetClassName(), _timer))
'''


def _own_group_dying_with_parent():
    """In the child before exec: its own process group (killed as a whole by close()), and
    SIGKILL when the driver dies, even by SIGKILL (a ctest timeout), so nothing is left."""
    os.setsid()
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class GuiFailure(AssertionError):
    pass


# The Grand Tour view of the agent's session, as an expression for agent scripts.
GRAND_TOUR_VIEW = "[v for v in simple.GetViews() if v.GetXMLName() == 'GrandTourView'][0]"


def tour_view_setup(source, view_setting):
    """Agent script lines: `source` (a variable of the script) alone in a new Grand Tour view
    of the first layout, touring its Embedding, with `view_setting` (a line of Python on
    `view`) applied; its result is the view's size."""
    return """
layout = simple.GetLayouts().values().__iter__().__next__()
for old in list(simple.GetViews()):
    simple.Delete(old)
view = simple.CreateView("GrandTourView")
simple.AssignViewToLayout(view=view, layout=layout, hint=0)
simple.Show(%s, view)
view.CoordinatesArray = "Embedding"
%s
view.ResetProjection()
simple.ResetCamera(view)
simple.Render(view)
result = list(view.ViewSize)
""" % (source, view_setting)


def pca_tour_setup(view_setting):
    """Agent script: 500 Fashion-MNIST test images, PCA to 5 components, in a Grand Tour view
    (tour_view_setup)."""
    images = os.path.join(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"),
                          "t10k-images-idx3-ubyte.gz")
    return """
images = simple.IDXReader(registrationName="images", FileName=%r, MaximumNumberOfSamples=500)
pca = simple.PCAReduction(registrationName="pca", Input=images, ArrayName="Pixels",
                          NumberOfComponents=5)
""" % images + tour_view_setup("pca", view_setting)


# Four samples whose 2-D Embedding puts them at these layout places: every one at distance 1
# from the centre, so the view's layout is the Embedding itself and each place is known.
FOUR_PLACES = [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)]


def show_four_samples(gui, view_setting):
    """Through the agent: the first 4 Fashion-MNIST test images with an Embedding at
    FOUR_PLACES (source "four"), alone in a Grand Tour view (tour_view_setup, with
    `view_setting`). Returns their pixels (4 lists of 784 values), the view's box on the
    screen and the samples' screen positions (x, y)."""
    images = gui.py(_four_samples_setup(view_setting), timeout=90)
    time.sleep(2)
    box = gui.view_box(GRAND_TOUR_VIEW)
    screen = _four_samples_on_screen(gui, box)
    log("the 4 samples on the screen: %s" % screen)
    return images, box, screen


def _four_samples_setup(view_setting):
    images = os.path.join(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"),
                          "t10k-images-idx3-ubyte.gz")
    return """
import numpy as np
from paraview import servermanager
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkTable
images = simple.IDXReader(registrationName="images", FileName=%r, MaximumNumberOfSamples=4)
table = vtkTable()
table.ShallowCopy(servermanager.Fetch(images))
places = numpy_to_vtk(np.array(%r, dtype=np.float32), deep=1)
places.SetName("Embedding")
table.AddColumn(places)
# (Not a Programmable Filter: its script's star imports would replace this Python's max().)
four = simple.PVTrivialProducer(registrationName="four")
four.GetClientSideObject().SetOutput(table)
""" % (images, FOUR_PLACES) + tour_view_setup("four", view_setting) + """
pixels = table.GetColumnByName("Pixels")
result = [[int(pixels.GetComponent(r, c)) for c in range(784)] for r in range(4)]
"""


def _four_samples_on_screen(gui, box):
    where = gui.py("""
view = %s
renderer = view.GetRenderer()
points = []
for x, y in %r:
    renderer.SetWorldPoint(x * view.Zoom, y * view.Zoom, 0.0, 1.0)
    renderer.WorldToDisplay()
    points.append(list(renderer.GetDisplayPoint())[:2])
result = {"points": points, "size": list(view.ViewSize)}
""" % (GRAND_TOUR_VIEW, FOUR_PLACES))
    height = where["size"][1]
    return [(int(round(box[0] + x)), int(round(box[1] + height - 1 - y)))
            for x, y in where["points"]]


def log(message):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), message), flush=True)


def scaled(seconds):
    return seconds * TIME_SCALE


class Session:
    """One ParaView GUI on its own Xvfb. Use as a context manager."""

    def __init__(self, name, output_dir=None, plugin_dir=None, agent_period_ms=200):
        self.name = name
        base = output_dir or os.environ.get("NEUROTOUR_TEST_OUTPUT", tempfile.gettempdir())
        self.output = os.path.join(base, name)
        shutil.rmtree(self.output, ignore_errors=True)
        os.makedirs(self.output)
        self.agent_dir = os.path.join(self.output, "agent")
        os.makedirs(self.agent_dir)
        self.plugin_dir = plugin_dir or os.environ.get("NEUROTOUR_PLUGIN_DIR") or os.path.dirname(
            os.environ["NEUROTOUR_PLUGIN"])
        self.agent_period_ms = agent_period_ms
        self.xvfb = None
        self.paraview = None
        self.display = None
        self.window = None
        self.command_count = 0
        self.shots = 0
        self.started_at = None

    # -- processes ---------------------------------------------------------------------------
    def __enter__(self):
        try:
            self.start_display()
            self.start_paraview()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, kind, value, tb):
        if kind is not None and self.display is not None:
            try:
                self.screenshot("failure")
            except Exception:
                pass
        self.close()
        return False

    def start_display(self):
        read_end, write_end = os.pipe()
        self.xvfb = subprocess.Popen(
            [XVFB, "-displayfd", str(write_end), "-screen", "0", "%dx%dx24" % SCREEN,
             "-noreset", "-nolisten", "tcp"],
            pass_fds=(write_end,), preexec_fn=_own_group_dying_with_parent,
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.output, "xvfb.log"), "w"))
        os.close(write_end)
        # Xvfb writes the number and then "\n" in two writes, and dies (EPIPE) if the pipe is
        # closed between them: read up to the newline.
        text = b""
        deadline = time.time() + scaled(30)
        while not text.endswith(b"\n") and time.time() < deadline:
            ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.time()))
            if not ready:
                break
            chunk = os.read(read_end, 64)
            if not chunk:
                break
            text += chunk
        os.close(read_end)
        number = text.decode().strip() if text.endswith(b"\n") else ""
        if not number:
            raise GuiFailure("Xvfb gave no display number within %.0f s" % scaled(30))
        self.display = ":" + number
        log("Xvfb on display %s" % self.display)

    def environment(self):
        env = dict(os.environ)
        env["DISPLAY"] = self.display
        env["PV_PLUGIN_PATH"] = self.plugin_dir
        # Private settings: nothing read from or written to the user's ~/.config/ParaView.
        config = os.path.join(self.output, "config")
        runtime = os.path.join(self.output, "runtime")
        os.makedirs(config, exist_ok=True)
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        env["XDG_CONFIG_HOME"] = config
        env["XDG_RUNTIME_DIR"] = runtime
        env.pop("PYTHONPATH", None)
        return env

    def start_paraview(self, extra_args=()):
        agent = os.path.join(self.output, "agent.py")
        with open(agent, "w") as f:
            f.write(AGENT % {"dir": self.agent_dir, "period": self.agent_period_ms})
        # --dr: default settings, no welcome dialog, nothing remembered between runs.
        command = ["paraview", "--dr", "--script=" + agent] + list(extra_args)
        self.paraview_log = os.path.join(self.output, "paraview.log")
        self.started_at = time.time()
        self.paraview = subprocess.Popen(
            command, env=self.environment(), preexec_fn=_own_group_dying_with_parent, stdin=subprocess.DEVNULL,
            stdout=open(self.paraview_log, "w"), stderr=subprocess.STDOUT)
        log("started %s (pid %d)" % (" ".join(command), self.paraview.pid))

    def alive(self):
        return self.paraview is not None and self.paraview.poll() is None

    def check_alive(self, what="ParaView"):
        if not self.alive():
            code = self.paraview.returncode if self.paraview else None
            raise GuiFailure("%s: paraview exited (code %s, %s) after %.1f s; its log ends:\n%s" % (
                what, code, signal_name(code), time.time() - self.started_at, self.log_tail()))

    def log_size(self):
        try:
            return os.path.getsize(self.paraview_log)
        except OSError:
            return 0

    def log_errors(self, since=0):
        """ParaView's error lines (vtkErrorMacro, "ERR|") written after byte offset since."""
        try:
            with open(self.paraview_log, "rb") as f:
                f.seek(since)
                text = f.read().decode(errors="replace")
        except OSError:
            return []
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
        return [line.strip() for line in plain.splitlines() if " ERR| " in line]

    def log_tail(self, lines=25):
        try:
            with open(self.paraview_log, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def close(self):
        for process in (self.paraview, self.xvfb):
            if process is None or process.poll() is not None:
                continue
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=10)
        # Anything left in the groups (children of paraview) goes too.
        for process in (self.paraview, self.xvfb):
            if process is not None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass

    # -- waiting -----------------------------------------------------------------------------
    def wait_until(self, predicate, timeout, what, interval=0.2):
        """Polls predicate() until it returns a true value (returned) or timeout seconds pass."""
        deadline = time.time() + scaled(timeout)
        while True:
            self.check_alive(what)
            value = predicate()
            if value:
                return value
            if time.time() > deadline:
                raise GuiFailure("timed out after %.0f s waiting for %s" % (scaled(timeout), what))
            time.sleep(interval)

    def xdotool(self, *args, check=True, timeout=30):
        env = dict(os.environ, DISPLAY=self.display)
        done = subprocess.run([XDOTOOL] + [str(a) for a in args], env=env, capture_output=True,
                              text=True, timeout=scaled(timeout))
        if check and done.returncode != 0:
            raise GuiFailure("xdotool %s failed: %s" % (" ".join(map(str, args)), done.stderr))
        return done.stdout.strip()

    def find_windows(self, name):
        """Visible windows whose title matches the regular expression name."""
        out = self.xdotool("search", "--onlyvisible", "--name", name, check=False)
        return [int(w) for w in out.split()]

    def window_title(self, window):
        return self.xdotool("getwindowname", window, check=False)

    def wait_window(self, name, timeout=60):
        windows = self.wait_until(lambda: self.find_windows(name), timeout,
                                  "a window named %r" % name)
        return windows[0]

    def wait_dialog(self, name, timeout=60, settle=0.7):
        """Waits for a dialog window, gives it the input focus (there is no window manager to
        do it) and lets it settle, so keys typed next go to it."""
        window = self.wait_window(name, timeout)
        time.sleep(settle)
        self.focus(window)
        time.sleep(0.2)
        return window

    def confirm_dialog(self, name, key="Return", timeout=60, tries=3):
        """Waits for a dialog and presses key (Return: its default button) until it closes."""
        for attempt in range(tries):
            window = self.wait_dialog(name, timeout)
            self.key(key)
            try:
                self.wait_until(lambda: window not in self.find_windows(name), 5,
                                "the dialog %r to close" % name)
                return
            except GuiFailure:
                log("dialog %r still open after %s, again" % (name, key))
        raise GuiFailure("the dialog %r did not close on %s" % (name, key))

    def wait_main_window(self, timeout=90):
        """Waits for the main window, resizes it to the screen and waits for the agent."""
        self.window = self.wait_window("^ParaView [0-9]", timeout)
        log("main window 0x%x %r after %.1f s" % (self.window, self.window_title(self.window),
                                                   time.time() - self.started_at))
        self.xdotool("windowmove", self.window, 0, 0)
        self.xdotool("windowsize", self.window, WINDOW[0], WINDOW[1])
        self.wait_agent(timeout)
        self.focus()
        return self.window

    def wait_agent(self, timeout=90):
        ready = os.path.join(self.agent_dir, "ready")
        self.wait_until(lambda: os.path.exists(ready), timeout, "the in-GUI Python agent")

    # -- the agent -----------------------------------------------------------------------------
    def py(self, source, timeout=60):
        """Runs source inside the GUI's Python; returns the value it leaves in `result`."""
        self.command_count += 1
        name = "%04d" % self.command_count
        path = os.path.join(self.agent_dir, "cmd-" + name + ".py")
        with open(path + ".tmp", "w") as f:
            f.write(source)
        os.rename(path + ".tmp", path)
        reply_path = os.path.join(self.agent_dir, "res-" + name + ".json")
        self.wait_until(lambda: os.path.exists(reply_path), timeout,
                        "the GUI to run agent command %s:\n%s" % (name, source))
        with open(reply_path) as f:
            reply = json.load(f)
        if not reply["ok"]:
            raise GuiFailure("agent command failed:\n%s\n%s" % (source, reply["error"]))
        return reply.get("result")

    def heartbeats(self):
        try:
            with open(os.path.join(self.agent_dir, "heartbeat.log")) as f:
                return [float(line) for line in f if line.strip()]
        except OSError:
            return []

    def longest_freeze(self, since):
        """The longest time the GUI's event loop did not run the agent's timer since `since`
        (up to now, so a freeze still going on counts)."""
        beats = [b for b in self.heartbeats() if b >= since]
        points = [since] + beats + [time.time()]
        return max(b - a for a, b in zip(points, points[1:]))

    # -- input -------------------------------------------------------------------------------
    def focus(self, window=None):
        self.xdotool("windowfocus", "--sync", window or self.window)

    def key(self, *keys, delay_ms=60):
        """Key presses (xdotool names: ctrl+o, Return ...) to the window with the input focus
        (call focus() first for the main window: without a window manager the focus stays on
        a closed dialog's window otherwise, and keys are lost)."""
        self.check_alive("before keys %s" % (keys,))
        self.xdotool("key", "--delay", delay_ms, *keys)

    def type(self, text, delay_ms=20):
        self.check_alive("before typing %r" % text)
        self.xdotool("type", "--delay", delay_ms, text)

    def move(self, x, y):
        """Moves the mouse to (x, y) in screen coordinates (= main-window coordinates)."""
        self.xdotool("mousemove", "--sync", x, y)

    def click(self, x, y, button=1):
        self.check_alive("before a click at (%d, %d)" % (x, y))
        self.move(x, y)
        time.sleep(0.1)
        self.xdotool("click", button)

    def drag(self, start, end, steps=20, button=1, pause=0.03):
        self.check_alive("before a drag")
        self.move(*start)
        time.sleep(0.2)
        self.xdotool("mousedown", button)
        for i in range(1, steps + 1):
            x = start[0] + (end[0] - start[0]) * i / steps
            y = start[1] + (end[1] - start[1]) * i / steps
            self.move(int(round(x)), int(round(y)))
            time.sleep(pause)
        time.sleep(0.2)
        self.xdotool("mouseup", button)

    # -- the ParaView window (default layout of `paraview --dr`, main window 1600x1000) -------
    # Positions found on the screenshots of this layout; every action that uses one is checked
    # afterwards through the agent, so a moved widget fails the test, it does not pass silently.
    MENU_FILE = (20, 10)
    MENU_FILTERS = (215, 10)
    FILE_LOAD_STATE = (75, 111)
    FILTERS_NEUROTOUR = (254, 337)
    APPLY = (48, 508)
    LAYOUT_CENTRE = (930, 560)

    def menu(self, menu, item, settle=0.8):
        """Opens a menu of the menu bar with a click and clicks one of its items."""
        self.focus()
        self.click(*menu)
        time.sleep(settle)
        self.click(*item)
        time.sleep(settle)

    def quick_launch(self, name):
        """Ctrl+Space, the filter's name, Return: creates the filter on the active source,
        un-applied, as a user does from the keyboard."""
        self.focus()
        self.key("ctrl+space")
        time.sleep(1.0)
        self.type(name)
        time.sleep(0.8)
        self.key("Return")
        time.sleep(1.0)

    def apply(self):
        self.focus()
        self.click(*self.APPLY)

    def view_box(self, view_expression, probe=None):
        """Where a view's render widget is on the screen, as (x0, y0, x1, y1).

        Moves the mouse to two points near `probe` (inside the view) and reads back where the
        view's interactor saw them: the widget's origin is the difference. Fails if the
        interactor did not see both moves (the probe is not on that view)."""
        probe = probe or self.LAYOUT_CENTRE
        query = """
view = %s
interactor = view.GetInteractor()
result = {"event": list(interactor.GetEventPosition()), "size": list(view.ViewSize)}
""" % view_expression
        seen = []
        for dx, dy in ((0, 0), (12, 9)):
            self.move(probe[0] + dx - 5, probe[1] + dy - 5)
            time.sleep(0.2)
            self.move(probe[0] + dx, probe[1] + dy)
            time.sleep(0.5)
            seen.append(self.py(query))
        (ax, ay), (bx, by) = seen[0]["event"], seen[1]["event"]
        if (bx - ax, ay - by) != (12, 9):
            raise GuiFailure("the view %s did not see the mouse at %s (events %s, %s)" % (
                view_expression, probe, seen[0]["event"], seen[1]["event"]))
        width, height = seen[0]["size"]
        x0 = probe[0] - ax
        y0 = probe[1] - (height - 1 - ay)
        return (x0, y0, x0 + width, y0 + height)

    # -- screenshots -------------------------------------------------------------------------
    def screenshot(self, label):
        """The whole screen as <output>/<nn>_<label>.png; returns the path."""
        self.shots += 1
        path = os.path.join(self.output, "%02d_%s.png" % (self.shots, label))
        env = dict(os.environ, DISPLAY=self.display)
        subprocess.run([IMPORT, "-silent", "-window", "root", path], env=env, check=True,
                       timeout=scaled(60), capture_output=True)
        log("screenshot %s" % path)
        return path


def signal_name(code):
    if code is None:
        return "running"
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return "signal %d" % -code
    if code > 128:
        try:
            return "shell-reported " + signal.Signals(code - 128).name
        except ValueError:
            pass
    return "exit status %d" % code


# -- images ----------------------------------------------------------------------------------
def read_ppm(path):
    """Pixels of an image as (width, height, bytes RGB), converted by ImageMagick."""
    done = subprocess.run([CONVERT, path, "-depth", "8", "rgb:-"], capture_output=True,
                          check=True, timeout=120)
    identify = subprocess.run([IDENTIFY, "-format", "%w %h", path], capture_output=True,
                              text=True, check=True, timeout=60)
    width, height = map(int, identify.stdout.split())
    return width, height, done.stdout


def region_stats(path, box, background=None, tolerance=40):
    """For box = (x0, y0, x1, y1) of the image: the background colour (the most common pixel
    unless given), the fraction of pixels that differ from it by more than tolerance (sum of
    channel differences), and the number of distinct colours."""
    width, height, data = read_ppm(path)
    x0, y0, x1, y1 = box
    counts = {}
    pixels = []
    for y in range(max(0, y0), min(height, y1)):
        row = data[3 * (y * width + max(0, x0)):3 * (y * width + min(width, x1))]
        for i in range(0, len(row), 3):
            pixel = (row[i], row[i + 1], row[i + 2])
            pixels.append(pixel)
            counts[pixel] = counts.get(pixel, 0) + 1
    if not pixels:
        return {"background": None, "foreground": 0.0, "colours": 0}
    if background is None:
        background = max(counts, key=counts.get)
    different = sum(1 for p in pixels
                    if sum(abs(a - b) for a, b in zip(p, background)) > tolerance)
    return {"background": background, "foreground": different / len(pixels),
            "colours": len(counts)}


def region_difference(path_a, path_b, box, tolerance=40):
    """Fraction of the pixels of box that differ (sum of channel differences > tolerance)."""
    wa, ha, a = read_ppm(path_a)
    wb, hb, b = read_ppm(path_b)
    if (wa, ha) != (wb, hb):
        return 1.0
    x0, y0, x1, y1 = box
    total = different = 0
    for y in range(max(0, y0), min(ha, y1)):
        start = 3 * (y * wa + max(0, x0))
        end = 3 * (y * wa + min(wa, x1))
        ra, rb = a[start:end], b[start:end]
        for i in range(0, len(ra), 3):
            total += 1
            if abs(ra[i] - rb[i]) + abs(ra[i + 1] - rb[i + 1]) + abs(ra[i + 2] - rb[i + 2]) > tolerance:
                different += 1
    return different / total if total else 0.0


# -- test bookkeeping ------------------------------------------------------------------------
class Checks:
    """Collects failed expectations; a test fails at the end if any failed."""

    def __init__(self):
        self.failures = []

    def check(self, condition, message):
        log(("ok: " if condition else "FAILED: ") + message)
        if not condition:
            self.failures.append(message)
        return condition

    def finish(self):
        if self.failures:
            print("\n%d check(s) failed:\n  %s" % (len(self.failures), "\n  ".join(self.failures)),
                  file=sys.stderr)
            sys.exit(1)
        log("all checks passed")


def run(test):
    """Runs test() and turns GuiFailure and other errors into a failing exit status."""
    started = time.time()
    try:
        test()
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        log("test failed after %.1f s" % (time.time() - started))
        sys.exit(1)
    log("test took %.1f s" % (time.time() - started))


def compare_with_baseline(shot, box, name, tolerance=0.5, size=48):
    """Compares the box of a screenshot with Testing/Baselines/<name>, both reduced to
    size x size pixels (box filter, then a slight blur: fonts' antialiasing, single pixels and
    one-pixel shifts average out; where things are, and their colours, do not).

    The error is the RMS difference from the baseline divided by the baseline's own RMS
    difference from its background colour: 0 is identical, 1 is as far as an empty view.
    Returns (ok, error, path of the reduced screenshot). A missing baseline is written from
    this run and the comparison fails (look at it, then commit it)."""
    x0, y0, x1, y1 = box
    output = os.path.join(os.path.dirname(shot), "reduced_" + name)
    subprocess.run([CONVERT, shot, "-crop", "%dx%d+%d+%d" % (x1 - x0, y1 - y0, x0, y0),
                    "+repage", "-filter", "Box", "-resize", "%dx%d!" % (size, size),
                    "-blur", "0x0.7", "-depth", "8", "-type", "TrueColor", output],
                   check=True, timeout=120)
    baseline = os.path.join(os.environ.get("NEUROTOUR_SOURCE_DIR", ""), "Testing", "Baselines", name)
    if not os.path.exists(baseline):
        shutil.copyfile(output, baseline)
        log("no baseline %s: wrote one from this run (look at it, then commit it)" % baseline)
        return False, float("inf"), output
    wa, ha, a = read_ppm(output)
    wb, hb, b = read_ppm(baseline)
    if (wa, ha) != (wb, hb):
        return False, float("inf"), output
    pixels = [tuple(b[i:i + 3]) for i in range(0, len(b), 3)]
    background = max(set(pixels), key=pixels.count)
    own = sum((b[i] - background[i % 3]) ** 2 for i in range(len(b)))
    diff = sum((a[i] - b[i]) ** 2 for i in range(len(b)))
    error = (diff / own) ** 0.5 if own else (0.0 if diff == 0 else float("inf"))
    return error <= tolerance, error, output
