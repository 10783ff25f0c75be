// Private helper (not wrapped): the layer-1 UMAP options of vtkUMAPAlgorithm's properties, so
// UMAP Embedding and Aligned UMAP read their common properties one way.
#ifndef UMAPFilterOptions_h
#define UMAPFilterOptions_h

#include "UMAP.h"
#include "vtkUMAPAlgorithm.h"

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

} // namespace tables
} // namespace neurotour

#endif
