"""The pipeline TestMPI.py runs twice: under `mpirun -np 2 pvbatch` and in one pvbatch process.

IDXReader (1,000 Fashion-MNIST test images) -> PCAReduction (50) -> UMAPEmbedding (2-D) ->
EmbeddingQuality; IDXReader -> ActivationExtraction (fc2 of the trained CNN); and fc2 of the three
training epochs (time steps) -> AlignedUMAP across them (one time step per pass); fixed seeds and
thread counts. Writes embedding.csv, quality.csv, fc2.csv, aligned_t<step>.csv, summary.json (rows over all ranks, and the rows rank 0 holds) into the directory
given. Usage: pvbatch mpi_pipeline.py <plugin> <fashion-mnist dir> <model.pt> <output dir>
[<port> <connect id>]: with a port, pvpython runs it against a pvserver on localhost, rendering
there.
"""
import json
import os
import sys

from paraview.simple import *

plugin, fashion_dir, model, output = sys.argv[1:5]
os.makedirs(output, exist_ok=True)
if len(sys.argv) > 6:
    from paraview.modules.vtkRemotingCore import vtkRemotingCoreConfiguration
    vtkRemotingCoreConfiguration.GetInstance().SetConnectID(int(sys.argv[6]))
    Connect("localhost", int(sys.argv[5]))
    # The server runs the filters and the view's server side, the client needs the proxies.
    LoadPlugin(plugin, remote=True, ns=globals())
    LoadPlugin(plugin, remote=False, ns=globals())
else:
    LoadPlugin(plugin, ns=globals())  # on every rank: the satellites run the filters too
import neurotour  # noqa: E402

reader = IDXReader(FileName=os.path.join(fashion_dir, "t10k-images-idx3-ubyte.gz"),
                   MaximumNumberOfSamples=1000)
pca = PCAReduction(Input=reader, ArrayName="Pixels", NumberOfComponents=50, NumberOfThreads=2)
umap = UMAPEmbedding(Input=pca, ArrayName="Embedding", NumberOfComponents=2, Seed=42,
                     NumberOfThreads=2)
quality = EmbeddingQuality(Input=umap, ArrayName="Embedding", ReferenceArrayName="Pixels",
                           NumberOfNeighbors=10)
extraction = ActivationExtraction(Input=reader, ModelFile=model, Layers=["fc2"], IncludeInput=0)
epochs = ActivationExtraction(Input=reader, Layers=["fc2"], IncludeInput=0,
                              ModelFiles=[model.replace("epoch2", "epoch%d" % e) for e in range(3)])
aligned = AlignedUMAP(Input=epochs, ArrayName="Activations", NumberOfEpochs=100,
                      NumberOfThreads=2)
quality.UpdatePipeline()
extraction.UpdatePipeline()


def row_columns(proxy):
    """Names of the row arrays the (gathered) data information reports."""
    from vtkmodules.vtkCommonDataModel import vtkDataObject
    rows = proxy.GetDataInformation().DataInformation.GetAttributeInformation(vtkDataObject.ROW)
    return sorted(rows.GetArrayInformation(i).GetName() for i in range(rows.GetNumberOfArrays()))


summary = {"processes": servermanager.ActiveConnection.GetNumberOfDataPartitions()}
for name, proxy in (("reader", reader), ("pca", pca), ("umap", umap), ("quality", quality),
                    ("extraction", extraction)):
    info = proxy.GetDataInformation()
    summary[name] = {"rows": info.GetNumberOfRows(), "columns": row_columns(proxy),
                     # Fetch brings rank 0's table only: the rows rank 0 holds.
                     "rank0_rows": (servermanager.Fetch(proxy).GetNumberOfRows()
                                    if name != "extraction" else None)}
with open(os.path.join(output, "summary.json"), "w") as f:
    json.dump(summary, f, indent=1)

# ParaView's CSV writer gathers the pieces of all ranks into one file, in rank order.
SaveData(os.path.join(output, "embedding.csv"), umap, FieldAssociation="Row Data",
         Precision=9, ChooseArraysToWrite=1, RowDataArrays=["SampleId", "Label", "Embedding"])
SaveData(os.path.join(output, "quality.csv"), quality, FieldAssociation="Row Data", Precision=9)
SaveData(os.path.join(output, "fc2.csv"), extraction, FieldAssociation="Row Data", Precision=9,
         ChooseArraysToWrite=1, RowDataArrays=["SampleId", "Activations"])

for step in (0.0, 2.0, 1.0):  # the last is served from the cached embedding
    aligned.UpdatePipeline(step)
    SaveData(os.path.join(output, "aligned_t%d.csv" % step), aligned, FieldAssociation="Row Data",
             Precision=9, ChooseArraysToWrite=1, RowDataArrays=["SampleId", "Embedding"])

# Shown in a Grand Tour view, coloured by the class names of every rank's rows.
view = CreateView("GrandTourView")
view.ViewSize = [400, 400]
view.RemoteRenderThreshold = 0  # against a pvserver: rendered and composited there
Show(umap, view)
view.CoordinatesArray = "Embedding"
neurotour.ColorByLabels(umap, view=view)
ResetCamera(view)
Render(view)
# A rubber band over the lower right quarter, as ParaView's selection hands it on (SampleIds of
# the extracted rows of every rank), then a handle at the centroid of samples 0-99 (some on
# each rank) drawn in the picture.
SetActiveSource(umap)
neurotour.SelectSamples([200, 0, 399, 199], view=view)
summary["selected"] = neurotour._selected_sample_ids(umap).tolist()
with open(os.path.join(output, "summary.json"), "w") as f:
    json.dump(summary, f, indent=1)
ClearSelection(umap)
neurotour.AddCentroidHandle("first hundred", view=view, sample_ids=range(100))
Render(view)
SaveScreenshot(os.path.join(output, "tour.png"), view, ImageResolution=[400, 400])
print("mpi_pipeline: wrote", output)
