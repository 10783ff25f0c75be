#include "vtkAlignedUMAP.h"

#include "AlignedUMAP.h"
#include "SampleTableBlocks.h"
#include "UMAPFilterOptions.h"
#include "vtkSampleTable.h"

#include "vtkCompositeDataSet.h"
#include "vtkDataSetAttributes.h"
#include "vtkDemandDrivenPipeline.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkObjectFactory.h"
#include "vtkStreamingDemandDrivenPipeline.h"
#include "vtkTable.h"

#include <algorithm>
#include <cmath>

vtkStandardNewMacro(vtkAlignedUMAP);

//------------------------------------------------------------------------------
vtkAlignedUMAP::vtkAlignedUMAP()
{
  this->Mode = WHOLE_INPUT;
}

vtkAlignedUMAP::~vtkAlignedUMAP() = default;

//------------------------------------------------------------------------------
int vtkAlignedUMAP::RequestInformation(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector*)
{
  this->TimeSteps = vtkSampleTable::GetTimeSteps(inputVector[0]->GetInformationObject(0));
  return 1; // the output keeps the input's TIME_STEPS (default information copy)
}

//------------------------------------------------------------------------------
bool vtkAlignedUMAP::CacheIsValid()
{
  auto* upstream = vtkDemandDrivenPipeline::SafeDownCast(this->GetInputExecutive(0, 0));
  const vtkMTimeType inputTime = upstream ? upstream->GetPipelineMTime() : 0;
  return this->CacheReady && this->CachedFilterTime == this->GetMTime() &&
    this->CachedInputTime == inputTime && this->Slices.size() == this->TimeSteps.size();
}

//------------------------------------------------------------------------------
int vtkAlignedUMAP::RequestUpdateExtent(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  if (this->AlignAcross != TIME || this->TimeSteps.empty())
  {
    return 1;
  }
  vtkInformation* inInfo = inputVector[0]->GetInformationObject(0);
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  if (!this->Gathering && !this->CacheIsValid())
  {
    // Start (or restart) reading every time step, one per pass of the pipeline.
    this->Gathering = true;
    this->GatherIndex = 0;
    this->CacheReady = false;
    this->Slices.clear();
  }
  double step = this->TimeSteps[std::min(this->GatherIndex, this->TimeSteps.size() - 1)];
  if (!this->Gathering && outInfo->Has(vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP()))
  {
    step = outInfo->Get(vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP());
  }
  inInfo->Set(vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP(), step);
  return 1;
}

//------------------------------------------------------------------------------
bool vtkAlignedUMAP::ProcessInput(
  vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo, vtkDataObject* output)
{
  if (this->AlignAcross == BLOCKS)
  {
    return this->ProcessBlocks(input, output);
  }
  bool succeeded = false;
  try
  {
    succeeded = this->ProcessTimeSteps(request, input, outInfo, output);
  }
  catch (...)
  {
    this->StopGathering(request);
    throw; // the base reports it
  }
  if (!succeeded)
  {
    this->StopGathering(request);
  }
  return succeeded;
}

//------------------------------------------------------------------------------
void vtkAlignedUMAP::FollowRankZero(vtkInformation* request, bool succeeded)
{
  // Rank 0 gathers and embeds every rank's rows; the other ranks keep its pass count (with
  // placeholders for the slices), so they request the same time step in each pass.
  if (!succeeded)
  {
    this->StopGathering(request);
    return;
  }
  if (this->AlignAcross != TIME || !this->Gathering)
  {
    return;
  }
  this->Slices.push_back(vtkSmartPointer<vtkTable>::New());
  if (request->Has(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING()))
  {
    ++this->GatherIndex;
    return;
  }
  this->Gathering = false;
  auto* upstream = vtkDemandDrivenPipeline::SafeDownCast(this->GetInputExecutive(0, 0));
  this->CachedInputTime = upstream ? upstream->GetPipelineMTime() : 0;
  this->CachedFilterTime = this->GetMTime();
  this->CacheReady = true;
}

//------------------------------------------------------------------------------
void vtkAlignedUMAP::StopGathering(vtkInformation* request)
{
  request->Remove(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING());
  this->Gathering = false;
  this->CacheReady = false;
  this->Slices.clear();
}

//------------------------------------------------------------------------------
bool vtkAlignedUMAP::ProcessTimeSteps(
  vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo, vtkDataObject* output)
{
  // A lone table, or one layer of a multiblock (ActivationExtraction of one layer, or
  // ExtractBlock): the output then keeps that one block and its name.
  std::string error;
  const auto tables = neurotour::tables::CollectSampleTables(input, error);
  vtkTable* table = tables.size() == 1 ? tables.front().Table : nullptr;
  if (!table)
  {
    vtkErrorMacro(<< "Aligning across time needs one sample table with time steps as input (a "
                     "table, or a multiblock holding one layer); for a multiblock of layers, set "
                     "AlignAcross to \"blocks\".");
    return false;
  }
  if (this->TimeSteps.size() < 2)
  {
    vtkErrorMacro(<< "The input has " << this->TimeSteps.size()
                  << " time step(s); aligning across time needs at least 2.");
    return false;
  }
  if (this->Gathering)
  {
    vtkNew<vtkTable> copy;
    copy->ShallowCopy(table);
    this->Slices.push_back(copy);
    if (!this->ReportProgress(0.1 * this->Slices.size() / this->TimeSteps.size()))
    {
      return false;
    }
    if (this->Slices.size() < this->TimeSteps.size())
    {
      ++this->GatherIndex;
      request->Set(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING(), 1);
      return true;
    }
    request->Remove(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING());
    this->Gathering = false;
    if (!this->EmbedSlices(this->Slices))
    {
      return false;
    }
    auto* upstream = vtkDemandDrivenPipeline::SafeDownCast(this->GetInputExecutive(0, 0));
    this->CachedInputTime = upstream ? upstream->GetPipelineMTime() : 0;
    this->CachedFilterTime = this->GetMTime();
    this->CacheReady = true;
  }
  const std::size_t index = vtkSampleTable::RequestedTimeStep(outInfo, this->TimeSteps);
  if (auto* outputBlocks = vtkMultiBlockDataSet::SafeDownCast(output))
  {
    outputBlocks->SetNumberOfBlocks(1);
    outputBlocks->SetBlock(0, this->Slices[index]);
    outputBlocks->GetMetaData(0u)->Set(vtkCompositeDataSet::NAME(), tables.front().Name.c_str());
  }
  else
  {
    output->ShallowCopy(this->Slices[index]);
  }
  output->GetInformation()->Set(vtkDataObject::DATA_TIME_STEP(), this->TimeSteps[index]);
  return true;
}

//------------------------------------------------------------------------------
bool vtkAlignedUMAP::ProcessBlocks(vtkDataObject* input, vtkDataObject* output)
{
  auto* inputBlocks = vtkMultiBlockDataSet::SafeDownCast(input);
  auto* outputBlocks = vtkMultiBlockDataSet::SafeDownCast(output);
  if (!inputBlocks || !outputBlocks)
  {
    vtkErrorMacro(<< "Aligning across blocks needs a multiblock of sample tables as input.");
    return false;
  }
  std::string error;
  const auto tables = neurotour::tables::CollectSampleTables(inputBlocks, error);
  if (tables.empty())
  {
    vtkErrorMacro(<< "Input: " << error << ".");
    return false;
  }
  std::vector<vtkSmartPointer<vtkTable>> slices;
  for (const auto& named : tables)
  {
    slices.push_back(named.Table);
  }
  if (!this->EmbedSlices(slices))
  {
    return false;
  }
  // The same structure and names; the non-empty leaves in order receive the results.
  outputBlocks->CopyStructure(inputBlocks);
  vtkSmartPointer<vtkDataObjectTreeIterator> it;
  it.TakeReference(inputBlocks->NewTreeIterator());
  it->SkipEmptyNodesOn();
  std::size_t s = 0;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    outputBlocks->SetDataSet(it, slices[s++]);
  }
  return true;
}

//------------------------------------------------------------------------------
bool vtkAlignedUMAP::EmbedSlices(std::vector<vtkSmartPointer<vtkTable>>& slices)
{
  neurotour::AlignedUMAPOptions options;
  neurotour::tables::FillUMAPOptions(this, options);
  options.AlignmentRegularization = static_cast<float>(this->AlignmentRegularization);
  options.AlignmentWindowSize = this->AlignmentWindowSize;

  std::vector<neurotour::tables::NamedTable> numbered;
  for (std::size_t s = 0; s < slices.size(); ++s)
  {
    numbered.push_back({ std::to_string(s), slices[s] });
  }
  std::string error;
  const neurotour::tables::TableFeatures features =
    neurotour::tables::GatherFeatures(numbered, this->ArrayName, error);
  if (features.Matrices.empty())
  {
    vtkErrorMacro(<< "Slice " << error << ".");
    return false;
  }
  // Gathering the time steps took the first tenth of the progress bar.
  this->SetProgressShiftScale(0.1, 0.9);
  const neurotour::AlignedUMAPResult result = neurotour::ComputeAlignedUMAP(
    features.Matrices, features.Ids, options, this->ProgressCallback());
  for (std::size_t s = 0; s < slices.size(); ++s)
  {
    const neurotour::MatrixRM& embedded = result.Embeddings[s];
    vtkNew<vtkFloatArray> embedding;
    embedding->SetName("Embedding");
    embedding->SetNumberOfComponents(static_cast<int>(embedded.cols()));
    embedding->SetNumberOfTuples(embedded.rows());
    std::copy(embedded.data(), embedded.data() + embedded.size(), embedding->GetPointer(0));
    vtkNew<vtkTable> table;
    table->ShallowCopy(slices[s]);
    table->GetRowData()->AddArray(embedding);
    vtkNew<vtkDoubleArray> loss;
    loss->SetName("UMAPLoss");
    loss->InsertNextValue(result.Losses[s]);
    table->GetFieldData()->AddArray(loss);
    vtkSampleTable::MarkColumns(table);
    slices[s] = table;
  }
  return true;
}

//------------------------------------------------------------------------------
void vtkAlignedUMAP::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "AlignmentRegularization: " << this->AlignmentRegularization << "\n";
  os << indent << "AlignmentWindowSize: " << this->AlignmentWindowSize << "\n";
  os << indent << "AlignAcross: " << (this->AlignAcross == BLOCKS ? "blocks" : "time") << "\n";
}
