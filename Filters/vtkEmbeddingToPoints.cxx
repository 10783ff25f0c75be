#include "vtkEmbeddingToPoints.h"

#include "vtkSampleTable.h"

#include "vtkCellArray.h"
#include "vtkCompositeDataSet.h"
#include "vtkDataObjectTreeIterator.h"
#include "vtkFloatArray.h"
#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkObjectFactory.h"
#include "vtkPointData.h"
#include "vtkPoints.h"
#include "vtkPolyData.h"
#include "vtkSmartPointer.h"
#include "vtkTable.h"

#include <numeric>
#include <string>

vtkStandardNewMacro(vtkEmbeddingToPoints);

//------------------------------------------------------------------------------
vtkEmbeddingToPoints::vtkEmbeddingToPoints()
{
  this->SetArrayName("Embedding");
}

//------------------------------------------------------------------------------
vtkEmbeddingToPoints::~vtkEmbeddingToPoints()
{
  this->SetArrayName(nullptr);
}

//------------------------------------------------------------------------------
int vtkEmbeddingToPoints::FillInputPortInformation(int, vtkInformation* info)
{
  info->Remove(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE());
  info->Append(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkTable");
  info->Append(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkMultiBlockDataSet");
  return 1;
}

//------------------------------------------------------------------------------
int vtkEmbeddingToPoints::RequestDataObject(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkDataObject* input = vtkDataObject::GetData(inputVector[0], 0);
  if (!input)
  {
    return 0;
  }
  const bool blocks = input->IsA("vtkMultiBlockDataSet");
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  vtkDataObject* output = vtkDataObject::GetData(outInfo);
  if (!output || output->IsA("vtkMultiBlockDataSet") != blocks)
  {
    vtkSmartPointer<vtkDataObject> created;
    if (blocks)
    {
      created = vtkSmartPointer<vtkMultiBlockDataSet>::New();
    }
    else
    {
      created = vtkSmartPointer<vtkPolyData>::New();
    }
    outInfo->Set(vtkDataObject::DATA_OBJECT(), created);
  }
  return 1;
}

//------------------------------------------------------------------------------
bool vtkEmbeddingToPoints::Convert(
  vtkTable* table, vtkPolyData* output, const std::string& blockName)
{
  std::string error;
  vtkSmartPointer<vtkFloatArray> coordinates =
    vtkSampleTable::GetFeatures(table, this->ArrayName, error, false);
  if (!coordinates)
  {
    vtkErrorMacro(<< error << blockName << ".");
    return false;
  }
  const int dims = coordinates->GetNumberOfComponents();
  if (dims != 2 && dims != 3)
  {
    vtkErrorMacro(<< "'" << this->ArrayName << "' has " << dims
                  << " components; points need a 2-D or 3-D embedding" << blockName << ".");
    return false;
  }
  const vtkIdType n = coordinates->GetNumberOfTuples();
  vtkNew<vtkFloatArray> xyz;
  xyz->SetNumberOfComponents(3);
  xyz->SetNumberOfTuples(n);
  const float* source = coordinates->GetPointer(0);
  float* target = xyz->GetPointer(0);
  for (vtkIdType i = 0; i < n; ++i)
  {
    target[3 * i] = source[dims * i];
    target[3 * i + 1] = source[dims * i + 1];
    target[3 * i + 2] = dims == 3 ? source[dims * i + 2] : 0.0f;
  }
  vtkNew<vtkPoints> points;
  points->SetData(xyz);

  vtkNew<vtkIdTypeArray> offsets;
  offsets->SetNumberOfValues(n + 1);
  std::iota(offsets->GetPointer(0), offsets->GetPointer(0) + n + 1, vtkIdType(0));
  vtkNew<vtkIdTypeArray> connectivity;
  connectivity->SetNumberOfValues(n);
  std::iota(connectivity->GetPointer(0), connectivity->GetPointer(0) + n, vtkIdType(0));
  vtkNew<vtkCellArray> vertices;
  vertices->SetData(offsets, connectivity);

  output->SetPoints(points);
  output->SetVerts(vertices);
  vtkPointData* pointData = output->GetPointData();
  for (vtkIdType c = 0; c < table->GetNumberOfColumns(); ++c)
  {
    vtkAbstractArray* column = table->GetColumn(c);
    if (column && column->GetNumberOfTuples() == n)
    {
      pointData->AddArray(column);
    }
  }
  if (auto* ids = vtkArrayDownCast<vtkDataArray>(table->GetColumnByName(vtkSampleTable::SampleIdName)))
  {
    pointData->SetGlobalIds(ids);
  }
  output->GetFieldData()->ShallowCopy(table->GetFieldData());
  return true;
}

//------------------------------------------------------------------------------
int vtkEmbeddingToPoints::RequestData(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkDataObject* input = vtkDataObject::GetData(inputVector[0], 0);
  vtkDataObject* output = vtkDataObject::GetData(outputVector, 0);
  if (auto* table = vtkTable::SafeDownCast(input))
  {
    if (!this->Convert(table, vtkPolyData::SafeDownCast(output), ""))
    {
      output->Initialize();
      return 0;
    }
    return 1;
  }
  auto* inputBlocks = vtkMultiBlockDataSet::SafeDownCast(input);
  auto* outputBlocks = vtkMultiBlockDataSet::SafeDownCast(output);
  if (!inputBlocks || !outputBlocks)
  {
    vtkErrorMacro(<< "The input must be a sample table or a multiblock of sample tables.");
    return 0;
  }
  outputBlocks->CopyStructure(inputBlocks);
  vtkSmartPointer<vtkDataObjectTreeIterator> it;
  it.TakeReference(inputBlocks->NewTreeIterator());
  it->SkipEmptyNodesOn();
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    const char* name = it->GetCurrentMetaData()->Get(vtkCompositeDataSet::NAME());
    const std::string blockName =
      " (block '" + (name ? std::string(name) : std::to_string(it->GetCurrentFlatIndex())) + "')";
    auto* table = vtkTable::SafeDownCast(it->GetCurrentDataObject());
    vtkNew<vtkPolyData> points;
    if (!table || !this->Convert(table, points, blockName))
    {
      if (!table)
      {
        vtkErrorMacro(<< "Not a sample table" << blockName << ".");
      }
      outputBlocks->Initialize();
      return 0;
    }
    outputBlocks->SetDataSet(it, points);
  }
  return 1;
}

//------------------------------------------------------------------------------
void vtkEmbeddingToPoints::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
}
