// Private helper (not wrapped): the layer-1 UMAP options of a UMAP filter's properties, shared by
// UMAP Embedding and Aligned UMAP so the two read their common properties one way.
#ifndef UMAPFilterOptions_h
#define UMAPFilterOptions_h

#include "UMAP.h"
#include "vtkUMAPEmbedding.h"

#include <cstdint>

namespace neurotour_filters
{

inline void FillUMAPOptions(vtkUMAPEmbedding* filter, neurotour::UMAPOptions& options)
{
  options.NumberOfComponents = filter->GetNumberOfComponents();
  options.NumberOfNeighbors = filter->GetNumberOfNeighbors();
  options.MinimumDistance = static_cast<float>(filter->GetMinimumDistance());
  options.Spread = static_cast<float>(filter->GetSpread());
  options.NumberOfEpochs = filter->GetNumberOfEpochs();
  options.Distance = filter->GetMetric() == vtkUMAPEmbedding::COSINE
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

} // namespace neurotour_filters

#endif
