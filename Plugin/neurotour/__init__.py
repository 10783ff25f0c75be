"""pvpython helpers shipped inside the NeuroTour plugin (importable after LoadPlugin).

Grand Tour view conveniences (DESIGN.md, "pvpython interface"):

    view = CreateView('GrandTourView')
    import neurotour
    neurotour.ColorByLabels(source, view=view)   # class colours + legend from LabelNames
    view.AddCentroidHandle('shoes')               # centroid of the current selection
    view.RemoveHandle('shoes'); view.ResetProjection()
    frame = view.GetProjectionMatrix()            # the n×2 frame at the current TourTime
    view.SetProjectionMatrix(frame)               # the tour continues from it
    neurotour.RenderLayerTransition(display, 'relu3', 'frames')  # a layer switch, animated
    neurotour.LinkProjections(view, other_view)   # one tour in both (train vs test)

Every action sets view properties (never server objects directly), so state files, Python
traces and client-server sessions all see the same view.

Importing neurotour makes UpdatePipeline() raise neurotour.NeuroTourError (with the filter's
message) when a NeuroTour filter or reader reported an error (see errors.py).
"""
from paraview import servermanager, simple

from .errors import NeuroTourError, install as _install_errors

CATEGORICAL_PRESET = "Brewer Qualitative Paired"


def _view(view):
    view = view or simple.GetActiveView()
    if view is None or view.GetXMLName() != "GrandTourView":
        raise ValueError("not a Grand Tour view: %r" % (view,))
    return view


def GetProjectionMatrix(view=None):
    """The frame at the view's current TourTime, as n rows of 2 values (row i = axis i)."""
    view = _view(view)
    view.SMProxy.UpdatePropertyInformation()
    info = view.SMProxy.GetProperty("ProjectionMatrixInfo")
    values = [info.GetElement(i) for i in range(info.GetNumberOfElements())]
    return [values[i:i + 2] for i in range(0, len(values), 2)]


def SetProjectionMatrix(matrix, view=None):
    """Shows `matrix` (n rows of 2 values, re-orthonormalised) now; the tour continues from it."""
    view = _view(view)
    flat = [float(v) for row in matrix for v in row]
    if len(flat) < 4 or len(flat) % 2:
        raise ValueError("a projection matrix has n >= 2 rows of 2 values")
    view.ProjectionMatrix = flat
    view.ShowProjectionMatrix()


def ResetProjection(view=None):
    """Back to the first two coordinates at the current TourTime; the tour continues from there.
    The view's own command (view.ResetProjection() needs no import), for the active view."""
    _view(view).ResetProjection()


def GetNeighborSampleIds(view=None):
    """SampleIds of the nearest neighbours (view.NumberOfNeighbors of them, nearest first) of
    the one selected sample in view.NeighborsArray (default Activations): the samples the view
    rings in gold. Empty unless exactly one shown sample is selected."""
    view = _view(view)
    simple.Render(view)  # the representations mark the selection when they update
    view.SMProxy.UpdatePropertyInformation()
    text = view.SMProxy.GetProperty("NeighborSampleIdsInfo").GetElement(0)
    return [int(i) for i in text.split()]


def _handles(view):
    values = list(view.CentroidHandles)
    return [(values[i], values[i + 1]) for i in range(0, len(values), 2)]


def _set_handles(view, handles):
    view.CentroidHandles = [v for pair in handles for v in pair]


def FetchAllSamples(source):
    """The output of `source` with every rank's rows, in rank order, on this (client) side.
    servermanager.Fetch brings a table from rank 0 only, and a multiblock as one block per
    rank; under MPI this merges the ranks' tables (leaf by leaf for a multiblock) first."""
    if servermanager.ActiveConnection.GetNumberOfDataPartitions() <= 1:
        return servermanager.Fetch(source)
    composite = source.GetDataInformation().IsCompositeDataSet()
    reducer = servermanager.filters.ReductionFilter(
        Input=source,
        PostGatherHelperName="vtkPVMergeTablesMultiBlock" if composite else "vtkPVMergeTables")
    merged = servermanager.Fetch(reducer, 0)
    simple.Delete(reducer)
    # The merge keeps the columns; the field data (LabelNames, shapes) is rank 0's.
    own = servermanager.Fetch(source, 0)
    if own is None or merged is None:
        return merged
    if not composite:
        merged.GetFieldData().ShallowCopy(own.GetFieldData())
        return merged
    leaves = own.NewIterator()
    leaves.InitTraversal()
    while not leaves.IsDoneWithTraversal():
        target = merged.GetDataSet(leaves)
        if target is not None:
            target.GetFieldData().ShallowCopy(leaves.GetCurrentDataObject().GetFieldData())
        leaves.GoToNextItem()
    return merged


def _selected_sample_ids(source):
    """SampleIds of the rows of `source` in ParaView's current selection."""
    import numpy
    from vtkmodules.util.numpy_support import vtk_to_numpy
    selection = source.SMProxy.GetSelectionInput(0)
    if selection is None:
        raise ValueError("nothing is selected in %s" % simple.GetSourceProxyName(source)[0])
    extract = simple.ExtractSelection(Input=source)
    extract.Selection = servermanager._getPyProxy(selection)
    table = FetchAllSamples(extract)
    simple.Delete(extract)
    ids = table.GetRowData().GetArray("SampleId") if hasattr(table, "GetRowData") else None
    if ids is None:
        raise ValueError("the selection holds no SampleId column")
    return numpy.unique(vtk_to_numpy(ids).astype(numpy.int64))


def AddCentroidHandle(name, view=None, source=None, sample_ids=None):
    """Adds a handle named `name` at the centroid of the selected samples of `source`
    (default: the active source), or of `sample_ids` when given. Drag it to steer the tour."""
    view = _view(view)
    if sample_ids is None:
        sample_ids = _selected_sample_ids(source or simple.GetActiveSource())
    if len(sample_ids) == 0:
        raise ValueError("no samples for the handle %r" % name)
    handles = [h for h in _handles(view) if h[0] != name]
    handles.append((name, " ".join(str(int(i)) for i in sample_ids)))
    _set_handles(view, handles)


def RemoveHandle(name, view=None):
    view = _view(view)
    handles = _handles(view)
    if name not in [h[0] for h in handles]:
        raise ValueError("no handle named %r" % name)
    _set_handles(view, [h for h in handles if h[0] != name])


def RenameHandle(name, new_name, view=None):
    view = _view(view)
    _set_handles(view, [(new_name if h[0] == name else h[0], h[1]) for h in _handles(view)])


def _rank_and_row(process, pick, rows_per_rank):
    """The (rank, row) of a pick id of the Grand Tour view: under MPI the last rank (or a client
    rendering the server's rows, as process 0) picks every row, its own first, then rank 0's,
    rank 1's, ... (rows_per_rank: RowsPerRankInfo)."""
    last = len(rows_per_rank) - 1
    if last < 1 or process not in (0, last):
        return process, pick
    if pick < rows_per_rank[last]:
        return last, pick
    rest = pick - rows_per_rank[last]
    for rank, rows in enumerate(rows_per_rank[:last]):
        if rest < rows:
            return rank, rest
        rest -= rows
    return process, pick  # beyond every row: left as it was


def RowSelection(source, rows_per_rank=()):
    """Turns the point-id selection a rubber band makes in a Grand Tour view into the same
    ids on the table's rows (the view draws row r as point r), so spreadsheets, charts and
    ExtractSelection see it. Under MPI, `rows_per_rank` is the representation's
    RowsPerRankInfo, by which the last rank's picks go back to the ranks holding the rows.
    Returns the number of selection sources changed."""
    selection = source.SMProxy.GetSelectionInput(0)
    if selection is None:
        return 0
    pending = [selection]
    changed = 0
    while pending:
        proxy = pending.pop()
        if proxy.GetProperty("Input") is not None:  # AppendSelections
            inputs = proxy.GetProperty("Input")
            pending += [inputs.GetProxy(i) for i in range(inputs.GetNumberOfProxies())]
        elif proxy.GetXMLName() == "IDSelectionSource":
            field = proxy.GetProperty("FieldType")
            if field.GetElement(0) == 1:  # vtkSelectionNode::POINT
                field.SetElement(0, 5)  # vtkSelectionNode::ROW
                if len(rows_per_rank) > 1:
                    ids = proxy.GetProperty("IDs")
                    pairs = [ids.GetElement(i) for i in range(ids.GetNumberOfElements())]
                    for k in range(0, len(pairs), 2):
                        rank, row = _rank_and_row(pairs[k], pairs[k + 1], rows_per_rank)
                        ids.SetElement(k, rank)
                        ids.SetElement(k + 1, row)
                proxy.UpdateVTKObjects()
                changed += 1
    return changed


def SelectSamples(Rectangle, view=None, Modifier=None):
    """Rubber-band selection of samples in a Grand Tour view: a ParaView selection of the
    table rows inside the rectangle (display pixels x0, y0, x1, y1)."""
    view = _view(view)
    simple.SelectSurfacePoints(Rectangle=Rectangle, View=view, Modifier=Modifier)
    for representation in view.Representations:
        if representation.GetXMLName() == "GrandTourRepresentation" and representation.Input:
            representation.SMProxy.UpdatePropertyInformation()
            counts = representation.SMProxy.GetProperty("RowsPerRankInfo")
            RowSelection(representation.Input,
                         [counts.GetElement(i) for i in range(counts.GetNumberOfElements())])


def SampleTable(source):
    """The sample table a source produces: its output (the local object in a built-in session
    of one process, else fetched from every rank), or for a multiblock (one layer picked with
    ExtractBlock) its first non-empty table, as the Grand Tour view shows it."""
    source.UpdatePipeline()
    local = source.GetClientSideObject()
    if (local is not None and servermanager.ActiveConnection.IsRemote() is False and
            servermanager.ActiveConnection.GetNumberOfDataPartitions() <= 1):
        data = local.GetOutputDataObject(0)
    else:
        data = FetchAllSamples(source)
    if data is not None and data.IsA("vtkCompositeDataSet"):
        iterator = data.NewIterator()
        iterator.InitTraversal()
        while not iterator.IsDoneWithTraversal():
            leaf = iterator.GetCurrentDataObject()
            if leaf.IsA("vtkTable") and leaf.GetNumberOfRows() > 0:
                return leaf
            iterator.GoToNextItem()
    return data


def ColorByLabels(source=None, array="Label", preset=CATEGORICAL_PRESET, view=None):
    """Colours the view by the integer column `array` of `source` with a categorical colour map
    annotated from the field data LabelNames (value -> class name) and shows its legend."""
    import numpy
    from vtkmodules.util.numpy_support import vtk_to_numpy
    view = _view(view)
    data = SampleTable(source or simple.GetActiveSource())
    column = data.GetRowData().GetArray(array)
    if column is None:
        raise ValueError("no column %r to colour by" % array)
    values = numpy.unique(vtk_to_numpy(column))
    names_array = data.GetFieldData().GetAbstractArray("LabelNames")
    names = [names_array.GetValue(i) for i in range(names_array.GetNumberOfValues())] \
        if names_array is not None else []
    lut = simple.GetColorTransferFunction(array)
    lut.InterpretValuesAsCategories = 1
    lut.AnnotationsInitialized = 1
    annotations = []
    for value in values:
        value = int(value)
        annotations += [str(value), names[value] if 0 <= value < len(names) else str(value)]
    lut.Annotations = annotations
    lut.ApplyPreset(preset, True)
    view.ColorArray = array
    view.LookupTable = lut
    view.ShowLegend = 0
    bar = simple.GetScalarBar(lut, view)
    bar.Title = array
    bar.ComponentTitle = ""
    bar.Visibility = 1
    return lut


# What makes two Grand Tour views show one tour (not Playing: the view that plays drives it).
PROJECTION_PROPERTIES = ("ProjectionMatrix", "TourOrigin", "TourTime", "Seed", "Speed",
                         "TourMode", "PursuitIndex")


def LinkProjections(view, other, name="Projection"):
    """One tour in two Grand Tour views (e.g. training and test samples, each view behind a
    SelectSplit): their frame, tour time, speed, seed and mode are linked both ways, so
    playing, dragging a handle or setting TourTime in either moves both. The links are
    registered as `<name>.<property>` (saved in state files, listed in the GUI's Link
    Manager); the second view takes the first's projection now."""
    first, second = _view(view), _view(other)
    if first.SMProxy is second.SMProxy:
        raise ValueError("a view's projection cannot be linked to itself")
    UnlinkProjections(name)
    manager = servermanager.ProxyManager()
    for prop in PROJECTION_PROPERTIES:
        second.SMProxy.GetProperty(prop).Copy(first.SMProxy.GetProperty(prop))
        link = servermanager.vtkSMPropertyLink()
        for source, target in ((first, second), (second, first)):
            link.AddLinkedProperty(source.SMProxy, prop, servermanager.vtkSMLink.INPUT)
            link.AddLinkedProperty(target.SMProxy, prop, servermanager.vtkSMLink.OUTPUT)
        manager.RegisterLink("%s.%s" % (name, prop), link)
    second.SMProxy.UpdateVTKObjects()


def UnlinkProjections(name="Projection"):
    """Removes the links LinkProjections registered under `name`."""
    manager = servermanager.ProxyManager()
    for prop in PROJECTION_PROPERTIES:
        if manager.GetRegisteredLink("%s.%s" % (name, prop)):
            manager.UnRegisterLink("%s.%s" % (name, prop))


def RenderLayerTransition(representation, layer, directory, frames=22, view=None,
                          pattern="transition_%03d.png", resolution=None):
    """Switches a Grand Tour display of a multiblock (one block per layer) to `layer` and saves
    the animated transition (each sample moving from its place in the layer shown now to its
    place in `layer`) as `frames` PNGs in `directory`; returns their paths."""
    from .tour import render_layer_transition
    return render_layer_transition(representation, layer, directory, frames, _view(view),
                                   pattern, resolution)


def _install_methods():
    """Makes the helpers methods of Grand Tour view proxies (view.GetProjectionMatrix() ...)."""
    try:
        cls = servermanager.rendering.GrandTourView
    except AttributeError:
        return False

    def method(function):
        def bound(self, *args, **kwargs):
            kwargs["view"] = self
            return function(*args, **kwargs)
        bound.__doc__ = function.__doc__
        return bound

    # ResetProjection is the proxy's own command property: already a method.
    for function in (GetProjectionMatrix, SetProjectionMatrix, AddCentroidHandle, RemoveHandle,
                     RenameHandle, ColorByLabels, SelectSamples, GetNeighborSampleIds):
        setattr(cls, function.__name__, method(function))
    return True


_install_methods()
_install_errors()
