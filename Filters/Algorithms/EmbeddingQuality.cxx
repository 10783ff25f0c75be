#include "EmbeddingQuality.h"

#include "NearestNeighbors.h"

#include <omp.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <string>

namespace neurotour
{

namespace
{

void CheckNeighborCount(std::int64_t n, int k)
{
  if (k < 1)
  {
    throw InvalidInput("the number of neighbours must be at least 1");
  }
  // sklearn.manifold.trustworthiness refuses the same range: the normaliser needs 2n > 3k + 1.
  if (k >= n / 2.0)
  {
    throw InvalidInput("trustworthiness with " + std::to_string(k) +
      " neighbours needs more than " + std::to_string(2 * k) + " samples, got " +
      std::to_string(n));
  }
}

double ExactSquaredDistance(const ConstMatrixMap& space, std::int64_t i, std::int64_t l)
{
  return (space.row(i).cast<double>() - space.row(l).cast<double>()).squaredNorm();
}

/// Each row's k nearest rows (itself first) by exact distance. The GEMM-form search rounds
/// |x|² + |y|² - 2x·y, which reorders close points of an embedding with large coordinates, so
/// 2k + 1 candidates are fetched and ExactNeighbors orders them by exact distance.
NeighborGraph PreciseNeighbors(const ConstMatrixMap& data, int k, int threads,
  const ProgressCallback& progress)
{
  const int fetched = static_cast<int>(std::min<std::int64_t>(data.rows(), 2 * k + 1));
  const NeighborGraph wide = ExactNeighbors(data, fetched, Metric::Euclidean, threads, progress);
  NeighborGraph graph;
  graph.NumberOfPoints = wide.NumberOfPoints;
  graph.K = k;
  graph.Indices.resize(static_cast<std::size_t>(graph.NumberOfPoints) * k);
  graph.Distances.resize(graph.Indices.size());
  for (std::int64_t i = 0; i < graph.NumberOfPoints; ++i)
  {
    std::copy_n(wide.RowIndices(i), k, graph.Indices.begin() + i * k);
    std::copy_n(wide.RowDistances(i), k, graph.Distances.begin() + i * k);
  }
  return graph;
}

/// Each row's k nearest other rows (column 0, the row itself, dropped), n × k.
std::vector<std::int32_t> NeighborsWithoutSelf(const NeighborGraph& graph, int k)
{
  std::vector<std::int32_t> neighbors(static_cast<std::size_t>(graph.NumberOfPoints) * k);
  for (std::int64_t i = 0; i < graph.NumberOfPoints; ++i)
  {
    std::copy_n(graph.RowIndices(i) + 1, k, neighbors.begin() + i * k);
  }
  return neighbors;
}

/**
 * The rank of row j among row i's other rows by distance (1 = nearest), from the GEMM-form
 * squared distances `distances` of row i, whose error is below `margin`: entries that close to
 * d(i, j) are recomputed exactly, so the count is that of exact distances. Rows at exactly the
 * same distance as j count one half each (sklearn orders such ties arbitrarily, by argsort).
 * `nearChunks` is scratch space.
 */
double RankOf(const ConstMatrixMap& space, std::int64_t i, std::int64_t j, const float* distances,
  double margin, std::vector<std::int64_t>& nearChunks)
{
  const std::int64_t n = space.rows();
  auto exact = [&space, i](std::int64_t l)
  {
    return (space.row(i).cast<double>() - space.row(l).cast<double>()).squaredNorm();
  };
  const double threshold = exact(j);
  const float below = std::nextafter(float(threshold - margin), -INFINITY);
  const float above = std::nextafter(float(threshold + margin), INFINITY);
  // One vectorised pass counts the surely closer rows and notes the chunks holding near ones.
  constexpr std::int64_t chunk = 256;
  std::int64_t closer = 0;
  nearChunks.clear();
  for (std::int64_t start = 0; start < n; start += chunk)
  {
    const std::int64_t end = std::min(n, start + chunk);
    int chunkCloser = 0;
    int chunkCloserOrNear = 0;
    for (std::int64_t l = start; l < end; ++l)
    {
      chunkCloser += distances[l] < below ? 1 : 0;
      chunkCloserOrNear += distances[l] <= above ? 1 : 0;
    }
    closer += chunkCloser;
    if (chunkCloserOrNear > chunkCloser)
    {
      nearChunks.push_back(start);
    }
  }
  // Row i itself (distance 0) is not ranked.
  double rank = 1.0 + closer - (distances[i] < below ? 1 : 0);
  for (std::int64_t start : nearChunks)
  {
    for (std::int64_t l = start; l < std::min(n, start + chunk); ++l)
    {
      if (l != i && l != j && distances[l] >= below && distances[l] <= above)
      {
        const double distance = exact(l);
        rank += distance < threshold ? 1.0 : (distance == threshold ? 0.5 : 0.0);
      }
    }
  }
  return rank;
}

/**
 * Σ_i Σ_j max(0, r(i, j) - k) over the given neighbours j of each row i, where r(i, j) is the
 * rank of j among i's other rows by distance in `space` (1 = nearest): sklearn's trustworthiness
 * sum. Streams distance blocks of `space`; when `ownNeighbors` is set it also receives each
 * row's k nearest others in `space`, found in the same pass.
 */
double RankPenalty(const ConstMatrixMap& space, const std::vector<std::int32_t>& neighbors, int k,
  int threads, std::vector<std::int32_t>* ownNeighbors, const ProgressCallback& progress)
{
  const std::int64_t n = space.rows();
  if (ownNeighbors)
  {
    ownNeighbors->assign(static_cast<std::size_t>(n) * k, 0);
  }
  // Bound on the error of the GEMM-form distances, relative to |x_i|² + max |x|² (measured
  // errors stay below 3 eps at d = 3000; this allows 2·√d eps).
  const Eigen::VectorXd norms = space.cast<double>().rowwise().squaredNorm();
  const double margin = 2.0 * std::sqrt(double(space.cols())) * FLT_EPSILON;
  const double largestNorm = norms.size() > 0 ? norms.maxCoeff() : 0.0;
  std::vector<double> partial(threads, 0.0);
  VisitSquaredDistanceBlocks(
    space,
    [&](std::int64_t first, const MatrixRM& block)
    {
#pragma omp parallel num_threads(threads)
      {
        double& sum = partial[omp_get_thread_num()];
        std::vector<std::int32_t> order;
        std::vector<std::int64_t> nearChunks;
        std::vector<std::pair<double, std::int32_t>> candidates;
#pragma omp for schedule(static)
        for (Eigen::Index r = 0; r < block.rows(); ++r)
        {
          const std::int64_t i = first + r;
          const float* distances = block.row(r).data();
          for (int c = 0; c < k; ++c)
          {
            const std::int32_t j = neighbors[i * k + c];
            sum += std::max(0.0,
              RankOf(space, i, j, distances, margin * (norms[i] + largestNorm), nearChunks) - k);
          }
          if (ownNeighbors)
          {
            // 2k candidates by GEMM distance, the k nearest of them by exact distance.
            order.resize(n - 1);
            std::iota(order.begin(), order.begin() + i, 0);
            std::iota(order.begin() + i, order.end(), static_cast<std::int32_t>(i + 1));
            const std::int64_t fetched = std::min<std::int64_t>(n - 1, 2 * k);
            std::nth_element(order.begin(), order.begin() + (fetched - 1), order.end(),
              [distances](std::int32_t a, std::int32_t b)
              { return distances[a] < distances[b] || (distances[a] == distances[b] && a < b); });
            candidates.clear();
            for (std::int64_t c = 0; c < fetched; ++c)
            {
              candidates.emplace_back(ExactSquaredDistance(space, i, order[c]), order[c]);
            }
            std::sort(candidates.begin(), candidates.end());
            for (int c = 0; c < k; ++c)
            {
              order[c] = candidates[c].second;
            }
            std::copy_n(order.begin(), k, ownNeighbors->begin() + i * k);
          }
        }
      }
    },
    threads, progress);
  return std::accumulate(partial.begin(), partial.end(), 0.0);
}

double PenaltyToScore(double penalty, std::int64_t n, int k)
{
  const double nd = double(n);
  return 1.0 - penalty * (2.0 / (nd * k * (2.0 * nd - 3.0 * k - 1.0)));
}

std::vector<std::int32_t> CheckLabels(const std::vector<std::int64_t>& labels, std::int64_t n)
{
  if (static_cast<std::int64_t>(labels.size()) != n)
  {
    throw InvalidInput(
      std::to_string(labels.size()) + " labels for " + std::to_string(n) + " samples");
  }
  // Dense class indices in ascending label order (ties of the vote go to the smallest label).
  std::map<std::int64_t, std::int32_t> classes;
  for (std::int64_t label : labels)
  {
    classes.emplace(label, 0);
  }
  std::int32_t next = 0;
  for (auto& entry : classes)
  {
    entry.second = next++;
  }
  std::vector<std::int32_t> dense(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i)
  {
    dense[i] = classes[labels[i]];
  }
  return dense;
}

double Accuracy(const NeighborGraph& graph, const std::vector<std::int32_t>& classes, int k)
{
  const std::int32_t classCount = *std::max_element(classes.begin(), classes.end()) + 1;
  std::int64_t correct = 0;
  std::vector<int> votes(classCount);
  for (std::int64_t i = 0; i < graph.NumberOfPoints; ++i)
  {
    std::fill(votes.begin(), votes.end(), 0);
    for (int c = 0; c < k; ++c)
    {
      ++votes[classes[graph.RowIndices(i)[c]]];
    }
    const auto winner = std::max_element(votes.begin(), votes.end()) - votes.begin();
    correct += winner == classes[i] ? 1 : 0;
  }
  return double(correct) / graph.NumberOfPoints;
}

/// d_s, d_d, c_s, c_d (Ruman 2021) into `result`.
void ClassDistances(const ConstMatrixMap& embedding, const std::vector<std::int32_t>& classes,
  const EmbeddingQualityOptions& options, int threads, EmbeddingQualityResult& result,
  const ProgressCallback& progress)
{
  const std::int64_t n = embedding.rows();
  const std::int32_t classCount = *std::max_element(classes.begin(), classes.end()) + 1;
  std::vector<std::int64_t> sizes(classCount, 0);
  for (std::int32_t c : classes)
  {
    ++sizes[c];
  }
  if (classCount < 2)
  {
    throw InvalidInput("the class metrics need at least two classes, the labels hold one");
  }
  if (*std::max_element(sizes.begin(), sizes.end()) < 2)
  {
    throw InvalidInput("every class has a single sample, so the same-class distance is undefined");
  }

  // The samples behind the pairwise means: all, or a seeded uniform subset (sorted for locality).
  std::vector<std::int64_t> subset(n);
  std::iota(subset.begin(), subset.end(), 0);
  if (n > options.MaximumExactPoints && options.MaximumExactPoints >= 2)
  {
    std::mt19937_64 random(options.Seed);
    for (std::int64_t i = 0; i < options.MaximumExactPoints; ++i)
    {
      std::uniform_int_distribution<std::int64_t> pick(i, n - 1);
      std::swap(subset[i], subset[pick(random)]);
    }
    subset.resize(options.MaximumExactPoints);
    std::sort(subset.begin(), subset.end());
  }
  const std::int64_t m = static_cast<std::int64_t>(subset.size());
  result.SampledPoints = m;
  // Centred: the GEMM form |x|² + |y|² - 2x·y loses less precision near the origin.
  const Eigen::RowVectorXf mean = embedding.colwise().mean();
  MatrixRM points(m, embedding.cols());
  std::vector<std::int32_t> pointClasses(m);
  for (std::int64_t s = 0; s < m; ++s)
  {
    points.row(s) = embedding.row(subset[s]) - mean;
    pointClasses[s] = classes[subset[s]];
  }
  struct Sums
  {
    double All = 0.0;
    double Same = 0.0;
    double SamePairs = 0.0;
  };
  std::vector<Sums> partial(threads);
  VisitSquaredDistanceBlocks(
    ConstMatrixMap(points.data(), m, points.cols()),
    [&](std::int64_t first, const MatrixRM& block)
    {
#pragma omp parallel num_threads(threads)
      {
        Sums& sums = partial[omp_get_thread_num()];
#pragma omp for schedule(static)
        for (Eigen::Index r = 0; r < block.rows(); ++r)
        {
          const std::int64_t i = first + r;
          const float* squared = block.row(r).data();
          double all = 0.0;
          double same = 0.0;
          double samePairs = 0.0;
          for (std::int64_t j = i + 1; j < m; ++j)
          {
            const double distance = std::sqrt(double(squared[j]));
            all += distance;
            if (pointClasses[j] == pointClasses[i])
            {
              same += distance;
              samePairs += 1.0;
            }
          }
          sums.All += all;
          sums.Same += same;
          sums.SamePairs += samePairs;
        }
      }
    },
    threads, progress);
  Sums total;
  for (const Sums& sums : partial)
  {
    total.All += sums.All;
    total.Same += sums.Same;
    total.SamePairs += sums.SamePairs;
  }
  const double pairs = 0.5 * double(m) * double(m - 1);
  const double meanDistance = total.All / pairs;
  if (!(meanDistance > 0.0))
  {
    throw InvalidInput("all samples sit at one point, so distances cannot be normalised");
  }
  result.SameClassDistance = total.SamePairs > 0.0 ? total.Same / total.SamePairs / meanDistance
                                                   : EmbeddingQualityResult::NaN;
  result.DifferentClassDistance = total.SamePairs < pairs
    ? (total.All - total.Same) / (pairs - total.SamePairs) / meanDistance
    : EmbeddingQualityResult::NaN;

  // Centroids over every sample: O(n·d), no need to sample.
  Eigen::MatrixXd centroids = Eigen::MatrixXd::Zero(classCount, embedding.cols());
  for (std::int64_t i = 0; i < n; ++i)
  {
    centroids.row(classes[i]) += embedding.row(i).cast<double>();
  }
  for (std::int32_t c = 0; c < classCount; ++c)
  {
    centroids.row(c) /= double(sizes[c]);
  }
  std::vector<double> spread(classCount, 0.0);
  for (std::int64_t i = 0; i < n; ++i)
  {
    spread[classes[i]] += (embedding.row(i).cast<double>() - centroids.row(classes[i])).norm();
  }
  double spreadSum = 0.0;
  double separationSum = 0.0;
  for (std::int32_t a = 0; a < classCount; ++a)
  {
    spreadSum += spread[a] / double(sizes[a]);
    for (std::int32_t b = a + 1; b < classCount; ++b)
    {
      separationSum += (centroids.row(a) - centroids.row(b)).norm();
    }
  }
  result.CentroidSpread = spreadSum / classCount / meanDistance;
  result.CentroidSeparation =
    separationSum / (0.5 * classCount * (classCount - 1.0)) / meanDistance;
}

} // namespace

//------------------------------------------------------------------------------
EmbeddingQualityResult ComputeEmbeddingQuality(const ConstMatrixMap& embedding,
  const std::vector<std::int64_t>& labels, const ConstMatrixMap* reference,
  const EmbeddingQualityOptions& options, const ProgressCallback& progress)
{
  const std::int64_t n = embedding.rows();
  const int k = options.NumberOfNeighbors;
  const int threads = ResolveThreadCount(options.NumberOfThreads);
  if (n < 2 || embedding.cols() < 1)
  {
    throw InvalidInput("the embedding needs at least 2 samples and 1 component, got " +
      std::to_string(n) + " × " + std::to_string(embedding.cols()));
  }
  if (reference)
  {
    CheckNeighborCount(n, k);
    if (reference->rows() != n)
    {
      throw InvalidInput("the reference has " + std::to_string(reference->rows()) +
        " rows but the embedding has " + std::to_string(n));
    }
  }
  else if (k < 1 || k > n)
  {
    throw InvalidInput(
      "the k-NN classifier needs 1 <= k <= " + std::to_string(n) + ", got " + std::to_string(k));
  }

  EmbeddingQualityResult result;
  result.NumberOfPoints = n;
  result.SampledPoints = n;
  // The reference pass (a GEMM in the reference's dimension) dominates when there is one.
  const double classShare = reference ? 0.1 : 0.5;
  const double neighborShare = reference ? 0.2 : 1.0;
  if (!labels.empty())
  {
    const std::vector<std::int32_t> classes = CheckLabels(labels, n);
    ClassDistances(embedding, classes, options, threads, result,
      ProgressPhase(progress, 0.0, classShare));
  }
  // One neighbour search in the embedding serves the classifier (k including the point) and
  // trustworthiness (k others).
  const int searched = reference ? k + 1 : k;
  const NeighborGraph graph = PreciseNeighbors(embedding, searched, threads,
    ProgressPhase(progress, classShare, neighborShare));
  if (!labels.empty())
  {
    result.KNNAccuracy = Accuracy(graph, CheckLabels(labels, n), k);
  }
  if (reference)
  {
    std::vector<std::int32_t> referenceNeighbors;
    result.Trustworthiness =
      PenaltyToScore(RankPenalty(*reference, NeighborsWithoutSelf(graph, k), k, threads,
                       &referenceNeighbors, ProgressPhase(progress, 0.2, 0.9)),
        n, k);
    result.Continuity = PenaltyToScore(RankPenalty(embedding, referenceNeighbors, k, threads,
                                         nullptr, ProgressPhase(progress, 0.9, 1.0)),
      n, k);
  }
  return result;
}

//------------------------------------------------------------------------------
double KNNAccuracy(const ConstMatrixMap& embedding, const std::vector<std::int64_t>& labels, int k,
  int numberOfThreads, const ProgressCallback& progress)
{
  const std::vector<std::int32_t> classes = CheckLabels(labels, embedding.rows());
  const NeighborGraph graph =
    PreciseNeighbors(embedding, k, ResolveThreadCount(numberOfThreads), progress);
  return Accuracy(graph, classes, k);
}

//------------------------------------------------------------------------------
double Trustworthiness(const ConstMatrixMap& input, const ConstMatrixMap& embedding, int k,
  int numberOfThreads, const ProgressCallback& progress)
{
  const std::int64_t n = embedding.rows();
  CheckNeighborCount(n, k);
  if (input.rows() != n)
  {
    throw InvalidInput("the input has " + std::to_string(input.rows()) +
      " rows but the embedding has " + std::to_string(n));
  }
  const int threads = ResolveThreadCount(numberOfThreads);
  const NeighborGraph graph =
    PreciseNeighbors(embedding, k + 1, threads, ProgressPhase(progress, 0.0, 0.2));
  return PenaltyToScore(RankPenalty(input, NeighborsWithoutSelf(graph, k), k, threads, nullptr,
                          ProgressPhase(progress, 0.2, 1.0)),
    n, k);
}

//------------------------------------------------------------------------------
double Continuity(const ConstMatrixMap& input, const ConstMatrixMap& embedding, int k,
  int numberOfThreads, const ProgressCallback& progress)
{
  return Trustworthiness(embedding, input, k, numberOfThreads, progress);
}

} // namespace neurotour
