#include "NearestNeighbors.h"

#include "PCA.h"

#include <hnswlib/hnswlib.h>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <queue>
#include <string>
#include <utility>

namespace neurotour
{

namespace
{
// A multiple of 16, so hnswlib measures distances with its 16-wide SIMD loop (at 100 it falls
// back to 4-wide SSE, and distances are a third of the search).
constexpr int ReducedDimension = 112;

/// Unit-length rows: cosine distance is then 1 - x.y, and |x - y|^2 = 2 (1 - x.y).
/// A zero row stays zero (umap-learn treats it as at distance 1 from everything else).
MatrixRM NormalizedRows(const ConstMatrixMap& data, int threads)
{
  MatrixRM unit(data.rows(), data.cols());
#pragma omp parallel for num_threads(threads)
  for (Eigen::Index i = 0; i < data.rows(); ++i)
  {
    const float norm = data.row(i).norm();
    unit.row(i) = norm > 0.0f ? (data.row(i) / norm).eval() : data.row(i).eval();
  }
  return unit;
}

/// The exact distance between row i of `a` and row j of `b` (the GEMM form loses precision for
/// near points, and UMAP's rho depends on the smallest non-zero distance). Euclidean
/// differences are taken first, so float is exact for duplicates and within ~1e-6 otherwise;
/// 1 - x.y cancels, so cosine sums in double.
float RowDistance(const ConstMatrixMap& a, std::int64_t i, const ConstMatrixMap& b,
  std::int64_t j, Metric metric)
{
  if (metric == Metric::Cosine)
  {
    const double dot = a.row(i).cast<double>().dot(b.row(j).cast<double>());
    return static_cast<float>(std::max(0.0, 1.0 - dot));
  }
  return std::sqrt((a.row(i) - b.row(j)).squaredNorm());
}

/// One k-NN search: the neighbours among the rows of `Data` of each row of `Queries`. A self
/// search (Queries is Data) puts the row itself in column 0 and k - 1 others after it.
struct Search
{
  const ConstMatrixMap& Data;
  const ConstMatrixMap& Queries;
  bool Self;
  int K;
  Metric Distance;

  int Others() const { return this->Self ? this->K - 1 : this->K; }

  /// Row `row` of the graph: the candidates `others` (at least Others() of them, none the row
  /// itself) in ascending order of exact distance, after the row itself in a self search.
  void FinishRow(std::int64_t row, const std::vector<std::int32_t>& others,
    NeighborGraph& graph) const
  {
    std::vector<std::pair<float, std::int32_t>> sorted;
    sorted.reserve(others.size());
    for (std::int32_t j : others)
    {
      sorted.emplace_back(RowDistance(this->Queries, row, this->Data, j, this->Distance), j);
    }
    std::sort(sorted.begin(), sorted.end());
    std::int32_t* indices = graph.Indices.data() + row * graph.K;
    float* distances = graph.Distances.data() + row * graph.K;
    int c = 0;
    if (this->Self)
    {
      indices[0] = static_cast<std::int32_t>(row);
      distances[0] = 0.0f;
      c = 1;
    }
    for (std::size_t s = 0; c < graph.K; ++c, ++s)
    {
      indices[c] = sorted[s].second;
      distances[c] = sorted[s].first;
    }
  }
};

NeighborGraph EmptyGraph(std::int64_t n, int k)
{
  NeighborGraph graph;
  graph.NumberOfPoints = n;
  graph.K = k;
  graph.Indices.resize(static_cast<std::size_t>(n) * k);
  graph.Distances.resize(static_cast<std::size_t>(n) * k);
  return graph;
}

} // namespace

namespace
{
/// Both visits: blocks of `rows` against the rows of `columns`, all of them or (upper, rows and
/// columns the same data) those from the block's first row on.
void VisitBlocks(const ConstMatrixMap& rows, const ConstMatrixMap& columns, bool upper,
  const DistanceBlockVisitor& visit, int numberOfThreads, const ProgressCallback& progress,
  std::int64_t blockRows)
{
  const std::int64_t n = rows.rows();
  const std::int64_t m = columns.rows();
  const int threads = ResolveThreadCount(numberOfThreads);
  if (blockRows <= 0)
  {
    // At most about 64 MB of distances and 2^31 multiply-adds per block: large enough for
    // GEMM efficiency, small enough to stay bounded at any size and to report progress (and
    // see an abort) every few tenths of a second in 784 dimensions.
    const std::int64_t byMemory = (std::int64_t(16) << 20) / std::max<std::int64_t>(m, 1);
    const std::int64_t byWork = (std::int64_t(1) << 31) /
      std::max<std::int64_t>(m * std::max<Eigen::Index>(columns.cols(), 1), 1);
    blockRows = std::clamp<std::int64_t>(std::min(byMemory, byWork), 16, 2048);
  }
  const Eigen::VectorXf rowNorms = rows.rowwise().squaredNorm();
  const Eigen::VectorXf columnNorms = columns.rowwise().squaredNorm();
  const double totalWork = upper ? 0.5 * double(n) * double(n + 1) : double(n) * double(m);
  double work = 0.0;
  MatrixRM block;
  for (std::int64_t first = 0; first < n; first += blockRows)
  {
    const std::int64_t count = std::min(blockRows, n - first);
    const std::int64_t firstColumn = upper ? first : 0;
    const std::int64_t width = m - firstColumn;
    block.resize(count, width);
    const auto blockData = rows.middleRows(first, count);
    // Each thread owns a slice of the columns: one single-threaded GEMM per slice, so the
    // thread count is ours and not Eigen's global setting.
    const std::int64_t columnChunk = std::max<std::int64_t>(256, (width + threads - 1) / threads);
    const std::int64_t columnChunks = (width + columnChunk - 1) / columnChunk;
#pragma omp parallel for num_threads(threads) schedule(static, 1)
    for (std::int64_t c = 0; c < columnChunks; ++c)
    {
      const std::int64_t c0 = c * columnChunk;
      const std::int64_t chunkWidth = std::min(columnChunk, width - c0);
      auto slice = block.middleCols(c0, chunkWidth);
      slice.noalias() =
        -2.0f * blockData * columns.middleRows(firstColumn + c0, chunkWidth).transpose();
      for (std::int64_t r = 0; r < count; ++r)
      {
        const float rowNorm = rowNorms[first + r];
        for (std::int64_t j = 0; j < chunkWidth; ++j)
        {
          slice(r, j) = std::max(0.0f, slice(r, j) + rowNorm + columnNorms[firstColumn + c0 + j]);
        }
      }
    }
    visit(first, block);
    work += double(count) * double(width);
    ReportProgress(progress, work / totalWork);
  }
}
} // namespace

//------------------------------------------------------------------------------
void VisitSquaredDistanceBlocks(const ConstMatrixMap& rows, const ConstMatrixMap& columns,
  const DistanceBlockVisitor& visit, int numberOfThreads, const ProgressCallback& progress,
  std::int64_t blockRows)
{
  VisitBlocks(rows, columns, false, visit, numberOfThreads, progress, blockRows);
}

//------------------------------------------------------------------------------
void VisitSquaredDistanceBlocks(const ConstMatrixMap& data, const DistanceBlockVisitor& visit,
  int numberOfThreads, const ProgressCallback& progress, std::int64_t blockRows)
{
  VisitBlocks(data, data, false, visit, numberOfThreads, progress, blockRows);
}

//------------------------------------------------------------------------------
void VisitUpperSquaredDistanceBlocks(const ConstMatrixMap& data, const DistanceBlockVisitor& visit,
  int numberOfThreads, const ProgressCallback& progress, std::int64_t blockRows)
{
  VisitBlocks(data, data, true, visit, numberOfThreads, progress, blockRows);
}

namespace
{

/// Throws InvalidInput naming what makes the search impossible.
void CheckSearch(const ConstMatrixMap& data, const ConstMatrixMap& queries, bool self, int k)
{
  if (data.cols() < 1)
  {
    throw InvalidInput("the data have no features");
  }
  if (queries.cols() != data.cols())
  {
    throw InvalidInput("the new samples have " + std::to_string(queries.cols()) +
      " features and the fitted ones " + std::to_string(data.cols()));
  }
  if (k < 1)
  {
    throw InvalidInput("the number of neighbours must be at least 1");
  }
  if (data.rows() < k)
  {
    throw InvalidInput("k-NN with k = " + std::to_string(k) +
      (self ? " (the point itself included)" : "") + " needs at least " + std::to_string(k) +
      " samples, got " + std::to_string(data.rows()));
  }
  if (std::max(data.rows(), queries.rows()) > std::numeric_limits<std::int32_t>::max())
  {
    throw InvalidInput("too many samples for 32-bit neighbour indices");
  }
}

/// The Others() closest candidates of every query row so far, as one max-heap per row.
class CandidateHeaps
{
public:
  using Candidate = std::pair<float, std::int32_t>; // ties broken by index, for determinism

  CandidateHeaps(std::int64_t rows, int capacity)
    : Capacity(capacity)
    , Heaps(static_cast<std::size_t>(rows) * capacity)
    , Sizes(rows, 0)
  {
  }

  /// Not thread-safe for one row; rows are independent.
  void Offer(std::int64_t row, Candidate candidate)
  {
    Candidate* heap = this->Heaps.data() + row * this->Capacity;
    int& size = this->Sizes[row];
    if (size < this->Capacity)
    {
      heap[size++] = candidate;
      std::push_heap(heap, heap + size);
    }
    else if (this->Capacity > 0 && candidate < heap[0])
    {
      std::pop_heap(heap, heap + size);
      heap[size - 1] = candidate;
      std::push_heap(heap, heap + size);
    }
  }

  std::vector<std::int32_t> Indices(std::int64_t row) const
  {
    const Candidate* heap = this->Heaps.data() + row * this->Capacity;
    std::vector<std::int32_t> indices(this->Sizes[row]);
    for (int c = 0; c < this->Sizes[row]; ++c)
    {
      indices[c] = heap[c].second;
    }
    return indices;
  }

private:
  int Capacity;
  std::vector<Candidate> Heaps;
  std::vector<int> Sizes;
};

/// `search` by blocks of exact distances, keeping the Others() closest of each row. A self
/// search computes each pair's distance once (the upper blocks) and offers it to both rows:
/// half the GEMM, which is most of the time in many dimensions.
NeighborGraph ExactSearch(const Search& search, int threads, const ProgressCallback& progress)
{
  const std::int64_t queries = search.Queries.rows();
  CandidateHeaps heaps(queries, search.Others());
  if (search.Self)
  {
    VisitUpperSquaredDistanceBlocks(
      search.Data,
      [&](std::int64_t first, const MatrixRM& block)
      {
        const Eigen::Index count = block.rows();
        const Eigen::Index width = block.cols(); // columns first .. n - 1
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
        for (Eigen::Index r = 0; r < count; ++r)
        {
          const float* distances = block.row(r).data();
          for (Eigen::Index j = 0; j < width; ++j)
          {
            if (j != r)
            {
              heaps.Offer(first + r, { distances[j], static_cast<std::int32_t>(first + j) });
            }
          }
        }
        // The same distances, offered to the later rows.
        const MatrixRM later = block.rightCols(width - count).transpose();
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
        for (Eigen::Index c = 0; c < later.rows(); ++c)
        {
          const float* distances = later.row(c).data();
          for (Eigen::Index r = 0; r < count; ++r)
          {
            heaps.Offer(first + count + c, { distances[r], static_cast<std::int32_t>(first + r) });
          }
        }
      },
      threads, progress);
  }
  else
  {
    VisitSquaredDistanceBlocks(
      search.Queries, search.Data,
      [&](std::int64_t first, const MatrixRM& block)
      {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
        for (Eigen::Index r = 0; r < block.rows(); ++r)
        {
          const float* distances = block.row(r).data();
          for (Eigen::Index j = 0; j < block.cols(); ++j)
          {
            heaps.Offer(first + r, { distances[j], static_cast<std::int32_t>(j) });
          }
        }
      },
      threads, progress);
  }
  NeighborGraph graph = EmptyGraph(queries, search.K);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
  for (std::int64_t row = 0; row < queries; ++row)
  {
    search.FinishRow(row, heaps.Indices(row), graph);
  }
  return graph;
}

/// `search` through HNSW indices of the data, candidates re-ranked by exact distance.
NeighborGraph ApproximateSearch(
  const Search& search, int threads, std::uint64_t seed, const ProgressCallback& progress)
{
  const ConstMatrixMap& points = search.Data;
  const std::int64_t n = points.rows();
  const int k = search.K;
  // Wide inputs are searched in a 112-D PCA projection (cheaper distances that keep the
  // neighbourhoods) for candidates, re-ranked by exact distance in the full space
  // (FinishRow): on 30,000 Fashion-MNIST images 1.7x less CPU than HNSW on the 784-D rows, at
  // recall 0.990 instead of 0.994. Unit rows make euclidean search equivalent to cosine.
  const bool reduce = points.cols() > 2 * ReducedDimension;
  MatrixRM projected;
  MatrixRM projectedQueries;
  if (reduce)
  {
    // Seconds at 70,000 x 784: report it, so an abort is heard here too.
    PCAResult pca =
      ComputePCA(points, ReducedDimension, threads, ProgressPhase(progress, 0.0, 0.2));
    projected = std::move(pca.Scores);
    if (!search.Self)
    {
      projectedQueries = (search.Queries.rowwise() - pca.Mean.transpose()) *
        pca.Components.transpose();
    }
  }
  const ConstMatrixMap searched = reduce
    ? ConstMatrixMap(projected.data(), projected.rows(), projected.cols())
    : points;
  const ConstMatrixMap searchedQueries = search.Self ? searched
    : reduce ? ConstMatrixMap(projectedQueries.data(), projectedQueries.rows(), projectedQueries.cols())
             : search.Queries;
  auto makeSpace = [&]() -> std::unique_ptr<hnswlib::SpaceInterface<float>>
  {
    if (search.Distance == Metric::Cosine && !reduce)
    {
      return std::make_unique<hnswlib::InnerProductSpace>(searched.cols());
    }
    return std::make_unique<hnswlib::L2Space>(searched.cols());
  };

  // One index per thread (up to 4) over every shards-th row, each built by one thread in a
  // fixed order: hnswlib's concurrent inserts into one index make the graph depend on thread
  // timing, while shards keep the result reproducible for a seed and thread count and need no
  // locks. Every point queries every shard, so more shards would cost more than they save.
  const int shards = static_cast<int>(std::min<std::int64_t>(std::min(threads, 4), n));
  // Candidates per shard, re-ranked together: 2k from each of two shards give recall 0.990 on
  // 70,000 Fashion-MNIST images at k = 15, against 0.980 for 3k from one shared index, at the
  // same CPU. The margin need not grow past k = 24: t-SNE's k = 92 keeps recall 0.999 with 116.
  const int margin = std::min(k, 24);
  const int candidates = !reduce ? k : k + (shards == 1 ? 2 : 1) * margin;
  std::vector<std::unique_ptr<hnswlib::SpaceInterface<float>>> spaces;
  std::vector<std::unique_ptr<hnswlib::HierarchicalNSW<float>>> indices;
  for (int s = 0; s < shards; ++s)
  {
    spaces.push_back(makeSpace());
    // M = 16, efConstruction = 100: recall ~0.99 at k = 15 on Fashion-MNIST at a third less
    // build time than efConstruction = 200.
    indices.push_back(std::make_unique<hnswlib::HierarchicalNSW<float>>(
      spaces.back().get(), (n - s + shards - 1) / shards, 16, 100, seed + s));
  }
  // Built and queried in chunks so progress and abort are served between them.
  const std::int64_t chunk = 2048;
  for (std::int64_t first = 0; first < n; first += chunk)
  {
    const std::int64_t last = std::min(n, first + chunk);
#pragma omp parallel for num_threads(shards) schedule(static, 1)
    for (int s = 0; s < shards; ++s)
    {
      for (std::int64_t i = first + (s - first % shards + shards) % shards; i < last; i += shards)
      {
        indices[s]->addPoint(searched.row(i).data(), static_cast<hnswlib::labeltype>(i));
      }
    }
    ReportProgress(progress, 0.2 + 0.6 * double(last) / n);
  }

  // Search width candidates + k: on 70,000 Fashion-MNIST images (one index, 3k candidates,
  // re-ranked) the same recall as 2 * candidates (0.977 vs 0.978) at about 20% less query CPU.
  for (auto& index : indices)
  {
    index->setEf(std::max(candidates + margin, 32));
  }
  const std::int64_t queries = searchedQueries.rows();
  NeighborGraph graph = EmptyGraph(queries, k);
  const int others = search.Others();
  for (std::int64_t first = 0; first < queries; first += chunk)
  {
    const std::int64_t last = std::min(queries, first + chunk);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
    for (std::int64_t i = first; i < last; ++i)
    {
      std::vector<std::int32_t> selected;
      selected.reserve(static_cast<std::size_t>(candidates) * shards);
      for (auto& index : indices)
      {
        for (auto found = index->searchKnn(searchedQueries.row(i).data(), candidates);
             !found.empty(); found.pop())
        {
          if (!search.Self || static_cast<std::int64_t>(found.top().second) != i)
          {
            selected.push_back(static_cast<std::int32_t>(found.top().second));
          }
        }
      }
      // Rare: the search returned too few; pad with the nearest found so the graph stays
      // rectangular (duplicates only cost a repeated edge).
      while (static_cast<int>(selected.size()) < others)
      {
        selected.push_back(selected.empty() ? std::int32_t((i + 1) % n) : selected.back());
      }
      search.FinishRow(i, selected, graph);
    }
    ReportProgress(progress, 0.8 + 0.2 * double(last) / queries);
  }
  return graph;
}

/// Checks the arguments, takes unit rows for cosine, and runs the exact or approximate search.
NeighborGraph RunSearch(const ConstMatrixMap& data, const ConstMatrixMap& queries, bool self,
  int k, Metric metric, bool approximate, int numberOfThreads, std::uint64_t seed,
  const ProgressCallback& progress)
{
  CheckSearch(data, queries, self, k);
  const int threads = ResolveThreadCount(numberOfThreads);
  MatrixRM unitData;
  MatrixRM unitQueries;
  if (metric == Metric::Cosine)
  {
    unitData = NormalizedRows(data, threads);
    if (!self)
    {
      unitQueries = NormalizedRows(queries, threads);
    }
  }
  const bool unit = metric == Metric::Cosine;
  const ConstMatrixMap points =
    unit ? ConstMatrixMap(unitData.data(), unitData.rows(), unitData.cols()) : data;
  const ConstMatrixMap queryPoints = self ? points
    : unit ? ConstMatrixMap(unitQueries.data(), unitQueries.rows(), unitQueries.cols())
           : queries;
  const Search search{ points, queryPoints, self, k, metric };
  return approximate ? ApproximateSearch(search, threads, seed, progress)
                     : ExactSearch(search, threads, progress);
}

} // namespace

//------------------------------------------------------------------------------
NeighborGraph ExactNeighbors(const ConstMatrixMap& data, int k, Metric metric,
  int numberOfThreads, const ProgressCallback& progress)
{
  return RunSearch(data, data, true, k, metric, false, numberOfThreads, 0, progress);
}

//------------------------------------------------------------------------------
NeighborGraph ApproximateNeighbors(const ConstMatrixMap& data, int k, Metric metric,
  int numberOfThreads, std::uint64_t seed, const ProgressCallback& progress)
{
  return RunSearch(data, data, true, k, metric, true, numberOfThreads, seed, progress);
}

//------------------------------------------------------------------------------
NeighborGraph Neighbors(const ConstMatrixMap& data, int k, Metric metric, int numberOfThreads,
  std::uint64_t seed, const ProgressCallback& progress)
{
  // Exact search costs ~n^2 (d + 163) here (GEMM plus the per-pair selection, which weighs as
  // much as 163 features); the PCA-reduced HNSW search grows ~n log n. Measured on Fashion-MNIST
  // with 2 threads, they break even near 5,000 x 784, 10,000 x 50 and 15,000 x 15.
  const double n = static_cast<double>(data.rows());
  const double exactCost = n * n * (static_cast<double>(data.cols()) + 163.0);
  const bool approximate = !(data.rows() <= 4096 || exactCost <= 3e10);
  return RunSearch(data, data, true, k, metric, approximate, numberOfThreads, seed, progress);
}

//------------------------------------------------------------------------------
NeighborGraph QueryNeighbors(const ConstMatrixMap& data, const ConstMatrixMap& queries, int k,
  Metric metric, int numberOfThreads, std::uint64_t seed, const ProgressCallback& progress,
  SearchMethod method)
{
  // As in Neighbors(), with the approximate search's cost split as measured: about 80% building
  // the index over the data, 20% querying.
  const double n = static_cast<double>(data.rows());
  const double m = static_cast<double>(queries.rows());
  const double exactCost = n * m * (static_cast<double>(data.cols()) + 163.0);
  const double approximateCost = 3e10 * (0.8 * n + 0.2 * m) / 5000.0;
  const bool approximate = method == SearchMethod::Automatic
    ? !(data.rows() <= 4096 || exactCost <= approximateCost)
    : method == SearchMethod::Approximate;
  return RunSearch(data, queries, false, k, metric, approximate, numberOfThreads, seed, progress);
}

//------------------------------------------------------------------------------
double Recall(const NeighborGraph& approximate, const NeighborGraph& exact)
{
  if (approximate.NumberOfPoints != exact.NumberOfPoints || approximate.K != exact.K)
  {
    throw InvalidInput("recall needs two graphs of the same shape");
  }
  if (exact.K < 2 || exact.NumberOfPoints == 0)
  {
    return 1.0;
  }
  // Column 0 (the point itself) is excluded: it is always right and would inflate the figure.
  std::int64_t hits = 0;
#pragma omp parallel for reduction(+ : hits)
  for (std::int64_t i = 0; i < exact.NumberOfPoints; ++i)
  {
    const std::int32_t* truth = exact.RowIndices(i);
    const std::int32_t* found = approximate.RowIndices(i);
    for (int a = 1; a < approximate.K; ++a)
    {
      hits += std::find(truth + 1, truth + exact.K, found[a]) != truth + exact.K ? 1 : 0;
    }
  }
  return double(hits) / (double(exact.NumberOfPoints) * (exact.K - 1));
}

} // namespace neurotour
