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
vtkUMAPEmbedding::vtkUMAPEmbedding() = default;
vtkUMAPEmbedding::~vtkUMAPEmbedding() = default;

//------------------------------------------------------------------------------
bool vtkUMAPEmbedding::ProcessTable(vtkTable* input, vtkDataObject* outputObject)
{
  const vtkSmartPointer<vtkFloatArray> features = this->RequireFeatures(input, this->ArrayName);
  const vtkIdType n = features->GetNumberOfTuples();
  const neurotour::ConstMatrixMap data(features->GetPointer(0), n, features->GetNumberOfComponents());

  neurotour::UMAPOptions options;
  neurotour::tables::FillUMAPOptions(this, options);
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
    neurotour::ComputeUMAP(data, options, this->ProgressCallback());

  vtkNew<vtkFloatArray> embedding;
  embedding->SetName("Embedding");
  embedding->SetNumberOfComponents(this->NumberOfComponents);
  embedding->SetNumberOfTuples(n);
  std::copy(result.Embedding.data(), result.Embedding.data() + result.Embedding.size(),
    embedding->GetPointer(0));
  auto* output = vtkTable::SafeDownCast(outputObject);
  output->ShallowCopy(input);
  // AddArray replaces a same-named column in place (e.g. an Embedding from PCA upstream).
  output->GetRowData()->AddArray(embedding);
  vtkNew<vtkDoubleArray> loss;
  loss->SetName("UMAPLoss");
  loss->InsertNextValue(result.Loss);
  output->GetFieldData()->AddArray(loss);
  neurotour::tables::WriteUMAPParameters(options, output->GetFieldData());
  vtkSampleTable::MarkColumns(output);
  return true;
}
