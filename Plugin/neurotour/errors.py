"""NeuroTour's errors as Python exceptions in pvpython.

VTK reports a filter's error through its output window and carries on with an empty output.
A script should stop there instead, with the filter's message: after `import neurotour`,
UpdatePipeline() on any proxy raises NeuroTourError when a NeuroTour filter or reader (or the
pipeline running it) reported an error during that update, or was aborted. Other filters behave
as before."""
from paraview import servermanager
from vtkmodules.vtkCommonCore import vtkOutputWindow


class NeuroTourError(RuntimeError):
    """A NeuroTour filter refused its input (the message names the problem) or was aborted."""


_NEUROTOUR_CLASSES = (
    "vtkIDXReader", "vtkCIFARReader", "vtkImageFolderReader", "vtkNumPyReader", "vtkNumPyWriter",
    "vtkActivationExtraction", "vtkAdversarialSteps", "vtkPCAReduction", "vtkTSNEEmbedding", "vtkUMAPEmbedding", "vtkUMAPTransform", "vtkAlignedUMAP",
    "vtkEmbeddingToPoints", "vtkProcrustesAlignment", "vtkLayerAlignment",
    "vtkEmbeddingQuality", "vtkLayerSimilarity", "vtkSampleTrails", "vtkSelectSplit", "vtkGrandTour")

_messages = []
# An abort is a warning in the GUI (the user asked for it); a script that gets an empty output
# from it must stop all the same.
_ABORTED = "Aborted: the output is empty"


def _record(caller, event, text=None):
    if text and (event == "ErrorEvent" or _ABORTED in text):
        _messages.append(text)


_record.CallDataType = "string0"


def _message_of(text):
    """The reported sentence, without VTK's file/line header and object address."""
    lines = [line for line in text.splitlines()
             if line.strip() and not line.startswith(("ERROR: In ", "Warning: In "))]
    message = lines[0] if lines else text.strip()
    return message.split("): ", 1)[1] if "): " in message else message


def _checked(update):
    def update_pipeline(self, *args, **kwargs):
        del _messages[:]
        result = update(self, *args, **kwargs)
        ours = [m for m in _messages if any(name in m for name in _NEUROTOUR_CLASSES)]
        del _messages[:]
        if ours:
            raise NeuroTourError(_message_of(ours[0]))
        return result
    update_pipeline.__doc__ = update.__doc__
    update_pipeline._neurotour_checked = True
    return update_pipeline


def install():
    """Turns NeuroTour errors into NeuroTourError exceptions (idempotent)."""
    if getattr(servermanager.SourceProxy.UpdatePipeline, "_neurotour_checked", False):
        return
    vtkOutputWindow.GetInstance().AddObserver("ErrorEvent", _record)
    vtkOutputWindow.GetInstance().AddObserver("WarningEvent", _record)
    servermanager.SourceProxy.UpdatePipeline = _checked(servermanager.SourceProxy.UpdatePipeline)
