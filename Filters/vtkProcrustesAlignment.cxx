#include "vtkProcrustesAlignment.h"

#include "Procrustes.h"
#include "SampleTableBlocks.h"
#include "vtkSampleTable.h"

#include "vtkAlgorithmOutput.h"
#include "vtkDataSetAttributes.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"

vtkStandardNewMacro(vtkProcrustesAlignment);

//------------------------------------------------------------------------------
vtkProcrustesAlignment::vtkProcrustesAlignment()
{
  this->SetNumberOfInputPorts(2);
  this->SetArrayName("Embedding");
}

//------------------------------------------------------------------------------
vtkProcrustesAlignment::~vtkProcrustesAlignment()
{
  this->SetArrayName(nullptr);
}

//------------------------------------------------------------------------------
void vtkProcrustesAlignment::SetReferenceConnection(vtkAlgorithmOutput* output)
{
  this->SetInputConnection(1, output);
}

//------------------------------------------------------------------------------
int vtkProcrustesAlignment::FillInputPortInformation(int port, vtkInformation* info)
{
  if (port == 1)
  {
    info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkTable");
    return 1;
  }
  return this->Superclass::FillInputPortInformation(port, info);
}

//------------------------------------------------------------------------------
bool vtkProcrustesAlignment::ProcessTable(vtkTable* input, vtkDataObject* outputObject)
{
  auto* reference = vtkTable::SafeDownCast(this->GetReferenceInput());
  if (!reference)
  {
    vtkErrorMacro(<< "No Reference table connected (input port 1).");
    return false;
  }
  const vtkSmartPointer<vtkFloatArray> source =
    this->RequireFeatures(input, this->ArrayName, "Input: ");
  std::string error;
  vtkSmartPointer<vtkFloatArray> target =
    vtkSampleTable::GetFeatures(reference, this->ArrayName, error);
  if (!target)
  {
    vtkErrorMacro(<< "Reference: " << error << ".");
    return false;
  }
  const neurotour::ConstMatrixMap sourceMatrix(source->GetPointer(0), source->GetNumberOfTuples(),
    source->GetNumberOfComponents());
  const neurotour::ConstMatrixMap targetMatrix(target->GetPointer(0), target->GetNumberOfTuples(),
    target->GetNumberOfComponents());
  const neurotour::RowMatch match = neurotour::MatchSampleIds(neurotour::tables::SampleIdsOf(input),
    neurotour::tables::SampleIdsOf(reference), "the input or the reference");
  const neurotour::Alignment alignment = neurotour::FitAlignment(sourceMatrix, targetMatrix, match,
    this->Method == CKA ? neurotour::AlignmentMethod::CKA : neurotour::AlignmentMethod::Orthogonal,
    this->AllowScaling, 0);
  if (!this->ReportProgress(0.5))
  {
    return false;
  }

  vtkNew<vtkFloatArray> aligned;
  aligned->SetName(this->ArrayName);
  aligned->SetNumberOfComponents(source->GetNumberOfComponents());
  aligned->SetNumberOfTuples(source->GetNumberOfTuples());
  neurotour::MatrixMap alignedMatrix(aligned->GetPointer(0), source->GetNumberOfTuples(),
    source->GetNumberOfComponents());
  neurotour::ApplyAlignment(alignment, sourceMatrix, alignedMatrix);
  const std::vector<float> movement = neurotour::Movement(
    neurotour::ConstMatrixMap(alignedMatrix.data(), alignedMatrix.rows(), alignedMatrix.cols()),
    targetMatrix, match);
  vtkNew<vtkFloatArray> movementArray;
  movementArray->SetName("Movement");
  movementArray->SetNumberOfTuples(static_cast<vtkIdType>(movement.size()));
  std::copy(movement.begin(), movement.end(), movementArray->GetPointer(0));

  auto* output = vtkTable::SafeDownCast(outputObject);
  output->ShallowCopy(input);
  // AddArray replaces the same-named column in place: the column order stays the user's.
  output->GetRowData()->AddArray(aligned);
  output->GetRowData()->AddArray(movementArray);
  for (const auto& field : { std::make_pair("ProcrustesResidual", alignment.Residual),
         std::make_pair("ProcrustesScale", alignment.Scale) })
  {
    vtkNew<vtkDoubleArray> value;
    value->SetName(field.first);
    value->InsertNextValue(field.second);
    output->GetFieldData()->AddArray(value);
  }
  vtkSampleTable::MarkColumns(output);
  return true;
}

//------------------------------------------------------------------------------
void vtkProcrustesAlignment::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
  os << indent << "AllowScaling: " << this->AllowScaling << "\n";
  os << indent << "Method: " << (this->Method == CKA ? "cka" : "orthogonal") << "\n";
}
