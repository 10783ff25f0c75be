#include "vtkUMAPAlgorithm.h"

#include "vtkObjectFactory.h"

//------------------------------------------------------------------------------
vtkUMAPAlgorithm::vtkUMAPAlgorithm()
{
  this->SetArrayName("Activations");
  this->SetInitializationArray("");
}

//------------------------------------------------------------------------------
vtkUMAPAlgorithm::~vtkUMAPAlgorithm()
{
  this->SetArrayName(nullptr);
  this->SetInitializationArray(nullptr);
}

//------------------------------------------------------------------------------
void vtkUMAPAlgorithm::PrintSelf(ostream& os, vtkIndent indent)
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
