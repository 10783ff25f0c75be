#include "vtkNumPyWriter.h"

#include "FormatError.h"
#include "NumPyFormat.h"
#include "vtkSampleTable.h"

#include "vtkDataArray.h"
#include "vtkInformation.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"

vtkStandardNewMacro(vtkNumPyWriter);

namespace
{
using neurotour::formats::NumPyType;

bool NumPyTypeOf(int vtkType, NumPyType& type)
{
  switch (vtkType)
  {
    case VTK_UNSIGNED_CHAR:
      type = NumPyType::UInt8;
      return true;
    case VTK_SIGNED_CHAR:
    case VTK_CHAR:
      type = NumPyType::Int8;
      return true;
    case VTK_SHORT:
      type = NumPyType::Int16;
      return true;
    case VTK_UNSIGNED_SHORT:
      type = NumPyType::UInt16;
      return true;
    case VTK_INT:
      type = NumPyType::Int32;
      return true;
    case VTK_UNSIGNED_INT:
      type = NumPyType::UInt32;
      return true;
    case VTK_LONG:
    case VTK_LONG_LONG:
    case VTK_ID_TYPE:
      type = NumPyType::Int64;
      return sizeof(long) == 8 || vtkType != VTK_LONG;
    case VTK_UNSIGNED_LONG:
    case VTK_UNSIGNED_LONG_LONG:
      type = NumPyType::UInt64;
      return sizeof(unsigned long) == 8 || vtkType != VTK_UNSIGNED_LONG;
    case VTK_FLOAT:
      type = NumPyType::Float32;
      return true;
    case VTK_DOUBLE:
      type = NumPyType::Float64;
      return true;
  }
  return false;
}
}

//------------------------------------------------------------------------------
vtkNumPyWriter::vtkNumPyWriter() = default;
vtkNumPyWriter::~vtkNumPyWriter() = default;

//------------------------------------------------------------------------------
int vtkNumPyWriter::FillInputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkTable");
  return 1;
}

//------------------------------------------------------------------------------
void vtkNumPyWriter::WriteData()
{
  vtkTable* table = vtkTable::SafeDownCast(this->GetInput());
  if (!table)
  {
    vtkErrorMacro(<< "The input is not a table.");
    return;
  }
  if (this->FileName.empty())
  {
    vtkErrorMacro(<< "No FileName given.");
    return;
  }
  std::vector<std::pair<std::string, neurotour::formats::NumPyArray>> arrays;
  for (vtkIdType c = 0; c < table->GetNumberOfColumns(); ++c)
  {
    vtkDataArray* column = vtkArrayDownCast<vtkDataArray>(table->GetColumn(c));
    NumPyType type;
    if (!column || !column->GetName() || !NumPyTypeOf(column->GetDataType(), type))
    {
      vtkWarningMacro(<< "Column '" << (table->GetColumnName(c) ? table->GetColumnName(c) : "")
                      << "' is not a numeric array NumPy can hold; it is not written.");
      continue;
    }
    std::vector<std::int64_t> shape = { column->GetNumberOfTuples() };
    if (column->GetNumberOfComponents() > 1)
    {
      shape.push_back(column->GetNumberOfComponents());
    }
    arrays.emplace_back(column->GetName(),
      neurotour::formats::MakeArray(type, shape, column->GetVoidPointer(0)));
  }
  const std::vector<std::string> names = vtkSampleTable::GetLabelNames(table->GetFieldData());
  if (!names.empty())
  {
    arrays.emplace_back(vtkSampleTable::LabelNamesField, neurotour::formats::MakeStringArray(names));
  }
  try
  {
    neurotour::formats::WriteNpz(this->FileName, arrays, this->Compress);
  }
  catch (const neurotour::formats::FormatError& error)
  {
    vtkErrorMacro(<< error.what());
  }
}

//------------------------------------------------------------------------------
void vtkNumPyWriter::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "FileName: " << this->FileName << "\n";
  os << indent << "Compress: " << this->Compress << "\n";
}
