"""Client-server: the plugin on a pvserver, driven from pvpython.

Starts `pvserver` on a free localhost port, connects, loads NeuroTour on both sides, and runs
IDXReader -> ActivationExtraction (trained CNN, relu3) -> UMAPEmbedding (15-D) -> Grand Tour view
on the server; checks the data information the client receives and a screenshot fetched to the
client. Then an error raised on the server (an unknown layer) must leave an empty output and
a server that still works. The server is always killed at the end; every wait is bounded.

The view's selection, a selected sample's neighbours and the guided tour's frame and index are
read back through the server too (the client answers from the piece delivered to it).

The Grand Tour representation must hand vtkPVRenderView::SetPiece a data object of the same
type on every process, an empty vtkPolyData where it has no input (the client): with a null
piece the client and the server disagree on the delivery and the client aborts at the first
render ("Wrong tag but don't know how to handle it... 23490").
"""
# requires: models
import os

import neurotour_testing as nt
from paraview.simple import *


def row_columns(proxy):
    """{name: components} of the row arrays in the data information the client received."""
    from vtkmodules.vtkCommonDataModel import vtkDataObject
    rows = proxy.GetDataInformation().DataInformation.GetAttributeInformation(vtkDataObject.ROW)
    arrays = [rows.GetArrayInformation(i) for i in range(rows.GetNumberOfArrays())]
    return {a.GetName(): a.GetNumberOfComponents() for a in arrays}


def distinct_colours(png):
    import numpy
    from vtkmodules.vtkIOImage import vtkPNGReader
    from vtkmodules.util.numpy_support import vtk_to_numpy
    reader = vtkPNGReader()
    reader.SetFileName(png)
    reader.Update()
    pixels = vtk_to_numpy(reader.GetOutput().GetPointData().GetScalars())[:, :3]
    colours, counts = numpy.unique(pixels, axis=0, return_counts=True)
    background = counts.max()
    return len(colours), 1.0 - background / float(len(pixels))


log_path = os.path.join(nt.OUTPUT, "pvserver.log")
server, port, log = nt.start_server(log_path)
try:
    nt.check(server.poll() is None and nt.listening(port),
             "pvserver listens on port %d (log: %s)" % (port, log_path))
    from paraview.modules.vtkRemotingCore import vtkRemotingCoreConfiguration
    vtkRemotingCoreConfiguration.GetInstance().SetConnectID(nt.CONNECT_ID)
    Connect("localhost", port)
    nt.check(servermanager.ActiveConnection.IsRemote(), "connected to a remote server")
    # The server creates the filters and the view's server side; the client needs the proxies
    # (XML) and the view's client-side VTK object, so the plugin is loaded on both sides.
    LoadPlugin(nt.PLUGIN, remote=True, ns=globals())
    LoadPlugin(nt.PLUGIN, remote=False, ns=globals())
    import neurotour  # noqa: F401  (the view's Python methods: ColorByLabels, GetProjectionMatrix)

    reader = IDXReader(FileName=nt.fashion("t10k-images-idx3-ubyte.gz"),
                       MaximumNumberOfSamples=1000)
    model = os.path.join(nt.MODELS, "fashion_cnn_epoch2.pt")
    layers = ActivationExtraction(Input=reader, ModelFile=model, Layers=["relu3"], PooledSize=4)
    umap = UMAPEmbedding(Input=layers, ArrayName="Activations", NumberOfComponents=15, Seed=42)
    relu3 = ExtractBlock(Input=umap, Selectors=["/Root/relu3"])
    relu3.UpdatePipeline()

    info = relu3.GetDataInformation()
    nt.check(info.GetNumberOfRows() == 1000, "rows on the server: %d" % info.GetNumberOfRows())
    columns = row_columns(relu3)
    nt.check({"SampleId", "Label", "Activations", "Embedding", "Prediction"} <= set(columns),
             "columns on the server: %r" % columns)
    nt.check(columns.get("Embedding") == 15 and columns.get("Activations") == 50,
             "a 15-D embedding of relu3 (fc1 + ReLU, 50 units; PooledSize pools only feature maps): %r" % columns)

    view = CreateView("GrandTourView")
    view.ViewSize = [500, 500]
    Show(relu3, view)
    view.CoordinatesArray = "Embedding"
    view.TourTime = 2.0
    view.ColorByLabels(relu3)  # fetches the class names from the server
    ResetCamera(view)
    Render(view)
    frame = view.GetProjectionMatrix()
    nt.check(len(frame) == 15 and all(len(row) == 2 for row in frame),
             "the view tours the 15-D embedding: %d rows" % len(frame))
    screenshot = os.path.join(nt.OUTPUT, "ClientServerGrandTour.png")
    SaveScreenshot(screenshot, view, ImageResolution=[500, 500])
    colours, drawn = distinct_colours(screenshot)
    nt.check(colours >= 10 and drawn > 0.01,
             "the screenshot shows coloured points: %d colours, %.1f%% not background (%s)" % (
                 colours, 100 * drawn, screenshot))

    # A selected sample's neighbours, answered by the server, equal a brute force on the client.
    import numpy as np
    from vtkmodules.util.numpy_support import vtk_to_numpy
    table = servermanager.Fetch(relu3).GetBlock(0)
    activations = vtk_to_numpy(table.GetColumnByName("Activations")).astype(np.float64)
    ids = vtk_to_numpy(table.GetColumnByName("SampleId"))
    SelectGlobalIDs(IDs=[int(ids[5])], FieldType="ROW", Source=relu3)
    distances = np.linalg.norm(activations - activations[5], axis=1)
    distances[5] = np.inf
    expected = [int(i) for i in ids[np.argsort(distances, kind="stable")[:10]]]
    found = view.GetNeighborSampleIds()
    view.SMProxy.UpdatePropertyInformation()
    selected = view.SMProxy.GetProperty("SelectedSampleIdsInfo").GetElement(0)
    nt.check(selected == str(int(ids[5])), "the selection as the view reports it (what a centroid "
             "handle is made from) through the server: %r" % selected)
    nt.check(sorted(found) == sorted(expected), "neighbours through the server: %s, brute force %s"
             % (found, expected))
    ClearSelection(relu3)

    # The guided tour: the frame read back is the one drawn, and its index is reported.
    view.TourMode = "Guided"
    view.TourTime = 0.0
    Render(view)
    view.TourTime = 30.0
    Render(view)
    view.SMProxy.UpdatePropertyInformation()
    index = view.SMProxy.GetProperty("PursuitIndexValueInfo").GetElement(0)
    guided = view.GetProjectionMatrix()
    nt.check(index == index and 0.0 < index <= 1.0, "the guided tour's index through the server: %r" % index)
    nt.check(guided != frame, "the guided frame differs from the grand tour's")
    view.TourMode = "Grand"

    # An error on the server: an unknown layer empties the output and the server carries on.
    # (After `import neurotour` the server's error reaches the client as a NeuroTourError.)
    bad = ActivationExtraction(Input=reader, ModelFile=model, Layers=["no_such_layer"])
    message = ""
    try:
        bad.UpdatePipeline()
    except RuntimeError as error:
        message = str(error)
    nt.check("no layer 'no_such_layer'" in message and "relu3" in message,
             "the client gets the server's error naming the layer and the model's layers: %r"
             % message)
    bad_info = bad.GetDataInformation()
    nt.check(bad_info.GetNumberOfRows() == 0,
             "an unknown layer gives an empty output: %d rows" % bad_info.GetNumberOfRows())
    nt.check(server.poll() is None, "the server survives the error")
    bad.Layers = ["relu3"]
    bad.UpdatePipeline()
    nt.check(bad.GetDataInformation().GetNumberOfRows() == layers.GetDataInformation().GetNumberOfRows(),
             "the same filter works again once the layer is fixed: %d rows (input + relu3 blocks)"
             % bad.GetDataInformation().GetNumberOfRows())
finally:
    if servermanager.ActiveConnection is not None and servermanager.ActiveConnection.IsRemote():
        Disconnect()
    nt.stop_server(server, log)
nt.finish()
