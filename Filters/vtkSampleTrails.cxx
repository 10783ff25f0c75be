#include "vtkSampleTrails.h"

#include "SampleTableBlocks.h"
#include "Trails.h"
#include "vtkSampleTable.h"

#include "vtkDataObjectTreeIterator.h"
#include "vtkDemandDrivenPipeline.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkObjectFactory.h"
#include "vtkStreamingDemandDrivenPipeline.h"
#include "vtkStringArray.h"
#include "vtkTable.h"

#include <algorithm>

struct vtkSampleTrails::Rows
{
  std::vector<std::int64_t> Ids;
  vtkSmartPointer<vtkFloatArray> Values;
};

vtkStandardNewMacro(vtkSampleTrails);

//------------------------------------------------------------------------------
vtkSampleTrails::vtkSampleTrails()
{
  this->Mode = WHOLE_INPUT;
  this->NeedsAllSamples = false; // row by row: under MPI each rank does its own rows
}

vtkSampleTrails::~vtkSampleTrails() = default;

//------------------------------------------------------------------------------
int vtkSampleTrails::RequestInformation(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector*)
{
  this->TimeSteps = vtkSampleTable::GetTimeSteps(inputVector[0]->GetInformationObject(0));
  return 1; // the output keeps the input's TIME_STEPS (default information copy)
}

//------------------------------------------------------------------------------
int vtkSampleTrails::RequestUpdateExtent(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  if (this->TimeSteps.empty())
  {
    return 1;
  }
  vtkInformation* inInfo = inputVector[0]->GetInformationObject(0);
  if (this->Pending.empty())
  {
    // A new update: the steps kept from earlier updates serve while neither the input nor a
    // property changed.
    auto* upstream = vtkDemandDrivenPipeline::SafeDownCast(this->GetInputExecutive(0, 0));
    const vtkMTimeType inputTime = upstream ? upstream->GetPipelineMTime() : 0;
    if (inputTime != this->KeptInputTime || this->GetMTime() != this->KeptFilterTime)
    {
      this->Kept.clear();
      this->KeptInputTime = inputTime;
      this->KeptFilterTime = this->GetMTime();
    }
    const std::size_t current = vtkSampleTable::RequestedTimeStep(
      outputVector->GetInformationObject(0), this->TimeSteps);
    const std::size_t first =
      current >= static_cast<std::size_t>(this->NumberOfSteps) ? current - this->NumberOfSteps : 0;
    for (std::size_t step = first; step < current; ++step)
    {
      if (!this->Kept.count(step))
      {
        this->Pending.push_back(step);
      }
    }
    this->Pending.push_back(current);
    this->PendingIndex = 0;
  }
  inInfo->Set(
    vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP(), this->TimeSteps[this->Pending[this->PendingIndex]]);
  return 1;
}

//------------------------------------------------------------------------------
void vtkSampleTrails::StopGathering(vtkInformation* request)
{
  request->Remove(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING());
  this->Pending.clear();
  this->PendingIndex = 0;
}

//------------------------------------------------------------------------------
bool vtkSampleTrails::ProcessInput(
  vtkInformation* request, vtkDataObject* input, vtkInformation*, vtkDataObject* output)
{
  bool succeeded = false;
  try
  {
    succeeded = this->ProcessStep(request, input, output);
  }
  catch (...)
  {
    this->StopGathering(request);
    this->Kept.clear();
    throw; // the base reports it
  }
  if (!succeeded)
  {
    this->StopGathering(request);
    this->Kept.clear();
  }
  return succeeded;
}

//------------------------------------------------------------------------------
bool vtkSampleTrails::ProcessStep(
  vtkInformation* request, vtkDataObject* input, vtkDataObject* output)
{
  if (this->TimeSteps.size() < 2 || this->Pending.empty())
  {
    vtkErrorMacro(<< "Sample Trails needs an input with time steps (epochs, adversarial "
                     "steps); this one has "
                  << this->TimeSteps.size() << ".");
    return false;
  }
  std::string error;
  const auto tables = neurotour::tables::CollectSampleTables(input, error);
  if (tables.empty())
  {
    vtkErrorMacro(<< "Input: " << error << ".");
    return false;
  }
  const std::size_t step = this->Pending[this->PendingIndex];
  std::vector<std::shared_ptr<Rows>> rows;
  for (const auto& named : tables)
  {
    auto kept = std::make_shared<Rows>();
    kept->Ids = neurotour::tables::SampleIdsOf(named.Table);
    // A copy: an upstream filter may reuse its output arrays for the next time step.
    kept->Values = vtkSmartPointer<vtkFloatArray>::New();
    kept->Values->DeepCopy(
      this->RequireFeatures(named.Table, this->ArrayName.c_str(), "ArrayName"));
    rows.push_back(kept);
  }
  for (const auto& other : this->Kept)
  {
    if (other.second.size() != rows.size() ||
      other.second.front()->Values->GetNumberOfComponents() !=
        rows.front()->Values->GetNumberOfComponents())
    {
      vtkErrorMacro(<< "Time step " << this->TimeSteps[step] << " has " << rows.size()
                    << " table(s) with " << rows.front()->Values->GetNumberOfComponents()
                    << "-component '" << this->ArrayName << "', unlike time step "
                    << this->TimeSteps[other.first] << ": a trail needs the same layers and "
                    << "width at every step.");
      return false;
    }
  }
  this->Kept[step] = rows;
  if (!this->ReportProgress(static_cast<double>(this->PendingIndex + 1) / this->Pending.size()))
  {
    return false;
  }
  if (this->PendingIndex + 1 < this->Pending.size())
  {
    ++this->PendingIndex;
    request->Set(vtkStreamingDemandDrivenPipeline::CONTINUE_EXECUTING(), 1);
    return true;
  }
  this->StopGathering(request);

  // The requested step's tables, each with the rows of the earlier steps (absent before the
  // first step: an empty step, all NaN).
  const std::size_t current = step;
  const auto first = static_cast<long long>(current) - this->NumberOfSteps;
  std::vector<vtkSmartPointer<vtkTable>> results;
  for (std::size_t t = 0; t < tables.size(); ++t)
  {
    std::vector<neurotour::TrailStep> earlier;
    for (long long s = first; s < static_cast<long long>(current); ++s)
    {
      neurotour::TrailStep trailStep;
      if (s >= 0)
      {
        const Rows& kept = *this->Kept.at(static_cast<std::size_t>(s))[t];
        trailStep = { kept.Ids.data(), static_cast<std::int64_t>(kept.Ids.size()),
          kept.Values->GetPointer(0) };
      }
      earlier.push_back(trailStep);
    }
    const Rows& now = *rows[t];
    const int n = now.Values->GetNumberOfComponents();
    const std::vector<float> values = neurotour::AssembleTrails(
      now.Ids.data(), static_cast<std::int64_t>(now.Ids.size()), n, earlier);
    vtkNew<vtkFloatArray> trail;
    trail->SetName("Trail");
    trail->SetNumberOfComponents(this->NumberOfSteps * n);
    trail->SetNumberOfTuples(static_cast<vtkIdType>(now.Ids.size()));
    std::copy(values.begin(), values.end(), trail->GetPointer(0));
    auto table = vtkSmartPointer<vtkTable>::New();
    table->ShallowCopy(tables[t].Table);
    table->AddColumn(trail);
    vtkNew<vtkStringArray> trailArray;
    trailArray->SetName("TrailArray");
    trailArray->InsertNextValue(this->ArrayName);
    table->GetFieldData()->AddArray(trailArray);
    results.push_back(table);
  }
  // Only the steps a later trail can use are kept.
  for (auto it = this->Kept.begin(); it != this->Kept.end();)
  {
    it = static_cast<long long>(it->first) < first ? this->Kept.erase(it) : std::next(it);
  }

  if (auto* blocks = vtkMultiBlockDataSet::SafeDownCast(input))
  {
    auto* outputBlocks = vtkMultiBlockDataSet::SafeDownCast(output);
    outputBlocks->CopyStructure(blocks);
    vtkSmartPointer<vtkDataObjectTreeIterator> it;
    it.TakeReference(blocks->NewTreeIterator());
    it->SkipEmptyNodesOn();
    std::size_t t = 0;
    for (it->InitTraversal(); !it->IsDoneWithTraversal(); it->GoToNextItem())
    {
      outputBlocks->SetDataSet(it, results[t++]);
    }
  }
  else
  {
    output->ShallowCopy(results.front());
  }
  output->GetInformation()->Set(vtkDataObject::DATA_TIME_STEP(), this->TimeSteps[current]);
  return true;
}

//------------------------------------------------------------------------------
void vtkSampleTrails::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << this->ArrayName << "\n";
  os << indent << "NumberOfSteps: " << this->NumberOfSteps << "\n";
}
