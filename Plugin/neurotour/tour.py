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
