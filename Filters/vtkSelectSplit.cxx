#include "vtkSelectSplit.h"

#include "vtkSampleTable.h"

#include "vtkDataArray.h"
#include "vtkFieldData.h"
#include "vtkIdList.h"
#include "vtkObjectFactory.h"
#include "vtkSmartPointer.h"
#include "vtkTable.h"

#include <cmath>
#include <stdexcept>
#include <string>

vtkStandardNewMacro(vtkSelectSplit);

//------------------------------------------------------------------------------
bool vtkSelectSplit::ProcessTable(vtkTable* input, vtkDataObject* output)
{
  vtkDataArray* split =
    vtkDataArray::SafeDownCast(input->GetColumnByName(vtkSampleTable::SplitName));
  if (!split)
  {
    throw std::runtime_error("the table has no 'Split' column (IDXReader gives one when "
                             "Combine Train And Test is on)");
  }
  vtkNew<vtkIdList> rows;
  const vtkIdType maximum = this->MaximumNumberOfSamples > 0 ? this->MaximumNumberOfSamples
                                                             : split->GetNumberOfTuples();
  for (vtkIdType r = 0; r < split->GetNumberOfTuples() && rows->GetNumberOfIds() < maximum; ++r)
  {
    if (std::lround(split->GetTuple1(r)) == this->Split)
    {
      rows->InsertNextId(r);
    }
  }
  auto* table = vtkTable::SafeDownCast(output);
  table->GetFieldData()->ShallowCopy(input->GetFieldData());
  for (vtkIdType c = 0; c < input->GetNumberOfColumns(); ++c)
  {
    vtkAbstractArray* column = input->GetColumn(c);
    auto kept = vtkSmartPointer<vtkAbstractArray>::Take(column->NewInstance());
    kept->SetName(column->GetName());
    kept->SetNumberOfComponents(column->GetNumberOfComponents());
    kept->SetNumberOfTuples(rows->GetNumberOfIds());
    column->GetTuples(rows, kept);
    kept->CopyInformation(column->GetInformation(), /*deep=*/1);
    if (auto* values = vtkDataArray::SafeDownCast(kept))
    {
      vtkSampleTable::CacheRanges(values);
    }
    table->AddColumn(kept);
  }
  vtkSampleTable::MarkColumns(table);
  if (rows->GetNumberOfIds() == 0)
  {
    vtkWarningMacro(<< "Select Split: no " << (this->Split == TRAIN ? "training" : "test")
                    << " samples in the input" << this->CurrentBlockName() << ".");
  }
  return true;
}

//------------------------------------------------------------------------------
void vtkSelectSplit::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "Split: " << (this->Split == TRAIN ? "train" : "test") << "\n";
  os << indent << "MaximumNumberOfSamples: " << this->MaximumNumberOfSamples << "\n";
}
