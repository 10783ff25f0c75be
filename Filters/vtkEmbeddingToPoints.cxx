#include "vtkEmbeddingToPoints.h"

#include "vtkSampleTable.h"

#include "vtkFloatArray.h"
#include "vtkInformation.h"
#include "vtkObjectFactory.h"
#include "vtkPolyData.h"
#include "vtkSmartPointer.h"
#include "vtkTable.h"

#include <stdexcept>
#include <string>

vtkStandardNewMacro(vtkEmbeddingToPoints);

//------------------------------------------------------------------------------
vtkEmbeddingToPoints::vtkEmbeddingToPoints()
{
  this->NeedsAllSamples = false; // row by row: under MPI each rank does its own rows
  this->SetArrayName("Embedding");
}

//------------------------------------------------------------------------------
vtkEmbeddingToPoints::~vtkEmbeddingToPoints()
{
  this->SetArrayName(nullptr);
}

//------------------------------------------------------------------------------
int vtkEmbeddingToPoints::FillOutputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkDataObject::DATA_TYPE_NAME(), "vtkPolyData");
  return 1;
}

//------------------------------------------------------------------------------
bool vtkEmbeddingToPoints::ProcessTable(vtkTable* input, vtkDataObject* output)
{
  std::string error;
  vtkSmartPointer<vtkFloatArray> coordinates =
    vtkSampleTable::GetFeatures(input, this->ArrayName, error, false);
  if (!coordinates)
  {
    throw std::runtime_error(error);
  }
  const int dims = coordinates->GetNumberOfComponents();
  if (dims != 2 && dims != 3)
  {
    vtkErrorMacro(<< "'" << this->ArrayName << "' has " << dims
                  << " components; points need a 2-D or 3-D embedding" << this->CurrentBlockName()
                  << ".");
    return false;
  }
  vtkSampleTable::ToPoints(input, coordinates, vtkPolyData::SafeDownCast(output));
  return true;
}

//------------------------------------------------------------------------------
void vtkEmbeddingToPoints::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ArrayName: " << (this->ArrayName ? this->ArrayName : "(none)") << "\n";
}
