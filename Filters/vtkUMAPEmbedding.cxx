#include "vtkUMAPEmbedding.h"

#include "UMAP.h"
#include "UMAPFilterOptions.h"
#include "vtkSampleTable.h"

#include "vtkDataSetAttributes.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"

#include <algorithm>

vtkStandardNewMacro(vtkUMAPEmbedding);

//------------------------------------------------------------------------------
vtkUMAPEmbedding::vtkUMAPEmbedding()
{
  this->SetArrayName("Activations");
  this->SetInitializationArray("");
}

//------------------------------------------------------------------------------
vtkUMAPEmbedding::~vtkUMAPEmbedding()
{
  this->SetArrayName(nullptr);
  this->SetInitializationArray(nullptr);
}

//------------------------------------------------------------------------------
bool vtkUMAPEmbedding::ProcessTable(vtkTable* input, vtkTable* output)
{
  const vtkSmartPointer<vtkFloatArray> features = this->RequireFeatures(input, this->ArrayName);
  const vtkIdType n = features->GetNumberOfTuples();
  const neurotour::ConstMatrixMap data(features->GetPointer(0), n, features->GetNumberOfComponents());

  neurotour::UMAPOptions options;
  neurotour_filters::FillUMAPOptions(this, options);
  vtkSmartPointer<vtkFloatArray> start;
  if (this->Initialization == ARRAY)
  {
    start = this->RequireFeatures(input, this->InitializationArray, "Initialization array: ");
    if (start->GetNumberOfComponents() != this->NumberOfComponents)
    {
      vtkErrorMacro(<< "The initialization array '" << this->InitializationArray << "' has "
                    << start->GetNumberOfComponents() << " components; NumberOfComponents is "
                    << this->NumberOfComponents << this->CurrentBlockName() << ".");
      return false;
    }
    options.InitializationArray = start->GetPointer(0);
  }

  const neurotour::UMAPResult result =
    neurotour::ComputeUMAP(data, options, this->TableProgressCallback());

  vtkNew<vtkFloatArray> embedding;
  embedding->SetName("Embedding");
  embedding->SetNumberOfComponents(this->NumberOfComponents);
  embedding->SetNumberOfTuples(n);
  std::copy(result.Embedding.data(), result.Embedding.data() + result.Embedding.size(),
    embedding->GetPointer(0));
  output->ShallowCopy(input);
  // AddArray replaces a same-named column in place (e.g. an Embedding from PCA upstream).
  output->GetRowData()->AddArray(embedding);
  vtkNew<vtkDoubleArray> loss;
  loss->SetName("UMAPLoss");
  loss->InsertNextValue(result.Loss);
  output->GetFieldData()->AddArray(loss);
  vtkSampleTable::MarkSampleIds(output);
  return true;
}

//------------------------------------------------------------------------------
void vtkUMAPEmbedding::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  static const char* metrics[] = { "euclidean", "cosine" };
  static const char* initializations[] = { "spectral", "random", "pca", "array" };
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
  os << indent << "NumberOfComponents: " << this->NumberOfComponents << "\n";
  os << indent << "NumberOfNeighbors: " << this->NumberOfNeighbors << "\n";
  os << indent << "MinimumDistance: " << this->MinimumDistance << "\n";
  os << indent << "Spread: " << this->Spread << "\n";
  os << indent << "NumberOfEpochs: " << this->NumberOfEpochs << "\n";
  os << indent << "Metric: " << metrics[this->Metric] << "\n";
  os << indent << "Initialization: " << initializations[this->Initialization] << "\n";
  os << indent << "InitializationArray: "
     << (this->InitializationArray ? this->InitializationArray : "(none)") << "\n";
  os << indent << "Seed: " << this->Seed << "\n";
  os << indent << "NumberOfThreads: " << this->NumberOfThreads << "\n";
}
