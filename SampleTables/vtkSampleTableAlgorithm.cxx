#include "vtkSampleTableAlgorithm.h"

#include "vtkSampleTable.h"

#include "vtkCompositeDataSet.h"
#include "vtkDataObjectTreeIterator.h"
#include "vtkDataObjectTypes.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkObjectFactory.h"
#include "vtkSmartPointer.h"
#include "vtkTable.h"

#include <exception>
#include <stdexcept>
#include <string>
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
int vtkSampleTableAlgorithm::FillOutputPortInformation(int, vtkInformation*)
{
  return 1; // no DATA_TYPE_NAME: the output has the input's type (see the class comment)
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
    const char* typeName =
      this->GetOutputPortInformation(port)->Get(vtkDataObject::DATA_TYPE_NAME());
    if (!typeName || (this->Mode == EACH_TABLE && input->IsA("vtkMultiBlockDataSet")))
    {
      typeName = input->GetClassName();
    }
    vtkInformation* outInfo = outputVector->GetInformationObject(port);
    vtkDataObject* output = vtkDataObject::GetData(outInfo);
    if (!output || !output->IsA(typeName))
    {
      vtkSmartPointer<vtkDataObject> created;
      created.TakeReference(vtkDataObjectTypes::NewDataObject(typeName));
      outInfo->Set(vtkDataObject::DATA_OBJECT(), created);
    }
  }
  return 1;
}

//------------------------------------------------------------------------------
int vtkSampleTableAlgorithm::RequestData(
  vtkInformation* request, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkDataObject* input = vtkDataObject::GetData(inputVector[0], 0);
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  vtkDataObject* output = vtkDataObject::GetData(outInfo);
  output->Initialize();
  this->CurrentName.clear();
  if (this->GetAbortExecute())
  {
    // Still aborted: VTK re-requests an aborted output on every update until whoever aborted
    // clears the flag (the GUI does on Apply). Answer at once, and quietly: the abort was
    // reported when it happened.
    this->CheckAbort(); // marks the output aborted again
    return 1;
  }
  if (vtkSampleTable::IsEmptyParallelPiece(input, outInfo))
  {
    if (output->IsA(input->GetClassName()))
    {
      output->ShallowCopy(input); // the columns, without rows
    }
    return 1;
  }
  const bool succeeded = this->Mode == WHOLE_INPUT
    ? this->RunReportingErrors([&] { return this->ProcessInput(request, input, outInfo, output); })
    : this->ProcessEachTable(input, output);
  this->SetProgressShiftScale(0.0, 1.0);
  if (!succeeded)
  {
    output->Initialize();
    if (this->CheckAbort())
    {
      // Not an error (the user asked for it), but the empty output must not pass unexplained.
      vtkWarningMacro(<< "Aborted: the output is empty until the filter runs again.");
      return 1;
    }
    return 0;
  }
  return 1;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ProcessEachTable(vtkDataObject* input, vtkDataObject* output)
{
  if (auto* table = vtkTable::SafeDownCast(input))
  {
    return this->RunReportingErrors([&] { return this->ProcessTable(table, output); });
  }
  auto* inputBlocks = vtkMultiBlockDataSet::SafeDownCast(input);
  auto* outputBlocks = vtkMultiBlockDataSet::SafeDownCast(output);
  if (!inputBlocks || !outputBlocks)
  {
    vtkErrorMacro(<< "The input must be a sample table or a multiblock of sample tables.");
    return false;
  }
  // Blocks are layers: the output keeps the block structure and names, so a downstream
  // filter or view finds each layer where it was.
  outputBlocks->CopyStructure(inputBlocks);
  vtkSmartPointer<vtkDataObjectTreeIterator> it;
  it.TakeReference(inputBlocks->NewTreeIterator());
  it->SkipEmptyNodesOn();
  std::vector<vtkTable*> tables;
  std::vector<std::string> names;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    const char* name = it->GetCurrentMetaData()->Get(vtkCompositeDataSet::NAME());
    names.emplace_back(name ? name : std::to_string(it->GetCurrentFlatIndex()));
    tables.push_back(vtkTable::SafeDownCast(it->GetCurrentDataObject()));
    if (!tables.back())
    {
      vtkErrorMacro(<< "Block '" << names.back() << "' is not a sample table.");
      return false;
    }
  }
  if (!this->RunReportingErrors([&] { return this->PrepareTables(tables, names); }))
  {
    return false;
  }
  const auto count = static_cast<unsigned int>(tables.size());
  const char* tableOutputType =
    this->GetOutputPortInformation(0)->Get(vtkDataObject::DATA_TYPE_NAME());
  unsigned int block = 0;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem(), ++block)
  {
    this->CurrentName = names[block];
    vtkSmartPointer<vtkDataObject> result;
    result.TakeReference(vtkDataObjectTypes::NewDataObject(tableOutputType ? tableOutputType : "vtkTable"));
    this->SetProgressShiftScale(static_cast<double>(block) / count, 1.0 / count);
    if (!this->RunReportingErrors([&] { return this->ProcessTable(tables[block], result); }))
    {
      return false;
    }
    outputBlocks->SetDataSet(it, result);
  }
  return true;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::RunReportingErrors(const std::function<bool()>& work)
{
  bool succeeded = false;
  try
  {
    succeeded = work();
  }
  catch (const std::exception& error)
  {
    if (!this->CheckAbort())
    {
      vtkErrorMacro(<< error.what() << this->CurrentBlockName() << ".");
    }
  }
  return succeeded && !this->CheckAbort();
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ProcessTable(vtkTable*, vtkDataObject*)
{
  vtkErrorMacro(<< this->GetClassName() << " processes each table but has no ProcessTable().");
  return false;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::PrepareTables(
  const std::vector<vtkTable*>&, const std::vector<std::string>&)
{
  return true;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ProcessInput(
  vtkInformation*, vtkDataObject*, vtkInformation*, vtkDataObject*)
{
  vtkErrorMacro(<< this->GetClassName() << " processes its whole input but has no ProcessInput().");
  return false;
}

//------------------------------------------------------------------------------
bool vtkSampleTableAlgorithm::ReportProgress(double fraction)
{
  this->UpdateProgress(fraction);
  return !this->CheckAbort();
}

//------------------------------------------------------------------------------
std::function<bool(double)> vtkSampleTableAlgorithm::ProgressCallback()
{
  return [this](double fraction) { return this->ReportProgress(fraction); };
}

//------------------------------------------------------------------------------
std::string vtkSampleTableAlgorithm::CurrentBlockName() const
{
  return this->CurrentName.empty() ? std::string() : " (block '" + this->CurrentName + "')";
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

//------------------------------------------------------------------------------
void vtkSampleTableAlgorithm::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "Mode: " << (this->Mode == WHOLE_INPUT ? "whole input" : "each table") << "\n";
}
