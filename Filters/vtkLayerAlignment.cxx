#include "vtkLayerAlignment.h"

#include "Procrustes.h"
#include "SampleTableBlocks.h"
#include "vtkSampleTable.h"

#include "vtkDataSetAttributes.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"

vtkStandardNewMacro(vtkLayerAlignment);

//------------------------------------------------------------------------------
vtkLayerAlignment::vtkLayerAlignment()
{
  this->Mode = WHOLE_INPUT;
  this->SetArrayName("Embedding");
}

//------------------------------------------------------------------------------
vtkLayerAlignment::~vtkLayerAlignment()
{
  this->SetArrayName(nullptr);
}

//------------------------------------------------------------------------------
int vtkLayerAlignment::FillInputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkMultiBlockDataSet");
  return 1;
}

//------------------------------------------------------------------------------
bool vtkLayerAlignment::ProcessInput(
  vtkInformation*, vtkDataObject* inputObject, vtkInformation*, vtkDataObject* outputObject)
{
  auto* input = vtkMultiBlockDataSet::SafeDownCast(inputObject);
  auto* output = vtkMultiBlockDataSet::SafeDownCast(outputObject);
  std::string error;
  const neurotour::tables::TableFeatures layers =
    neurotour::tables::CollectFeatures(input, this->ArrayName, error);
  if (layers.Matrices.empty())
  {
    vtkErrorMacro(<< "Layer alignment: " << error << ".");
    return false;
  }
  const auto& tables = layers.Tables;
  std::vector<neurotour::RowMatch> matches(1);
  for (std::size_t l = 1; l < tables.size(); ++l)
  {
    const std::string pair = "blocks '" + tables[l - 1].Name + "' and '" + tables[l].Name + "'";
    matches.push_back(
      neurotour::MatchSampleIds(layers.Ids[l], layers.Ids[l - 1], pair.c_str()));
    if (matches.back().Size() < 2)
    {
      vtkErrorMacro(<< "The " << pair << " share " << matches.back().Size()
                    << " SampleId(s); alignment needs at least 2 common samples.");
      return false;
    }
  }

  const std::vector<neurotour::MatrixRM> aligned = neurotour::AlignLayers(layers.Matrices, matches,
    this->Method == LINEAR ? neurotour::LayerAlignmentMethod::Linear
                           : neurotour::LayerAlignmentMethod::Procrustes,
    0,
    this->ProgressCallback());

  // The output mirrors the input's tree: same names and order, each layer's array replaced.
  output->CopyStructure(input);
  vtkSmartPointer<vtkDataObjectTreeIterator> it;
  it.TakeReference(input->NewTreeIterator());
  it->SkipEmptyNodesOn();
  std::size_t layer = 0;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem(), ++layer)
  {
    vtkNew<vtkFloatArray> array;
    array->SetName(this->ArrayName);
    array->SetNumberOfComponents(static_cast<int>(aligned[layer].cols()));
    array->SetNumberOfTuples(aligned[layer].rows());
    std::copy_n(aligned[layer].data(), aligned[layer].size(), array->GetPointer(0));
    vtkNew<vtkTable> result;
    result->ShallowCopy(tables[layer].Table);
    result->GetRowData()->AddArray(array);
    vtkSampleTable::MarkColumns(result);
    output->SetDataSet(it, result);
  }
  return true;
}

//------------------------------------------------------------------------------
void vtkLayerAlignment::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
  os << indent << "Method: " << (this->Method == LINEAR ? "linear" : "procrustes") << "\n";
}
