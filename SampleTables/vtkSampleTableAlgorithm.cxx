#include "vtkSampleTableAlgorithm.h"

#include "vtkSampleTable.h"
#include "vtkSampleTable.h"

#include "vtkCompositeDataSet.h"
#include "vtkDataObjectTreeIterator.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkObjectFactory.h"
#include "vtkSmartPointer.h"
#include "vtkTable.h"

#include <exception>
#include <stdexcept>
#include <vector>

//------------------------------------------------------------------------------
vtkSampleTableAlgorithm::vtkSampleTableAlgorithm() = default;
vtkSampleTableAlgorithm::~vtkSampleTableAlgorithm() = default;

//------------------------------------------------------------------------------
int vtkSampleTableAlgorithm::FillInputPortInformation(int port, vtkInformation* info)
{
  if (port == 0)
  {
    info->Remove(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE());
    info->Append(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkTable");
    info->Append(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkMultiBlockDataSet");
    return 1;
  }
  return this->Superclass::FillInputPortInformation(port, info);
}

//------------------------------------------------------------------------------
int vtkSampleTableAlgorithm::RequestDataObject(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkDataObject* input = vtkDataObject::GetData(inputVector[0], 0);
  if (!input)
  {
    return 0;
  }
  for (int port = 0; port < this->GetNumberOfOutputPorts(); ++port)
  {
    vtkInformation* outInfo = outputVector->GetInformationObject(port);
    vtkDataObject* output = vtkDataObject::GetData(outInfo);
    if (!output || !output->IsA(input->GetClassName()))
    {
      vtkSmartPointer<vtkDataObject> created;
      created.TakeReference(input->NewInstance());
      outInfo->Set(vtkDataObject::DATA_OBJECT(), created);
    }
  }
  return 1;
}

//------------------------------------------------------------------------------
int vtkSampleTableAlgorithm::RequestData(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkDataObject* input = vtkDataObject::GetData(inputVector[0], 0);
  vtkDataObject* output = vtkDataObject::GetData(outputVector, 0);
  this->CurrentBlock = 0;
  this->NumberOfBlocks = 1;
  this->CurrentName.clear();
  if (vtkSampleTable::IsEmptyParallelPiece(input, outputVector->GetInformationObject(0)))
  {
    output->ShallowCopy(input);
    return 1;
  }

  if (auto* table = vtkTable::SafeDownCast(input))
  {
    if (!this->RunOnTable(table, vtkTable::SafeDownCast(output)))
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
  // Blocks are layers: the output keeps the block structure and names, so a downstream
  // filter or view finds each layer where it was.
  outputBlocks->CopyStructure(inputBlocks);
  std::vector<std::pair<vtkTable*, unsigned int>> tables;
  vtkSmartPointer<vtkDataObjectTreeIterator> it;
  it.TakeReference(inputBlocks->NewTreeIterator());
  it->SkipEmptyNodesOn();
  unsigned int count = 0;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    ++count;
  }
  this->NumberOfBlocks = count > 0 ? count : 1;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    auto* table = vtkTable::SafeDownCast(it->GetCurrentDataObject());
    const char* name = it->GetCurrentMetaData()->Get(vtkCompositeDataSet::NAME());
    this->CurrentName = name ? name : std::to_string(it->GetCurrentFlatIndex());
    if (!table)
    {
      vtkErrorMacro(<< "Block '" << this->CurrentName << "' is not a sample table.");
      outputBlocks->Initialize();
      return 0;
    }
    vtkNew<vtkTable> result;
    if (!this->RunOnTable(table, result))
    {
      outputBlocks->Initialize();
      return 0;
    }
    outputBlocks->SetDataSet(it, result);
    ++this->CurrentBlock;
  }
  return 1;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::RunOnTable(vtkTable* input, vtkTable* output)
{
  try
  {
    return this->ProcessTable(input, output) && !this->CheckAbort();
  }
  catch (const std::exception& error)
  {
    if (!this->CheckAbort())
    {
      vtkErrorMacro(<< error.what() << this->CurrentBlockName() << ".");
    }
    return false;
  }
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ReportTableProgress(double fraction)
{
  this->UpdateProgress((this->CurrentBlock + fraction) / this->NumberOfBlocks);
  return !this->CheckAbort();
}

//------------------------------------------------------------------------------
std::function<bool(double)> vtkSampleTableAlgorithm::TableProgressCallback()
{
  return [this](double fraction) { return this->ReportTableProgress(fraction); };
}

//------------------------------------------------------------------------------
std::string vtkSampleTableAlgorithm::CurrentBlockName() const
{
  return this->CurrentName.empty() ? std::string() : " (block '" + this->CurrentName + "')";
}

//------------------------------------------------------------------------------
void vtkSampleTableAlgorithm::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
}

//------------------------------------------------------------------------------
vtkSmartPointer<vtkFloatArray> vtkSampleTableAlgorithm::RequireFeatures(
  vtkTable* table, const char* arrayName, const std::string& role)
{
  std::string error;
  vtkSmartPointer<vtkFloatArray> features = vtkSampleTable::GetFeatures(table, arrayName, error);
  if (!features)
  {
    throw std::runtime_error(role + error);
  }
  return features;
}
