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
vtkAlignedUMAP::vtkAlignedUMAP() = default;
vtkAlignedUMAP::~vtkAlignedUMAP() = default;

//------------------------------------------------------------------------------
int vtkAlignedUMAP::RequestInformation(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector*)
{
  vtkInformation* inInfo = inputVector[0]->GetInformationObject(0);
  this->TimeSteps.clear();
  if (inInfo->Has(vtkStreamingDemandDrivenPipeline::TIME_STEPS()))
  {
    const double* steps = inInfo->Get(vtkStreamingDemandDrivenPipeline::TIME_STEPS());
    this->TimeSteps.assign(
      steps, steps + inInfo->Length(vtkStreamingDemandDrivenPipeline::TIME_STEPS()));
  }
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
int vtkAlignedUMAP::RequestData(
  vtkInformation* request, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  if (this->AlignAcross == BLOCKS)
  {
    return this->RequestBlockData(inputVector, outputVector);
  }
  return this->RequestTimeData(request, inputVector, outputVector);
}

//------------------------------------------------------------------------------
int vtkAlignedUMAP::RequestTimeData(
  vtkInformation* request, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkDataObject* output = vtkDataObject::GetData(outputVector, 0);
  if (vtkSampleTable::IsEmptyParallelPiece(
        vtkDataObject::GetData(inputVector[0], 0), outputVector->GetInformationObject(0)))
  {
    request->Remove(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING());
    this->Gathering = false;
    output->ShallowCopy(vtkDataObject::GetData(inputVector[0], 0));
    return 1;
  }
  auto fail = [&]()
  {
    request->Remove(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING());
    this->Gathering = false;
    this->CacheReady = false;
    this->Slices.clear();
    output->Initialize();
    return 0;
  };
  // A lone table, or one layer of a multiblock (ActivationExtraction of one layer, or
  // ExtractBlock): the output then keeps that one block and its name.
  std::string error;
  const auto tables = neurotour_filters::CollectSampleTables(vtkDataObject::GetData(inputVector[0], 0), error);
  vtkTable* input = tables.size() == 1 ? tables.front().Table : nullptr;
  if (!input)
  {
    vtkErrorMacro(<< "Aligning across time needs one sample table with time steps as input (a "
                     "table, or a multiblock holding one layer); for a multiblock of layers, set "
                     "AlignAcross to \"blocks\".");
    return fail();
  }
  if (this->TimeSteps.size() < 2)
  {
    vtkErrorMacro(<< "The input has " << this->TimeSteps.size()
                  << " time step(s); aligning across time needs at least 2.");
    return fail();
  }
  if (this->Gathering)
  {
    vtkNew<vtkTable> copy;
    copy->ShallowCopy(input);
    this->Slices.push_back(copy);
    this->UpdateProgress(0.1 * this->Slices.size() / this->TimeSteps.size());
    if (this->CheckAbort())
    {
      return fail();
    }
    if (this->Slices.size() < this->TimeSteps.size())
    {
      ++this->GatherIndex;
      request->Set(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING(), 1);
      return 1;
    }
    request->Remove(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING());
    this->Gathering = false;
    if (!this->EmbedSlices(this->Slices))
    {
      return fail();
    }
    auto* upstream = vtkDemandDrivenPipeline::SafeDownCast(this->GetInputExecutive(0, 0));
    this->CachedInputTime = upstream ? upstream->GetPipelineMTime() : 0;
    this->CachedFilterTime = this->GetMTime();
    this->CacheReady = true;
  }
  // The requested step: the last one at or before the requested time.
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  double time = this->TimeSteps.front();
  if (outInfo->Has(vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP()))
  {
    time = outInfo->Get(vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP());
  }
  const auto upper = std::upper_bound(this->TimeSteps.begin(), this->TimeSteps.end(), time);
  const std::size_t index =
    upper == this->TimeSteps.begin() ? 0 : static_cast<std::size_t>(upper - this->TimeSteps.begin() - 1);
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
  return 1;
}

//------------------------------------------------------------------------------
int vtkAlignedUMAP::RequestBlockData(
  vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  auto* input = vtkMultiBlockDataSet::GetData(inputVector[0], 0);
  vtkDataObject* output = vtkDataObject::GetData(outputVector, 0);
  auto* outputBlocks = vtkMultiBlockDataSet::SafeDownCast(output);
  if (!input || !outputBlocks)
  {
    vtkErrorMacro(<< "Aligning across blocks needs a multiblock of sample tables as input.");
    output->Initialize();
    return 0;
  }
  std::string error;
  const auto tables = neurotour_filters::CollectSampleTables(input, error);
  if (tables.empty())
  {
    vtkErrorMacro(<< "Input: " << error << ".");
    output->Initialize();
    return 0;
  }
  std::vector<vtkSmartPointer<vtkTable>> slices;
  for (const auto& named : tables)
  {
    slices.push_back(named.Table);
  }
  if (!this->EmbedSlices(slices))
  {
    output->Initialize();
    return 0;
  }
  // The same structure and names; the non-empty leaves in order receive the results.
  outputBlocks->CopyStructure(input);
  vtkSmartPointer<vtkDataObjectTreeIterator> it;
  it.TakeReference(input->NewTreeIterator());
  it->SkipEmptyNodesOn();
  std::size_t s = 0;
  for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
  {
    outputBlocks->SetDataSet(it, slices[s++]);
  }
  return 1;
}

//------------------------------------------------------------------------------
bool vtkAlignedUMAP::EmbedSlices(std::vector<vtkSmartPointer<vtkTable>>& slices)
{
  neurotour::AlignedUMAPOptions options;
  neurotour_filters::FillUMAPOptions(this, options);
  options.AlignmentRegularization = static_cast<float>(this->AlignmentRegularization);
  options.AlignmentWindowSize = this->AlignmentWindowSize;

  std::vector<neurotour_filters::NamedTable> numbered;
  for (std::size_t s = 0; s < slices.size(); ++s)
  {
    numbered.push_back({ std::to_string(s), slices[s] });
  }
  std::string error;
  const neurotour_filters::TableFeatures features =
    neurotour_filters::GatherFeatures(numbered, this->ArrayName, error);
  if (features.Matrices.empty())
  {
    vtkErrorMacro(<< "Slice " << error << ".");
    return false;
  }
  neurotour::AlignedUMAPResult result;
  const auto progress = [this](double f)
  {
    this->UpdateProgress(0.1 + 0.9 * f);
    return !this->CheckAbort();
  };
  if (!neurotour_filters::RunReportingErrors(this,
        [&]()
        {
          result = neurotour::ComputeAlignedUMAP(features.Matrices, features.Ids, options, progress);
          return true;
        }))
  {
    return false;
  }
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
    vtkSampleTable::MarkSampleIds(table);
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
