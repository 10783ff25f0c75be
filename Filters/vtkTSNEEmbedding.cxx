#include "vtkTSNEEmbedding.h"

#include "TSNE.h"
#include "vtkSampleTable.h"

#include "vtkDataSetAttributes.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

vtkStandardNewMacro(vtkTSNEEmbedding);

//------------------------------------------------------------------------------
vtkTSNEEmbedding::vtkTSNEEmbedding()
{
  this->SetArrayName("Activations");
  this->SetInitializationArray("");
}

//------------------------------------------------------------------------------
vtkTSNEEmbedding::~vtkTSNEEmbedding()
{
  this->SetArrayName(nullptr);
  this->SetInitializationArray(nullptr);
}

//------------------------------------------------------------------------------
bool vtkTSNEEmbedding::ProcessTable(vtkTable* input, vtkDataObject* outputObject)
{
  const vtkSmartPointer<vtkFloatArray> features = this->RequireFeatures(input, this->ArrayName);
  const vtkIdType n = features->GetNumberOfTuples();
  neurotour::TSNEOptions options;
  options.NumberOfComponents = this->NumberOfComponents;
  options.Perplexity = this->Perplexity;
  options.EarlyExaggeration = this->EarlyExaggeration;
  options.EarlyExaggerationIterations = this->EarlyExaggerationIterations;
  options.NumberOfIterations = this->NumberOfIterations;
  options.LearningRate = this->LearningRate;
  options.Distance =
    this->Metric == COSINE ? neurotour::Metric::Cosine : neurotour::Metric::Euclidean;
  const neurotour::TSNEInitialization initializations[] = { neurotour::TSNEInitialization::PCA,
    neurotour::TSNEInitialization::Random, neurotour::TSNEInitialization::Array };
  options.Initialization = initializations[this->Initialization];
  options.Seed = static_cast<std::uint64_t>(static_cast<std::uint32_t>(this->Seed));
  options.NumberOfThreads = this->NumberOfThreads;
  vtkSmartPointer<vtkFloatArray> start;
  if (this->Initialization == ARRAY)
  {
    start = this->RequireFeatures(input, this->InitializationArray, "Initialization array: ");
    if (start->GetNumberOfComponents() != this->NumberOfComponents)
    {
      throw std::invalid_argument(std::string("The initialization array '") +
        this->InitializationArray + "' has " + std::to_string(start->GetNumberOfComponents()) +
        " components; NumberOfComponents is " + std::to_string(this->NumberOfComponents));
    }
    options.InitializationArray = start->GetPointer(0);
  }

  const neurotour::TSNEResult result = neurotour::ComputeTSNE(
    neurotour::ConstMatrixMap(features->GetPointer(0), n, features->GetNumberOfComponents()),
    options, this->ProgressCallback());

  vtkNew<vtkFloatArray> embedding;
  embedding->SetName("Embedding");
  embedding->SetNumberOfComponents(this->NumberOfComponents);
  embedding->SetNumberOfTuples(n);
  std::copy(result.Embedding.data(), result.Embedding.data() + result.Embedding.size(),
    embedding->GetPointer(0));
  vtkNew<vtkDoubleArray> loss;
  loss->SetName("TSNEKLDivergence");
  loss->InsertNextValue(result.KLDivergence);
  auto* output = vtkTable::SafeDownCast(outputObject);
  output->ShallowCopy(input);
  output->GetRowData()->AddArray(embedding);
  output->GetFieldData()->AddArray(loss);
  vtkSampleTable::MarkColumns(output);
  return true;
}

//------------------------------------------------------------------------------
void vtkTSNEEmbedding::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
  os << indent << "NumberOfComponents: " << this->NumberOfComponents << "\n";
  os << indent << "Perplexity: " << this->Perplexity << "\n";
  os << indent << "EarlyExaggeration: " << this->EarlyExaggeration << " for "
     << this->EarlyExaggerationIterations << " iterations\n";
  os << indent << "NumberOfIterations: " << this->NumberOfIterations << "\n";
  os << indent << "LearningRate: " << this->LearningRate << "\n";
  os << indent << "Metric: " << (this->Metric == COSINE ? "cosine" : "euclidean") << "\n";
  const char* initializations[] = { "pca", "random", "array" };
  os << indent << "Initialization: " << initializations[this->Initialization] << "\n";
  os << indent << "InitializationArray: "
     << (this->InitializationArray ? this->InitializationArray : "(none)") << "\n";
  os << indent << "Seed: " << this->Seed << "\n";
  os << indent << "NumberOfThreads: " << this->NumberOfThreads << "\n";
}
