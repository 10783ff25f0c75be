// k-nearest-neighbour graphs: exact (blocked GEMM) for small inputs, approximate (hnswlib) for
// large ones, and the blocked distance computation that exact search and the embedding-quality
// metrics share.
#pragma once

#include "Common.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace neurotour
{

enum class Metric
{
  Euclidean,
  Cosine
};

/// k neighbours per row, row-major n x k, ascending by distance. In a graph of the data's own
/// rows column 0 is the row itself (distance 0), as in umap-learn, so k counts the point
/// itself; in a graph of queries (QueryNeighbors) all k are rows of the data.
struct NeighborGraph
{
  std::int64_t NumberOfPoints = 0;
  int K = 0;
  std::vector<std::int32_t> Indices;
  std::vector<float> Distances; // metric distances (euclidean: not squared)

  const std::int32_t* RowIndices(std::int64_t row) const { return Indices.data() + row * K; }
  const float* RowDistances(std::int64_t row) const { return Distances.data() + row * K; }
};

/// Visits the squared euclidean distances from blocks of `rows` to every row of `columns`:
/// visit(firstRow, block) with block (block rows x columns.rows()), computed as
/// |x|^2 + |y|^2 - 2 x.y by GEMM and clamped at 0. Blocks arrive in row order on the calling
/// thread.
using DistanceBlockVisitor = std::function<void(std::int64_t firstRow, const MatrixRM& block)>;
void VisitSquaredDistanceBlocks(const ConstMatrixMap& rows, const ConstMatrixMap& columns,
  const DistanceBlockVisitor& visit, int numberOfThreads, const ProgressCallback& progress = {},
  std::int64_t blockRows = 0);
/// The distances among the rows of `data`.
void VisitSquaredDistanceBlocks(const ConstMatrixMap& data, const DistanceBlockVisitor& visit,
  int numberOfThreads, const ProgressCallback& progress = {}, std::int64_t blockRows = 0);
/// The distances among the rows of `data`, each pair once: the block of rows firstRow ..
/// firstRow + b - 1 holds their distances to the rows from firstRow on (b x (n - firstRow)).
/// Half the GEMM of the full visit, for a search that offers each distance to both rows.
void VisitUpperSquaredDistanceBlocks(const ConstMatrixMap& data, const DistanceBlockVisitor& visit,
  int numberOfThreads, const ProgressCallback& progress = {}, std::int64_t blockRows = 0);

NeighborGraph ExactNeighbors(const ConstMatrixMap& data, int k, Metric metric,
  int numberOfThreads, const ProgressCallback& progress = {});

NeighborGraph ApproximateNeighbors(const ConstMatrixMap& data, int k, Metric metric,
  int numberOfThreads, std::uint64_t seed, const ProgressCallback& progress = {});

/// Exact below a size where it is as fast as the approximate search, approximate above.
NeighborGraph Neighbors(const ConstMatrixMap& data, int k, Metric metric, int numberOfThreads,
  std::uint64_t seed, const ProgressCallback& progress = {});

enum class SearchMethod
{
  Automatic, // exact or approximate, whichever is faster for the sizes
  Exact,
  Approximate
};

/// The k nearest rows of `data` to each row of `queries` (the new samples UMAP's transform
/// places); Automatic chooses by the same cost rule as Neighbors().
NeighborGraph QueryNeighbors(const ConstMatrixMap& data, const ConstMatrixMap& queries, int k,
  Metric metric, int numberOfThreads, std::uint64_t seed, const ProgressCallback& progress = {},
  SearchMethod method = SearchMethod::Automatic);

/// Fraction of the approximate graph's neighbours that are among the exact ones.
double Recall(const NeighborGraph& approximate, const NeighborGraph& exact);

} // namespace neurotour
