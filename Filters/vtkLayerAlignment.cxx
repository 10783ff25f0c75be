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
  if (neurotour_filters::IsEmptyParallelPiece(input, outputVector->GetInformationObject(0)))
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
  const std::vector<neurotour_filters::NamedTable> tables =
    neurotour_filters::CollectSampleTables(input, error);
  if (tables.empty())
  {
    vtkErrorMacro(<< "Layer alignment: " << error << ".");
    return false;
  }
  std::vector<vtkSmartPointer<vtkFloatArray>> features;
  std::vector<neurotour::ConstMatrixMap> layers;
  std::vector<neurotour::RowMatch> matches(1);
  std::vector<std::int64_t> previousIds;
  for (const auto& table : tables)
  {
    features.push_back(vtkSampleTable::GetFeatures(table.Table, this->ArrayName, error));
    if (!features.back())
    {
      vtkErrorMacro(<< "Block '" << table.Name << "': " << error << ".");
      return false;
    }
    layers.emplace_back(features.back()->GetPointer(0), features.back()->GetNumberOfTuples(),
      features.back()->GetNumberOfComponents());
    std::vector<std::int64_t> ids = neurotour_filters::SampleIdsOf(table.Table);
    if (layers.size() > 1)
    {
      const std::string pair = "blocks '" + (&table - 1)->Name + "' and '" + table.Name + "'";
      matches.push_back(neurotour::MatchSampleIds(ids, previousIds, pair.c_str()));
      if (matches.back().Size() < 2)
      {
        vtkErrorMacro(<< "Blocks '" << (&table - 1)->Name << "' and '" << table.Name << "' share "
                      << matches.back().Size()
                      << " SampleId(s); alignment needs at least 2 common samples.");
        return false;
      }
    }
    previousIds = std::move(ids);
  }

  const std::vector<neurotour::MatrixRM> aligned = neurotour::AlignLayers(layers, matches,
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
