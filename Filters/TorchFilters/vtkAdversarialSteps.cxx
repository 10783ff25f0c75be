#include "vtkAdversarialSteps.h"

#include "TorchModelCache.h"
#include "TorchTableInput.h"

#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkIntArray.h"
#include "vtkObjectFactory.h"
#include "vtkStreamingDemandDrivenPipeline.h"

#include <cmath>

vtkStandardNewMacro(vtkAdversarialSteps);

struct vtkAdversarialSteps::Internals
{
  neurotour::TorchModelCache Model;
  // The trajectory of the last run and what it was computed from.
  std::vector<std::vector<float>> Steps;
  std::vector<neurotour::TorchPredictions> Predictions;
  int Components = 0;
  vtkMTimeType FilterTime = 0;
  vtkMTimeType InputTime = 0;
};

//------------------------------------------------------------------------------
vtkAdversarialSteps::vtkAdversarialSteps()
  : Impl(new Internals)
{
  this->Mode = WHOLE_INPUT;
  this->NeedsAllSamples = false; // row by row: under MPI each rank does its own rows
}

vtkAdversarialSteps::~vtkAdversarialSteps()
{
  this->SetModelFile(nullptr);
}

//------------------------------------------------------------------------------
int vtkAdversarialSteps::RequestInformation(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  std::vector<double> steps(this->NumberOfSteps + 1);
  for (std::size_t step = 0; step < steps.size(); ++step)
  {
    steps[step] = static_cast<double>(step);
  }
  outInfo->Set(
    vtkStreamingDemandDrivenPipeline::TIME_STEPS(), steps.data(), static_cast<int>(steps.size()));
  const double range[2] = { 0.0, static_cast<double>(this->NumberOfSteps) };
  outInfo->Set(vtkStreamingDemandDrivenPipeline::TIME_RANGE(), range, 2);
  return 1;
}

//------------------------------------------------------------------------------
int vtkAdversarialSteps::FillInputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkTable");
  return 1;
}

//------------------------------------------------------------------------------
bool vtkAdversarialSteps::ProcessInput(
  vtkInformation*, vtkDataObject* inputObject, vtkInformation* outInfo, vtkDataObject* outputObject)
{
  auto* input = vtkTable::SafeDownCast(inputObject);
  auto* output = vtkTable::SafeDownCast(outputObject);
  int step = 0;
  if (outInfo->Has(vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP()))
  {
    const double time = outInfo->Get(vtkStreamingDemandDrivenPipeline::UPDATE_TIME_STEP());
    step = std::max(0, std::min(this->NumberOfSteps, static_cast<int>(std::lround(time))));
  }
  auto& impl = *this->Impl;
  if (impl.Steps.empty() || impl.FilterTime != this->GetMTime() ||
    impl.InputTime != input->GetMTime())
  {
    impl.Steps.clear(); // stays empty if this run fails, so the next one computes again
    if (!this->ModelFile || !*this->ModelFile)
    {
      throw neurotour::InvalidInput("no ModelFile given");
    }
    neurotour::tables::TorchTableInput samples;
    const std::string problem = samples.Read(input, this->Normalization);
    if (!problem.empty())
    {
      throw neurotour::InvalidInput(problem);
    }
    auto& model = impl.Model.Get(this->ModelFile);
    impl.Steps = model.AdversarialSteps(samples.Samples, this->TargetLabel, this->Epsilon,
      this->NumberOfSteps, impl.Predictions, this->ProgressCallback());
    impl.Components = samples.Pixels->GetNumberOfComponents();
    impl.FilterTime = this->GetMTime();
    impl.InputTime = input->GetMTime();
  }

  const vtkIdType count = input->GetNumberOfRows();
  output->ShallowCopy(input);
  vtkNew<vtkFloatArray> pixels;
  pixels->SetName("Pixels");
  pixels->SetNumberOfComponents(impl.Components);
  pixels->SetNumberOfTuples(count);
  std::copy(impl.Steps[step].begin(), impl.Steps[step].end(), pixels->GetPointer(0));
  output->RemoveColumnByName("Pixels");
  output->AddColumn(pixels);
  vtkNew<vtkIntArray> prediction;
  prediction->SetName("Prediction");
  vtkNew<vtkFloatArray> confidence;
  confidence->SetName("Confidence");
  const auto& predictions = impl.Predictions[step];
  for (vtkIdType row = 0; row < count; ++row)
  {
    prediction->InsertNextValue(predictions.Prediction[row]);
    confidence->InsertNextValue(predictions.Confidence[row]);
  }
  output->RemoveColumnByName("Prediction");
  output->RemoveColumnByName("Confidence");
  output->AddColumn(prediction);
  output->AddColumn(confidence);
  vtkSampleTable::EnsureSampleIds(output);
  output->GetInformation()->Set(vtkDataObject::DATA_TIME_STEP(), static_cast<double>(step));
  return true;
}

//------------------------------------------------------------------------------
void vtkAdversarialSteps::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ModelFile: " << (this->ModelFile ? this->ModelFile : "(none)") << "\n";
  os << indent << "TargetLabel: " << this->TargetLabel << "\n";
  os << indent << "Epsilon: " << this->Epsilon << "\n";
  os << indent << "NumberOfSteps: " << this->NumberOfSteps << "\n";
  os << indent << "Normalization: " << this->Normalization[0] << ", " << this->Normalization[1]
     << "\n";
}
