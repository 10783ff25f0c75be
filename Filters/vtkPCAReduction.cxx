#include "vtkPCAReduction.h"

#include "PCA.h"
#include "vtkSampleTable.h"

#include "vtkDataSetAttributes.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"

#include <algorithm>

vtkStandardNewMacro(vtkPCAReduction);

//------------------------------------------------------------------------------
vtkPCAReduction::vtkPCAReduction()
{
  this->SetArrayName("Activations");
}

//------------------------------------------------------------------------------
vtkPCAReduction::~vtkPCAReduction()
{
  this->SetArrayName(nullptr);
}

//------------------------------------------------------------------------------
bool vtkPCAReduction::ProcessTable(vtkTable* input, vtkDataObject* outputObject)
{
  const vtkSmartPointer<vtkFloatArray> features = this->RequireFeatures(input, this->ArrayName);
  const vtkIdType n = features->GetNumberOfTuples();
  const int d = features->GetNumberOfComponents();
  const neurotour::ConstMatrixMap data(features->GetPointer(0), n, d);
  int components = this->NumberOfComponents;
  if (n >= 2 && components > std::min<vtkIdType>(n, d))
  {
    // A layer narrower than the requested dimension is common (e.g. 10 logits): keep them all.
    components = static_cast<int>(std::min<vtkIdType>(n, d));
    vtkWarningMacro(<< "'" << this->ArrayName << "' allows only " << components
                    << " components; NumberOfComponents " << this->NumberOfComponents
                    << " reduced" << this->CurrentBlockName() << ".");
  }
  const neurotour::PCAResult pca =
    neurotour::ComputePCA(data, components, this->NumberOfThreads, this->ProgressCallback());

  vtkNew<vtkFloatArray> scores;
  scores->SetName("Embedding");
  scores->SetNumberOfComponents(components);
  scores->SetNumberOfTuples(n);
  std::copy(pca.Scores.data(), pca.Scores.data() + pca.Scores.size(), scores->GetPointer(0));
  vtkNew<vtkDoubleArray> ratio;
  ratio->SetName("ExplainedVarianceRatio");
  for (double value : pca.ExplainedVarianceRatio)
  {
    ratio->InsertNextValue(value);
  }
  auto* output = vtkTable::SafeDownCast(outputObject);
  output->ShallowCopy(input);
  output->GetRowData()->AddArray(scores);
  output->GetFieldData()->AddArray(ratio);
  vtkSampleTable::MarkColumns(output);
  return true;
}

//------------------------------------------------------------------------------
void vtkPCAReduction::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
  os << indent << "NumberOfComponents: " << this->NumberOfComponents << "\n";
  os << indent << "NumberOfThreads: " << this->NumberOfThreads << "\n";
}
