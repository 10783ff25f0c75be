#include "vtkActivationExtraction.h"

#include "TorchModelCache.h"
#include "TorchTableInput.h"

#include "vtkCompositeDataSet.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkIntArray.h"
#include "vtkMultiBlockDataSet.h"
#include "vtkObjectFactory.h"
#include "vtkStreamingDemandDrivenPipeline.h"
#include "vtkStringArray.h"

#include <algorithm>
#include <exception>
#include <map>
#include <regex>

vtkStandardNewMacro(vtkActivationExtraction);

struct vtkActivationExtraction::Internals
{
  neurotour::TorchModelCache Model;
  vtkNew<vtkStringArray> LayerNamesInfo;
};

//------------------------------------------------------------------------------
vtkActivationExtraction::vtkActivationExtraction()
  : Impl(new Internals)
{
  this->Mode = WHOLE_INPUT;
  this->NeedsAllSamples = false; // row by row: under MPI each rank does its own rows
  this->SetDevice("cpu");
}

//------------------------------------------------------------------------------
vtkActivationExtraction::~vtkActivationExtraction()
{
  this->SetModelFile(nullptr);
  this->SetDevice(nullptr);
}

//------------------------------------------------------------------------------
void vtkActivationExtraction::AddModelFile(const char* path)
{
  this->ModelFiles.emplace_back(path ? path : "");
  this->Modified();
}

void vtkActivationExtraction::RemoveAllModelFiles()
{
  if (!this->ModelFiles.empty())
  {
    this->ModelFiles.clear();
    this->Modified();
  }
}

int vtkActivationExtraction::GetNumberOfModelFiles() const
{
  return static_cast<int>(this->ModelFiles.size());
}

const char* vtkActivationExtraction::GetModelFileName(int index) const
{
  return index >= 0 && index < this->GetNumberOfModelFiles() ? this->ModelFiles[index].c_str()
                                                              : nullptr;
}

void vtkActivationExtraction::AddLayer(const char* name)
{
  this->Layers.emplace_back(name ? name : "");
  this->Modified();
}

void vtkActivationExtraction::RemoveAllLayers()
{
  if (!this->Layers.empty())
  {
    this->Layers.clear();
    this->Modified();
  }
}

vtkStringArray* vtkActivationExtraction::GetLayerNamesInfo()
{
  return this->Impl->LayerNamesInfo;
}

//------------------------------------------------------------------------------
int vtkActivationExtraction::FillInputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkTable");
  return 1;
}

//------------------------------------------------------------------------------
int vtkActivationExtraction::FillOutputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkDataObject::DATA_TYPE_NAME(), "vtkMultiBlockDataSet");
  return 1;
}

//------------------------------------------------------------------------------
void vtkActivationExtraction::ResolveModelFiles(
  std::vector<std::string>& files, std::vector<double>& times) const
{
  files = this->ModelFiles;
  if (files.empty() && this->ModelFile && *this->ModelFile)
  {
    files.emplace_back(this->ModelFile);
  }
  // Epoch numbers from the names when each file has a distinct one, else 0, 1, 2, ...
  static const std::regex epochPattern("epoch[_-]?([0-9]+)[^/]*$", std::regex::icase);
  std::map<double, std::string> byEpoch;
  for (const auto& file : files)
  {
    std::smatch match;
    if (!std::regex_search(file, match, epochPattern))
    {
      break;
    }
    byEpoch.emplace(std::stod(match[1].str()), file);
  }
  times.clear();
  if (files.size() > 1 && byEpoch.size() == files.size())
  {
    files.clear();
    for (const auto& [epoch, file] : byEpoch)
    {
      times.push_back(epoch);
      files.push_back(file);
    }
    return;
  }
  for (std::size_t i = 0; i < files.size(); ++i)
  {
    times.push_back(static_cast<double>(i));
  }
}

//------------------------------------------------------------------------------
int vtkActivationExtraction::RequestInformation(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  std::vector<std::string> files;
  std::vector<double> times;
  this->ResolveModelFiles(files, times);
  this->Impl->LayerNamesInfo->Initialize();
  if (files.empty())
  {
    return 1; // nothing to list yet; RequestData reports the missing model
  }
  try
  {
    for (const auto& name : this->Impl->Model.Get(files.front()).LayerNames())
    {
      this->Impl->LayerNamesInfo->InsertNextValue(name);
    }
  }
  catch (const std::exception& error)
  {
    vtkErrorMacro(<< error.what());
    return 1;
  }
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  if (this->ModelFiles.size() > 0)
  {
    outInfo->Set(vtkStreamingDemandDrivenPipeline::TIME_STEPS(), times.data(),
      static_cast<int>(times.size()));
    const double range[2] = { times.front(), times.back() };
    outInfo->Set(vtkStreamingDemandDrivenPipeline::TIME_RANGE(), range, 2);
  }
  return 1;
}

//------------------------------------------------------------------------------
bool vtkActivationExtraction::ProcessInput(
  vtkInformation*, vtkDataObject* inputObject, vtkInformation* outInfo, vtkDataObject* outputObject)
{
  auto* input = vtkTable::SafeDownCast(inputObject);
  auto* output = vtkMultiBlockDataSet::SafeDownCast(outputObject);
  std::vector<std::string> files;
  std::vector<double> times;
  this->ResolveModelFiles(files, times);
  if (files.empty())
  {
    vtkErrorMacro(<< "No model: set ModelFile (or ModelFiles, one per epoch).");
    return false;
  }
  if (!this->Device || std::string(this->Device) != "cpu")
  {
    vtkErrorMacro(<< "Device '" << (this->Device ? this->Device : "")
                  << "' is not available: this build runs models on the cpu only.");
    return false;
  }
  // The checkpoint of the requested epoch: the last one at or before it.
  std::size_t epoch = 0;
  if (this->ModelFiles.size() > 0)
  {
    epoch = vtkSampleTable::RequestedTimeStep(outInfo, times);
    output->GetInformation()->Set(vtkDataObject::DATA_TIME_STEP(), times[epoch]);
  }

  neurotour::tables::TorchTableInput samples;
  const std::string problem = samples.Read(input, this->Normalization);
  if (!problem.empty())
  {
    throw neurotour::InvalidInput(problem);
  }
  auto& model = this->Impl->Model.Get(files[epoch]);
  neurotour::TorchCaptureRequest request;
  request.Layers = this->Layers.empty() ? model.TopLevelLayerNames() : this->Layers;
  request.BatchSize = this->BatchSize;
  request.PooledSize = this->PooledSize;
  request.IncludeInput = this->IncludeInput;
  request.MemoryLimitMB = this->MemoryLimitMB;
  auto blocks = model.PlanCapture(samples.Samples, request);

  const vtkIdType count = input->GetNumberOfRows();
  std::vector<vtkSmartPointer<vtkFloatArray>> activations;
  for (auto& block : blocks)
  {
    auto values = vtkSmartPointer<vtkFloatArray>::New();
    values->SetName("Activations");
    values->SetNumberOfComponents(static_cast<int>(std::accumulate(block.SampleShape.begin(),
      block.SampleShape.end(), std::int64_t(1), std::multiplies<>())));
    values->SetNumberOfTuples(count);
    block.Values = values->GetPointer(0);
    activations.push_back(values);
  }
  neurotour::TorchPredictions predictions;
  model.Capture(samples.Samples, request, blocks, predictions,
    this->ProgressCallback());
  for (auto& values : activations)
  {
    // ParaView's data information would otherwise take a slow pass per range of each one.
    vtkSampleTable::CacheRanges(values);
  }

  // Columns every block shares (one array each): the input's, plus the model's outputs.
  vtkNew<vtkTable> shared;
  shared->ShallowCopy(input);
  vtkSampleTable::EnsureSampleIds(shared);
  auto addColumn = [&](vtkDataArray* array, const char* name, const auto& values)
  {
    if (values.empty())
    {
      return;
    }
    array->SetName(name);
    array->SetNumberOfTuples(count);
    for (vtkIdType row = 0; row < count; ++row)
    {
      array->SetTuple1(row, values[row]);
    }
    shared->AddColumn(array);
  };
  addColumn(vtkNew<vtkIntArray>(), "Prediction", predictions.Prediction);
  addColumn(vtkNew<vtkFloatArray>(), "Confidence", predictions.Confidence);
  addColumn(vtkNew<vtkFloatArray>(), "Loss", predictions.Loss);
  if (predictions.NumberOfClasses > 0)
  {
    vtkNew<vtkFloatArray> probabilities;
    probabilities->SetName("Probabilities");
    probabilities->SetNumberOfComponents(predictions.NumberOfClasses);
    probabilities->SetNumberOfTuples(count);
    std::copy(predictions.Probabilities.begin(), predictions.Probabilities.end(), probabilities->GetPointer(0));
    shared->AddColumn(probabilities);
  }

  const auto addBlock = [&](vtkFloatArray* values, const std::string& name,
                            const std::vector<int>& shape) {
    vtkNew<vtkTable> table;
    table->ShallowCopy(shared);
    table->AddColumn(values);
    vtkSampleTable::MarkColumns(table);
    vtkSampleTable::SetSampleShape(table->GetFieldData(), shape);
    vtkSampleTable::SetLayerName(table->GetFieldData(), name);
    const unsigned int index = output->GetNumberOfBlocks();
    output->SetBlock(index, table);
    output->GetMetaData(index)->Set(vtkCompositeDataSet::NAME(), name.c_str());
  };
  output->SetNumberOfBlocks(0);
  for (std::size_t i = 0; i < blocks.size(); ++i)
  {
    const std::vector<int> shape(blocks[i].SampleShape.begin(), blocks[i].SampleShape.end());
    if (!this->SplitChannels || shape.size() != 3 || blocks[i].Name == "input")
    {
      addBlock(activations[i], blocks[i].Name, shape);
      continue;
    }
    // One block per filter: channel c's H x W values of every sample.
    const int channels = shape[0];
    const vtkIdType map = static_cast<vtkIdType>(shape[1]) * shape[2];
    const float* all = activations[i]->GetPointer(0);
    for (int c = 0; c < channels; ++c)
    {
      vtkNew<vtkFloatArray> values;
      values->SetName("Activations");
      values->SetNumberOfComponents(static_cast<int>(map));
      values->SetNumberOfTuples(count);
      for (vtkIdType row = 0; row < count; ++row)
      {
        std::copy_n(all + (row * channels + c) * map, map, values->GetPointer(row * map));
      }
      vtkSampleTable::CacheRanges(values);
      addBlock(values, blocks[i].Name + "_filter" + std::to_string(c), { shape[1], shape[2] });
    }
    activations[i] = nullptr; // the whole layer's copy is freed once split
  }
  return true;
}

//------------------------------------------------------------------------------
void vtkActivationExtraction::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ModelFile: " << (this->ModelFile ? this->ModelFile : "(none)") << "\n";
  os << indent << "ModelFiles:";
  for (const auto& file : this->ModelFiles)
  {
    os << " " << file;
  }
  os << "\n" << indent << "Layers:";
  for (const auto& layer : this->Layers)
  {
    os << " " << layer;
  }
  os << "\n" << indent << "BatchSize: " << this->BatchSize << "\n";
  os << indent << "PooledSize: " << this->PooledSize << "\n";
  os << indent << "IncludeInput: " << this->IncludeInput << "\n";
  os << indent << "SplitChannels: " << this->SplitChannels << "\n";
  os << indent << "Normalization: " << this->Normalization[0] << ", " << this->Normalization[1]
     << "\n";
  os << indent << "MemoryLimitMB: " << this->MemoryLimitMB << "\n";
  os << indent << "Device: " << (this->Device ? this->Device : "(none)") << "\n";
}
