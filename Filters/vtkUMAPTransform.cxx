#include "vtkUMAPTransform.h"

#include "UMAP.h"
#include "UMAPFilterOptions.h"
#include "vtkSampleTable.h"

#include "vtkDataSetAttributes.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"

#include <algorithm>
#include <stdexcept>

vtkStandardNewMacro(vtkUMAPTransform);

//------------------------------------------------------------------------------
vtkUMAPTransform::vtkUMAPTransform()
{
  this->SetNumberOfInputPorts(2);
  this->SetArrayName("Activations");
}

//------------------------------------------------------------------------------
vtkUMAPTransform::~vtkUMAPTransform()
{
  this->SetArrayName(nullptr);
}

//------------------------------------------------------------------------------
void vtkUMAPTransform::SetReferenceConnection(vtkAlgorithmOutput* output)
{
  this->SetInputConnection(1, output);
}

//------------------------------------------------------------------------------
int vtkUMAPTransform::FillInputPortInformation(int port, vtkInformation* info)
{
  if (port == 1)
  {
    info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkTable");
    return 1;
  }
  return this->Superclass::FillInputPortInformation(port, info);
}

//------------------------------------------------------------------------------
bool vtkUMAPTransform::ProcessTable(vtkTable* input, vtkDataObject* outputObject)
{
  auto* reference = vtkTable::SafeDownCast(this->GetReferenceInput());
  if (!reference)
  {
    throw std::invalid_argument("No Reference table connected (input port 1)");
  }
  neurotour::UMAPOptions options;
  if (!neurotour::tables::ReadUMAPParameters(reference->GetFieldData(), options))
  {
    throw std::invalid_argument("The Reference has no UMAPParameters field data: connect the "
                                "output of a UMAP Embedding");
  }
  options.NumberOfEpochs = this->NumberOfEpochs;
  options.Seed = static_cast<std::uint64_t>(static_cast<std::uint32_t>(this->Seed));
  options.NumberOfThreads = this->NumberOfThreads;

  const vtkSmartPointer<vtkFloatArray> features =
    this->RequireFeatures(input, this->ArrayName, "Input: ");
  const vtkSmartPointer<vtkFloatArray> fittedFeatures =
    this->RequireFeatures(reference, this->ArrayName, "Reference: ");
  const vtkSmartPointer<vtkFloatArray> fittedEmbedding =
    this->RequireFeatures(reference, "Embedding", "Reference: ");
  const auto map = [](vtkFloatArray* array) {
    return neurotour::ConstMatrixMap(
      array->GetPointer(0), array->GetNumberOfTuples(), array->GetNumberOfComponents());
  };
  const neurotour::MatrixRM placed = neurotour::TransformUMAP(map(fittedFeatures),
    map(fittedEmbedding), map(features), options, this->ProgressCallback());

  vtkNew<vtkFloatArray> embedding;
  embedding->SetName("Embedding");
  embedding->SetNumberOfComponents(static_cast<int>(placed.cols()));
  embedding->SetNumberOfTuples(static_cast<vtkIdType>(placed.rows()));
  std::copy(placed.data(), placed.data() + placed.size(), embedding->GetPointer(0));
  auto* output = vtkTable::SafeDownCast(outputObject);
  output->ShallowCopy(input);
  // AddArray replaces a same-named column in place (e.g. an Embedding from PCA upstream).
  output->GetRowData()->AddArray(embedding);
  vtkSampleTable::MarkColumns(output);
  return true;
}

//------------------------------------------------------------------------------
void vtkUMAPTransform::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
  os << indent << "NumberOfEpochs: " << this->NumberOfEpochs << "\n";
  os << indent << "Seed: " << this->Seed << "\n";
  os << indent << "NumberOfThreads: " << this->NumberOfThreads << "\n";
}
