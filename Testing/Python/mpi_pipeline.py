"""The pipeline TestMPI.py runs twice: under `mpirun -np 2 pvbatch` and in one pvbatch process.

IDXReader (1,000 Fashion-MNIST test images) -> PCAReduction (50) -> UMAPEmbedding (2-D) ->
EmbeddingQuality. Writes embedding.csv, quality.csv and summary.json into the directory given.
Usage: pvbatch mpi_pipeline.py <plugin> <fashion-mnist dir> <output dir>
"""
import json
import os
import sys

from paraview.simple import *

plugin, fashion_dir, output = sys.argv[1:4]
os.makedirs(output, exist_ok=True)
LoadPlugin(plugin, ns=globals())  # on every rank: the satellites run the filters too

reader = IDXReader(FileName=os.path.join(fashion_dir, "t10k-images-idx3-ubyte.gz"),
                   MaximumNumberOfSamples=1000)
pca = PCAReduction(Input=reader, ArrayName="Pixels", NumberOfComponents=50, NumberOfThreads=2)
umap = UMAPEmbedding(Input=pca, ArrayName="Embedding", NumberOfComponents=2, Seed=42,
                     NumberOfThreads=2)
quality = EmbeddingQuality(Input=umap, ArrayName="Embedding", ReferenceArrayName="Pixels",
                           NumberOfNeighbors=10)
quality.UpdatePipeline()

def row_columns(proxy):
    """Names of the row arrays the (gathered) data information reports."""
    from vtkmodules.vtkCommonDataModel import vtkDataObject
    rows = proxy.GetDataInformation().DataInformation.GetAttributeInformation(vtkDataObject.ROW)
    return sorted(rows.GetArrayInformation(i).GetName() for i in range(rows.GetNumberOfArrays()))


summary = {"processes": servermanager.ActiveConnection.GetNumberOfDataPartitions()}
for name, proxy in (("reader", reader), ("pca", pca), ("umap", umap), ("quality", quality)):
    info = proxy.GetDataInformation()
    summary[name] = {"rows": info.GetNumberOfRows(),
                     "columns": row_columns(proxy)}
with open(os.path.join(output, "summary.json"), "w") as f:
    json.dump(summary, f, indent=1)

# ParaView's CSV writer gathers the pieces of all ranks into one file.
SaveData(os.path.join(output, "embedding.csv"), umap, FieldAssociation="Row Data",
         Precision=9, ChooseArraysToWrite=1, RowDataArrays=["SampleId", "Label", "Embedding"])
SaveData(os.path.join(output, "quality.csv"), quality, FieldAssociation="Row Data", Precision=9)
print("mpi_pipeline: wrote", output)
