#include "vtkLayerSimilarity.h"

#include "LayerSimilarity.h"
#include "Procrustes.h"
#include "SampleTableBlocks.h"
#include "vtkSampleTable.h"

#include "vtkDoubleArray.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkObjectFactory.h"
#include "vtkStringArray.h"
#include "vtkTable.h"

vtkStandardNewMacro(vtkLayerSimilarity);

//------------------------------------------------------------------------------
vtkLayerSimilarity::vtkLayerSimilarity()
{
  this->Mode = WHOLE_INPUT;
  this->SetArrayName("Activations");
}

//------------------------------------------------------------------------------
vtkLayerSimilarity::~vtkLayerSimilarity()
{
  this->SetArrayName(nullptr);
}

//------------------------------------------------------------------------------
int vtkLayerSimilarity::FillOutputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkDataObject::DATA_TYPE_NAME(), "vtkTable");
  return 1;
}

//------------------------------------------------------------------------------
bool vtkLayerSimilarity::ProcessInput(
  vtkInformation*, vtkDataObject* input, vtkInformation*, vtkDataObject* outputObject)
{
  auto* output = vtkTable::SafeDownCast(outputObject);
  std::string error;
  const neurotour::tables::TableFeatures layers =
    neurotour::tables::CollectFeatures(input, this->ArrayName, error);
  if (layers.Matrices.empty())
  {
    vtkErrorMacro(<< "Layer similarity: " << error << ".");
    return false;
  }
  const auto& tables = layers.Tables;
  const std::vector<std::vector<std::int64_t>> rows = neurotour::MatchSampleIdsAcross(layers.Ids);
  if (rows[0].size() < 2)
  {
    vtkErrorMacro(<< "The layers share " << rows[0].size()
                  << " SampleId(s); similarity needs at least 2 common samples.");
    return false;
  }
  const Eigen::MatrixXd similarity = neurotour::LayerSimilarityMatrix(layers.Matrices, rows,
    this->Measure == PROCRUSTES ? neurotour::SimilarityMeasure::Procrustes
                                : neurotour::SimilarityMeasure::CKA,
    0,
    this->ProgressCallback());

  vtkNew<vtkStringArray> names;
  names->SetName("Layer");
  for (const auto& table : tables)
  {
    names->InsertNextValue(table.Name);
  }
  output->AddColumn(names);
  for (std::size_t column = 0; column < tables.size(); ++column)
  {
    vtkNew<vtkDoubleArray> values;
    values->SetName(tables[column].Name.c_str());
    values->SetNumberOfTuples(static_cast<vtkIdType>(tables.size()));
    for (std::size_t row = 0; row < tables.size(); ++row)
    {
      values->SetValue(static_cast<vtkIdType>(row), similarity(row, column));
    }
    output->AddColumn(values);
  }
  return true;
}

//------------------------------------------------------------------------------
void vtkLayerSimilarity::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
  os << indent << "Measure: " << (this->Measure == PROCRUSTES ? "procrustes" : "cka") << "\n";
}
