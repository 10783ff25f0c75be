// Private helper (not wrapped): the layer-1 UMAP options of vtkUMAPAlgorithm's properties, so
// UMAP Embedding and Aligned UMAP read their common properties one way; and the fit's
// parameters as field data, so UMAP Transform places new samples with the same ones.
#ifndef UMAPFilterOptions_h
#define UMAPFilterOptions_h

#include "UMAP.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkNew.h"
#include "vtkUMAPAlgorithm.h"

#include <cmath>
#include <cstdint>

namespace neurotour
{
namespace tables
{

inline void FillUMAPOptions(vtkUMAPAlgorithm* filter, neurotour::UMAPOptions& options)
{
  options.NumberOfComponents = filter->GetNumberOfComponents();
  options.NumberOfNeighbors = filter->GetNumberOfNeighbors();
  options.MinimumDistance = static_cast<float>(filter->GetMinimumDistance());
  options.Spread = static_cast<float>(filter->GetSpread());
  options.NumberOfEpochs = filter->GetNumberOfEpochs();
  options.Distance = filter->GetMetric() == vtkUMAPAlgorithm::COSINE
    ? neurotour::Metric::Cosine
    : neurotour::Metric::Euclidean;
  options.Seed = static_cast<std::uint64_t>(static_cast<std::uint32_t>(filter->GetSeed()));
  options.NumberOfThreads = filter->GetNumberOfThreads();
  const neurotour::UMAPInitialization initializations[] = {
    neurotour::UMAPInitialization::Spectral, neurotour::UMAPInitialization::Random,
    neurotour::UMAPInitialization::PCA, neurotour::UMAPInitialization::Array
  };
  options.Initialization = initializations[filter->GetInitialization()];
}

/// The field-data array holding a fit's parameters, one tuple, a named component each.
constexpr const char* UMAPParametersName = "UMAPParameters";
constexpr const char* UMAPParameterNames[] = { "NumberOfNeighbors", "MinimumDistance", "Spread",
  "Metric" };

inline void WriteUMAPParameters(const neurotour::UMAPOptions& options, vtkFieldData* fieldData)
{
  vtkNew<vtkDoubleArray> parameters;
  parameters->SetName(UMAPParametersName);
  parameters->SetNumberOfComponents(4);
  for (int c = 0; c < 4; ++c)
  {
    parameters->SetComponentName(c, UMAPParameterNames[c]);
  }
  const double values[] = { static_cast<double>(options.NumberOfNeighbors),
    options.MinimumDistance, options.Spread,
    options.Distance == neurotour::Metric::Cosine ? 1.0 : 0.0 };
  parameters->InsertNextTuple(values);
  fieldData->AddArray(parameters);
}

/// False when `fieldData` holds no valid fit parameters.
inline bool ReadUMAPParameters(vtkFieldData* fieldData, neurotour::UMAPOptions& options)
{
  auto* parameters = vtkDoubleArray::SafeDownCast(fieldData->GetAbstractArray(UMAPParametersName));
  if (!parameters || parameters->GetNumberOfComponents() != 4 ||
    parameters->GetNumberOfTuples() != 1)
  {
    return false;
  }
  const double* values = parameters->GetPointer(0);
  if (!std::isfinite(values[0]) || !std::isfinite(values[1]) || !std::isfinite(values[2]))
  {
    return false;
  }
  options.NumberOfNeighbors = static_cast<int>(values[0]);
  options.MinimumDistance = static_cast<float>(values[1]);
  options.Spread = static_cast<float>(values[2]);
  options.Distance = values[3] == 1.0 ? neurotour::Metric::Cosine : neurotour::Metric::Euclidean;
  return true;
}

} // namespace tables
} // namespace neurotour

#endif
