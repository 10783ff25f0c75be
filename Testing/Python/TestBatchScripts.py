"""User scripts in pvpython and pvbatch: a script that renders a Grand Tour view exits with its
own code (0), whether it ends or calls sys.exit(0) (Debian's ParaView used to end such scripts
with GLXBadContext or a crash); SaveAnimation over epochs (time steps) keeps the tour's frame;
NeuroTour errors become Python exceptions after `import neurotour`."""
import os
import shutil
import subprocess
import sys

import neurotour_testing as nt
from paraview.simple import *

nt.load_plugin(globals())
import neurotour  # noqa: E402  (importable once the plugin is loaded)

# A user's script, as in the README: no test helpers, no clean-up of its own.
USER_SCRIPT = '''
import sys
from paraview.simple import *
LoadPlugin(%(plugin)r, ns=globals())
epochs = NumPyReader(FileNames=%(files)r, ArrayName="Embedding")
view = CreateView("GrandTourView")
view.ViewSize = [300, 300]
view.TourTime = 4.0
Show(epochs, view)
ResetCamera(view)
scene = GetAnimationScene()
scene.UpdateAnimationUsingDataTimeSteps()
SaveAnimation(%(movie)r, view, ImageResolution=[300, 300], FrameWindow=[0, 2])
%(ending)s
'''

files = nt.write_epochs(os.path.join(nt.OUTPUT, "batch_epochs"))
executables = {"pvpython": shutil.which("pvpython"), "pvbatch": shutil.which("pvbatch")}
for name, executable in executables.items():
    if not nt.check(executable is not None, "%s is on PATH" % name):
        continue
    for ending in ("", "sys.exit(0)"):
        directory = os.path.join(nt.OUTPUT, "batch_%s_%s" % (name, "exit" if ending else "end"))
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
        script = os.path.join(directory, "tour_epochs.py")
        with open(script, "w") as handle:
            handle.write(USER_SCRIPT % {"plugin": nt.PLUGIN, "files": files, "ending": ending,
                                        "movie": os.path.join(directory, "epoch.png")})
        run = subprocess.run([executable, script], capture_output=True, text=True, timeout=300)
        what = "%s script ending with %r" % (name, ending or "its last line")
        nt.check(run.returncode == 0 and "GLXBadContext" not in run.stderr,
                 "%s exits with 0: got %d\n%s" % (what, run.returncode, run.stderr[-2000:]))
        frames = sorted(f for f in os.listdir(directory) if f.endswith(".png"))
        if not nt.check(len(frames) == 3, "%s saved one image per epoch: %r" % (what, frames)):
            continue
        pictures = [open(os.path.join(directory, f), "rb").read() for f in frames]
        # Epoch 2 holds epoch 1's samples in another row order: with the same frame the same
        # picture; epoch 3 moved them.
        nt.check(pictures[0] == pictures[1] and pictures[0] != pictures[2],
                 "%s: the frame stays while the epochs change (epoch 1 == epoch 2 != epoch 3)" % what)

# Errors are exceptions once neurotour is imported, with the filter's message.
missing = "/nonexistent-images-idx3-ubyte.gz"
try:
    IDXReader(FileName=missing).UpdatePipeline()
    nt.check(False, "a missing IDX file raises NeuroTourError")
except neurotour.NeuroTourError as error:
    nt.check(missing in str(error), "the error names the file: %s" % error)

nt.finish()
