// Aligned UMAP (umap-learn's AlignedUMAP): one UMAP per slice (epoch or layer) optimised jointly,
// each sample pulled toward its own positions in the neighbouring slices, so consecutive
// embeddings stay comparable.
#pragma once

#include "UMAP.h"

#include <cstdint>
#include <vector>

namespace neurotour
{

struct AlignedUMAPOptions : UMAPOptions
{
  float AlignmentRegularization = 0.01f; // lambda of the pull
  int AlignmentWindowSize = 3;           // slices on each side that pull
};

struct AlignedUMAPResult
{
  std::vector<MatrixRM> Embeddings; // one per slice
  std::vector<double> Losses;       // FuzzyCrossEntropy per slice
  int NumberOfEpochs = 0;
};

/// Slices are related by sample ids (ids[s][i] is row i's id in slice s): a sample in slice s is
/// pulled toward the rows with the same id in slices s-w .. s+w with weight
/// lambda * exp(-(|offset| - 1)), the weight umap-learn 0.5.3 actually applies (its intended
/// Jaccard factor evaluates to ~1, see AlignedUMAP.cxx). Only the per-slice graphs are built
/// (no throw-away single-slice embeddings); the initial layouts follow options.Initialization,
/// each Procrustes-rotated onto the previous slice. NumberOfEpochs 0 means 200 (umap-learn's
/// AlignedUMAP default). Deterministic for a fixed seed and thread count.
AlignedUMAPResult ComputeAlignedUMAP(const std::vector<ConstMatrixMap>& slices,
  const std::vector<std::vector<std::int64_t>>& ids, const AlignedUMAPOptions& options,
  const ProgressCallback& progress = {});

} // namespace neurotour
