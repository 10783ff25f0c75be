#include "vtkEmbeddingQuality.h"

#include "EmbeddingQuality.h"
#include "SampleTableBlocks.h"
#include "vtkSampleTable.h"

#include "vtkDoubleArray.h"
#include "vtkFloatArray.h"
#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkObjectFactory.h"
#include "vtkStringArray.h"
#include "vtkTable.h"

vtkStandardNewMacro(vtkEmbeddingQuality);

//------------------------------------------------------------------------------
vtkEmbeddingQuality::vtkEmbeddingQuality()
{
  this->Mode = WHOLE_INPUT;
  this->SetArrayName("Embedding");
  this->SetReferenceArrayName("");
}

//------------------------------------------------------------------------------
vtkEmbeddingQuality::~vtkEmbeddingQuality()
{
  this->SetArrayName(nullptr);
  this->SetReferenceArrayName(nullptr);
}

//------------------------------------------------------------------------------
int vtkEmbeddingQuality::FillOutputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkDataObject::DATA_TYPE_NAME(), "vtkTable");
  return 1;
}

//------------------------------------------------------------------------------
bool vtkEmbeddingQuality::ProcessInput(
  vtkInformation*, vtkDataObject* input, vtkInformation*, vtkDataObject* outputObject)
{
  auto* output = vtkTable::SafeDownCast(outputObject);
  std::string error;
  const std::vector<neurotour::tables::NamedTable> tables =
    neurotour::tables::CollectSampleTables(input, error);
  if (tables.empty())
  {
    vtkErrorMacro(<< "Embedding quality: " << error << ".");
    return false;
  }
  const bool hasReference = this->ReferenceArrayName && *this->ReferenceArrayName;

  vtkNew<vtkStringArray> names;
  names->SetName("Block");
  output->AddColumn(names);
  const char* metricNames[] = { "SameClassDistance", "DifferentClassDistance", "CentroidSpread",
    "CentroidSeparation", "KNNAccuracy", "Trustworthiness", "Continuity" };
  std::vector<vtkDoubleArray*> metrics;
  for (const char* name : metricNames)
  {
    vtkNew<vtkDoubleArray> column;
    column->SetName(name);
    output->AddColumn(column);
    metrics.push_back(column);
  }
  vtkNew<vtkIdTypeArray> points;
  points->SetName("NumberOfPoints");
  output->AddColumn(points);
  vtkNew<vtkIdTypeArray> sampled;
  sampled->SetName("SampledPoints");
  output->AddColumn(sampled);

  neurotour::EmbeddingQualityOptions options;
  options.NumberOfNeighbors = this->NumberOfNeighbors;
  for (std::size_t b = 0; b < tables.size(); ++b)
  {
    vtkTable* table = tables[b].Table;
    const std::string where = " (block '" + tables[b].Name + "')";
    vtkSmartPointer<vtkFloatArray> embedding =
      vtkSampleTable::GetFeatures(table, this->ArrayName, error);
    if (!embedding)
    {
      vtkErrorMacro(<< "Embedding: " << error << where << ".");
      return false;
    }
    vtkSmartPointer<vtkFloatArray> reference;
    if (hasReference)
    {
      reference = vtkSampleTable::GetFeatures(table, this->ReferenceArrayName, error);
      if (!reference)
      {
        vtkErrorMacro(<< "Reference: " << error << where << ".");
        return false;
      }
    }
    std::vector<std::int64_t> labels;
    if (auto* labelColumn =
          vtkArrayDownCast<vtkDataArray>(table->GetColumnByName(vtkSampleTable::LabelName)))
    {
      labels.resize(labelColumn->GetNumberOfTuples());
      for (vtkIdType row = 0; row < labelColumn->GetNumberOfTuples(); ++row)
      {
        labels[row] = static_cast<std::int64_t>(labelColumn->GetComponent(row, 0));
      }
    }
    else
    {
      vtkWarningMacro(<< "No '" << vtkSampleTable::LabelName << "' column" << where
                      << ": the class metrics (distances, centroids, kNN accuracy) are NaN.");
    }
    const neurotour::ConstMatrixMap embeddingMatrix(embedding->GetPointer(0),
      embedding->GetNumberOfTuples(), embedding->GetNumberOfComponents());
    const neurotour::ConstMatrixMap referenceMatrix(reference ? reference->GetPointer(0) : nullptr,
      reference ? reference->GetNumberOfTuples() : 0,
      reference ? reference->GetNumberOfComponents() : 0);
    neurotour::EmbeddingQualityResult result;
    this->SetProgressShiftScale(static_cast<double>(b) / tables.size(), 1.0 / tables.size());
    try
    {
      result = neurotour::ComputeEmbeddingQuality(embeddingMatrix, labels,
        reference ? &referenceMatrix : nullptr, options, this->ProgressCallback());
    }
    catch (const neurotour::InvalidInput& invalid)
    {
      vtkErrorMacro(<< invalid.what() << where << ".");
      return false;
    }
    names->InsertNextValue(tables[b].Name);
    const double values[] = { result.SameClassDistance, result.DifferentClassDistance,
      result.CentroidSpread, result.CentroidSeparation, result.KNNAccuracy, result.Trustworthiness,
      result.Continuity };
    for (std::size_t m = 0; m < metrics.size(); ++m)
    {
      metrics[m]->InsertNextValue(values[m]);
    }
    points->InsertNextValue(result.NumberOfPoints);
    sampled->InsertNextValue(result.SampledPoints);
  }
  return true;
}

//------------------------------------------------------------------------------
void vtkEmbeddingQuality::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
  os << indent
     << "ReferenceArrayName: " << (this->ReferenceArrayName ? this->ReferenceArrayName : "(none)")
     << "\n";
  os << indent << "NumberOfNeighbors: " << this->NumberOfNeighbors << "\n";
}
