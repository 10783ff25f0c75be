"""Rendering Grand Tours in batch: the frame at a TourTime is reproducible, so a tour is
rendered by stepping TourTime (the same frames the GUI shows when playing)."""
import os

from paraview import simple


def frame_times(duration, frames_per_second=30.0, start=0.0):
    """Tour times of the frames of a `duration`-second tour starting at `start`."""
    count = max(1, int(round(duration * frames_per_second)))
    return [start + k / float(frames_per_second) for k in range(count)]


def render_frames(view, directory, duration, frames_per_second=30.0, start=None,
                  pattern="tour_%05d.png", resolution=None):
    """Saves one PNG per frame of the tour into `directory`; returns their paths.

    `start` defaults to the view's current TourTime; the view is left at the last frame."""
    os.makedirs(directory, exist_ok=True)
    start = view.TourTime if start is None else start
    size = list(resolution or view.ViewSize)
    paths = []
    for index, time in enumerate(frame_times(duration, frames_per_second, start)):
        view.TourTime = time
        path = os.path.join(directory, pattern % index)
        simple.SaveScreenshot(path, view, ImageResolution=size)
        paths.append(path)
    return paths


def play(view, duration, frames_per_second=30.0):
    """Advances the tour on screen for `duration` seconds of tour time (pvpython with a window)."""
    for time in frame_times(duration, frames_per_second, view.TourTime):
        view.TourTime = time
        simple.Render(view)


TRANSITION_SECONDS = 0.7  # what the GUI takes to move from one layer to the next


def transition_steps(frames):
    """The LayerTransition values of a transition's `frames` pictures, 0 to 1 inclusive."""
    if frames < 2:
        raise ValueError("a layer transition needs at least 2 frames, not %r" % (frames,))
    return [k / float(frames - 1) for k in range(frames)]


def render_layer_transition(representation, layer, directory, frames=22, view=None,
                            pattern="transition_%03d.png", resolution=None):
    """Switches a Grand Tour representation of a multiblock to `layer`, saving the transition
    from the layer it shows now (each sample moving from its old to its new place) as
    `frames` PNGs in `directory` (22: the GUI's 0.7 s at 30 frames a second); returns their
    paths. The view is left showing `layer`. Use LayerAlignment upstream so that only what the
    layer changed moves, not the embedding's arbitrary orientation."""
    view = view or simple.GetActiveView()
    steps = transition_steps(frames)
    proxy = representation.SMProxy
    proxy.UpdatePropertyInformation()
    names = proxy.GetProperty("LayerNamesInfo")
    known = [names.GetElement(i) for i in range(names.GetNumberOfElements())]
    if layer not in known:
        raise ValueError("no layer (block) named %r; the input's layers are %s" % (layer, known))
    os.makedirs(directory, exist_ok=True)
    size = list(resolution or view.ViewSize)
    # An internal property (never traced or saved), set on the proxy itself.
    transition = proxy.GetProperty("LayerTransition")
    transition.SetElement(0, 0.0)
    representation.Layer = layer
    paths = []
    for index, step in enumerate(steps):
        transition.SetElement(0, step)
        proxy.UpdateVTKObjects()
        path = os.path.join(directory, pattern % index)
        simple.SaveScreenshot(path, view, ImageResolution=size)
        paths.append(path)
    return paths
