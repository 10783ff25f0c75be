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
  this->SetArrayName("Embedding");
}

//------------------------------------------------------------------------------
vtkLayerAlignment::~vtkLayerAlignment()
{
  this->SetArrayName(nullptr);
}

//------------------------------------------------------------------------------
int vtkLayerAlignment::RequestData(vtkInformation*, vtkInformationVector** inputVector,
  vtkInformationVector* outputVector)
{
  auto* input = vtkMultiBlockDataSet::GetData(inputVector[0], 0);
  auto* output = vtkMultiBlockDataSet::GetData(outputVector, 0);
  if (vtkSampleTable::IsEmptyParallelPiece(input, outputVector->GetInformationObject(0)))
  {
    output->ShallowCopy(input);
    return 1;
  }
  if (!neurotour_filters::RunReportingErrors(this, [&] { return this->Align(input, output); }))
  {
    output->Initialize();
    return 0;
  }
  return 1;
}

//------------------------------------------------------------------------------
bool vtkLayerAlignment::Align(vtkMultiBlockDataSet* input, vtkMultiBlockDataSet* output)
{
  std::string error;
  const neurotour_filters::TableFeatures layers =
    neurotour_filters::CollectFeatures(input, this->ArrayName, error);
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
    [this](double fraction)
    {
      this->UpdateProgress(fraction);
      return !this->CheckAbort();
    });

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
    vtkSampleTable::MarkSampleIds(result);
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
