// How well an embedding keeps classes apart and neighbourhoods intact: the metrics of Ruman's
// "Analysis of activations in neural networks" (2021), k-NN classification accuracy, and
// trustworthiness/continuity (Venna & Kaski 2001, exactly as sklearn.manifold.trustworthiness).
// Everything streams distance blocks, so memory stays bounded at any number of samples.
#pragma once

#include "Common.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace neurotour
{

struct EmbeddingQualityOptions
{
  /// k of the k-NN classifier and of trustworthiness/continuity.
  int NumberOfNeighbors = 10;
  /// The pairwise-distance means (O(n²)) use every pair up to this many samples, and all pairs
  /// of a uniform random subset of this size above it (an unbiased estimate).
  std::int64_t MaximumExactPoints = 20000;
  std::uint64_t Seed = 0;
  int NumberOfThreads = 0;
};

struct EmbeddingQualityResult
{
  static constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
  double SameClassDistance = NaN;      ///< d_s: mean same-class pair distance / mean pair distance
  double DifferentClassDistance = NaN; ///< d_d: mean different-class pair distance / mean
  double CentroidSpread = NaN;     ///< c_s: mean over classes of mean distance to centroid / mean
  double CentroidSeparation = NaN; ///< c_d: mean distance between class centroids / mean
  double KNNAccuracy = NaN;        ///< resubstitution accuracy of a k-NN majority vote
  double Trustworthiness = NaN;
  double Continuity = NaN;
  std::int64_t NumberOfPoints = 0;
  std::int64_t SampledPoints = 0; ///< samples behind the pairwise means (NumberOfPoints if exact)
};

/**
 * All metrics of `embedding` (n × d). `labels` (one per row) may be empty: the class metrics are
 * then NaN. `reference` (n × D, same rows, e.g. the activations embedded) may be null:
 * trustworthiness and continuity are then NaN.
 */
EmbeddingQualityResult ComputeEmbeddingQuality(const ConstMatrixMap& embedding,
  const std::vector<std::int64_t>& labels, const ConstMatrixMap* reference,
  const EmbeddingQualityOptions& options, const ProgressCallback& progress = {});

/// k-NN classification accuracy by resubstitution, as sklearn's KNeighborsClassifier fit and
/// predicted on the same points: each point's k nearest (itself included) vote, ties go to the
/// smallest label.
double KNNAccuracy(const ConstMatrixMap& embedding, const std::vector<std::int64_t>& labels, int k,
  int numberOfThreads, const ProgressCallback& progress = {});

/// sklearn.manifold.trustworthiness(input, embedding, n_neighbors=k): penalises embedding
/// neighbours that are far in the input. Needs k < n/2. Ranks use exact (double) distances;
/// rows exactly as far as a neighbour count one half (sklearn orders such ties by argsort).
/// One streamed pass over the input's distances: O(n²·d) time, O(n·k) memory.
double Trustworthiness(const ConstMatrixMap& input, const ConstMatrixMap& embedding, int k,
  int numberOfThreads, const ProgressCallback& progress = {});

/// Trustworthiness with the spaces swapped: penalises input neighbours torn apart.
double Continuity(const ConstMatrixMap& input, const ConstMatrixMap& embedding, int k,
  int numberOfThreads, const ProgressCallback& progress = {});

} // namespace neurotour
