#include "UMAP.h"

#include "PCA.h"
#include "UMAPOptimizer.h"

#include <Eigen/Eigenvalues>
#include <Eigen/SparseCore>
#include <Spectra/SymEigsSolver.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>

namespace neurotour
{

namespace
{
constexpr float SmoothKTolerance = 1e-5f;
constexpr float MinimumKDistanceScale = 1e-3f;

/// A k-NN edge's membership: 1 within rho, then exp(-(d - rho) / sigma).
float Membership(float distance, float rho, float sigma)
{
  const float d = distance - rho;
  return (d <= 0.0f || sigma == 0.0f) ? 1.0f : std::exp(-d / sigma);
}

/// y = (I + D^-1/2 W D^-1/2) x over the CSR graph, for Spectra.
class NormalizedAdjacencyProduct
{
public:
  using Scalar = double;

  NormalizedAdjacencyProduct(const FuzzyGraph& graph, const std::vector<double>& inverseRootDegree)
    : Graph(graph)
    , InverseRootDegree(inverseRootDegree)
  {
  }
  Eigen::Index rows() const { return this->Graph.NumberOfPoints; }
  Eigen::Index cols() const { return this->Graph.NumberOfPoints; }
  void perform_op(const double* in, double* out) const
  {
    const std::int64_t n = this->Graph.NumberOfPoints;
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < n; ++i)
    {
      double sum = 0.0;
      for (std::int64_t e = this->Graph.RowStart[i]; e < this->Graph.RowStart[i + 1]; ++e)
      {
        const std::int32_t j = this->Graph.Columns[e];
        sum += this->Graph.Weights[e] * this->InverseRootDegree[j] * in[j];
      }
      out[i] = in[i] + this->InverseRootDegree[i] * sum;
    }
  }

private:
  const FuzzyGraph& Graph;
  const std::vector<double>& InverseRootDegree;
};

/// sum_{i < count} term(i) in fixed chunks added in order: the same bits for any thread
/// count or schedule (an OpenMP reduction adds the threads' parts in any order).
template <class Term>
double OrderedSum(std::int64_t count, int threads, const Term& term)
{
  constexpr std::int64_t chunk = 4096;
  const std::int64_t chunks = (count + chunk - 1) / chunk;
  std::vector<double> partial(chunks, 0.0);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4)
  for (std::int64_t c = 0; c < chunks; ++c)
  {
    double sum = 0.0;
    for (std::int64_t i = c * chunk; i < std::min(count, (c + 1) * chunk); ++i)
    {
      sum += term(i);
    }
    partial[c] = sum;
  }
  return std::accumulate(partial.begin(), partial.end(), 0.0);
}

/// Each axis mapped to [0, 10], as umap-learn does before optimising any initial layout.
void ScaleToBox(MatrixRM& layout)
{
  for (Eigen::Index c = 0; c < layout.cols(); ++c)
  {
    const float low = layout.col(c).minCoeff();
    const float range = layout.col(c).maxCoeff() - low;
    const float scale = range > 0.0f ? 10.0f / range : 0.0f;
    layout.col(c) = ((layout.col(c).array() - low) * scale).matrix();
  }
}

/// Scaled to max |coord| = 10 plus N(0, 1e-4) jitter (spectral and PCA layouts).
void ExpandWithJitter(MatrixRM& layout, std::mt19937_64& rng)
{
  const float largest = layout.cwiseAbs().maxCoeff();
  if (largest > 0.0f)
  {
    layout *= 10.0f / largest;
  }
  std::normal_distribution<float> jitter(0.0f, 1e-4f);
  for (Eigen::Index i = 0; i < layout.size(); ++i)
  {
    layout.data()[i] += jitter(rng);
  }
}

MatrixRM RandomLayout(std::int64_t n, int dims, std::mt19937_64& rng)
{
  std::uniform_real_distribution<float> uniform(-10.0f, 10.0f);
  MatrixRM layout(n, dims);
  for (Eigen::Index i = 0; i < layout.size(); ++i)
  {
    layout.data()[i] = uniform(rng);
  }
  return layout;
}

} // namespace

//------------------------------------------------------------------------------
float FuzzyGraph::Weight(std::int64_t i, std::int32_t j) const
{
  const auto first = this->Columns.begin() + this->RowStart[i];
  const auto last = this->Columns.begin() + this->RowStart[i + 1];
  const auto found = std::lower_bound(first, last, j);
  return found != last && *found == j ? this->Weights[found - this->Columns.begin()] : 0.0f;
}

//------------------------------------------------------------------------------
SmoothDistances SmoothKNNDistances(
  const NeighborGraph& graph, float localConnectivity, float bandwidth, int numberOfThreads)
{
  const std::int64_t n = graph.NumberOfPoints;
  const int k = graph.K;
  SmoothDistances result;
  result.Rho.assign(n, 0.0f);
  result.Sigma.assign(n, 0.0f);
  if (n == 0)
  {
    return result;
  }
  const double target = std::log2(static_cast<double>(k)) * bandwidth;
  double total = 0.0;
  for (float d : graph.Distances)
  {
    total += d;
  }
  const double meanDistance = total / static_cast<double>(graph.Distances.size());
  const int threads = ResolveThreadCount(numberOfThreads);

#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::int64_t i = 0; i < n; ++i)
  {
    const float* distances = graph.RowDistances(i);
    std::vector<float> nonZero;
    for (int j = 0; j < k; ++j)
    {
      if (distances[j] > 0.0f)
      {
        nonZero.push_back(distances[j]);
      }
    }
    float rho = 0.0f;
    if (static_cast<float>(nonZero.size()) >= localConnectivity)
    {
      const int index = static_cast<int>(std::floor(localConnectivity));
      const float interpolation = localConnectivity - static_cast<float>(index);
      if (index > 0)
      {
        rho = nonZero[index - 1];
        if (interpolation > SmoothKTolerance)
        {
          rho += interpolation * (nonZero[index] - nonZero[index - 1]);
        }
      }
      else
      {
        rho = interpolation * nonZero[0];
      }
    }
    else if (!nonZero.empty())
    {
      rho = *std::max_element(nonZero.begin(), nonZero.end());
    }

    double low = 0.0;
    double high = std::numeric_limits<double>::infinity();
    double mid = 1.0;
    for (int iteration = 0; iteration < 64; ++iteration)
    {
      double sum = 0.0;
      for (int j = 1; j < k; ++j)
      {
        const double d = static_cast<double>(distances[j]) - rho;
        sum += d > 0.0 ? std::exp(-d / mid) : 1.0;
      }
      if (std::fabs(sum - target) < SmoothKTolerance)
      {
        break;
      }
      if (sum > target)
      {
        high = mid;
        mid = (low + high) / 2.0;
      }
      else
      {
        low = mid;
        mid = std::isinf(high) ? mid * 2.0 : (low + high) / 2.0;
      }
    }
    double sigma = mid;
    double floor = MinimumKDistanceScale * meanDistance;
    if (rho > 0.0f)
    {
      double rowTotal = 0.0;
      for (int j = 0; j < k; ++j)
      {
        rowTotal += distances[j];
      }
      floor = MinimumKDistanceScale * rowTotal / k;
    }
    result.Rho[i] = rho;
    result.Sigma[i] = static_cast<float>(std::max(sigma, floor));
  }
  return result;
}

//------------------------------------------------------------------------------
FuzzyGraph FuzzySimplicialSet(
  const NeighborGraph& graph, float setOpMixRatio, float localConnectivity, int numberOfThreads)
{
  const std::int64_t n = graph.NumberOfPoints;
  const SmoothDistances smooth =
    SmoothKNNDistances(graph, localConnectivity, 1.0f, numberOfThreads);
  using Triplet = Eigen::Triplet<float, std::int32_t>;
  std::vector<Triplet> triplets;
  triplets.reserve(static_cast<std::size_t>(n) * graph.K);
  for (std::int64_t i = 0; i < n; ++i)
  {
    for (int c = 0; c < graph.K; ++c)
    {
      const std::int32_t j = graph.RowIndices(i)[c];
      if (j < 0 || j == i)
      {
        continue;
      }
      const float value = Membership(graph.RowDistances(i)[c], smooth.Rho[i], smooth.Sigma[i]);
      if (value > 0.0f)
      {
        triplets.emplace_back(static_cast<std::int32_t>(i), j, value);
      }
    }
  }
  using Sparse = Eigen::SparseMatrix<float, Eigen::RowMajor, std::int32_t>;
  Sparse p(n, n);
  // A repeated neighbour (a padded approximate row) must not add up beyond 1.
  p.setFromTriplets(
    triplets.begin(), triplets.end(), [](float x, float y) { return std::max(x, y); });
  const Sparse pt = p.transpose();
  const Sparse product = p.cwiseProduct(pt);
  Sparse w = setOpMixRatio * (p + pt - product) + (1.0f - setOpMixRatio) * product;
  w.prune(0.0f);
  w.makeCompressed();

  FuzzyGraph fuzzy;
  fuzzy.NumberOfPoints = n;
  fuzzy.RowStart.assign(w.outerIndexPtr(), w.outerIndexPtr() + n + 1);
  fuzzy.Columns.assign(w.innerIndexPtr(), w.innerIndexPtr() + w.nonZeros());
  fuzzy.Weights.assign(w.valuePtr(), w.valuePtr() + w.nonZeros());
  return fuzzy;
}

//------------------------------------------------------------------------------
std::pair<float, float> FitCurveParameters(float minimumDistance, float spread)
{
  if (!(spread > 0.0f) || !(minimumDistance >= 0.0f) || minimumDistance > spread)
  {
    throw InvalidInput("the minimum distance must be in [0, spread] and the spread positive");
  }
  // umap-learn: 300 points on [0, 3 spread]; target 1 below min_dist, exp decay above.
  constexpr int count = 300;
  std::vector<double> x(count), y(count);
  for (int i = 0; i < count; ++i)
  {
    x[i] = 3.0 * spread * i / (count - 1);
    y[i] = x[i] < minimumDistance ? 1.0 : std::exp(-(x[i] - minimumDistance) / spread);
  }
  auto cost = [&](double a, double b)
  {
    double sum = 0.0;
    for (int i = 0; i < count; ++i)
    {
      const double r = 1.0 / (1.0 + a * std::pow(x[i], 2.0 * b)) - y[i];
      sum += r * r;
    }
    return sum;
  };
  // Levenberg-Marquardt from (1, 1), as scipy's curve_fit.
  double a = 1.0, b = 1.0, lambda = 1e-3;
  double current = cost(a, b);
  for (int iteration = 0; iteration < 500; ++iteration)
  {
    Eigen::Matrix2d jtj = Eigen::Matrix2d::Zero();
    Eigen::Vector2d jtr = Eigen::Vector2d::Zero();
    for (int i = 0; i < count; ++i)
    {
      if (x[i] <= 0.0)
      {
        continue; // f = 1 and both derivatives vanish at x = 0
      }
      const double power = std::pow(x[i], 2.0 * b);
      const double denominator = 1.0 + a * power;
      const double r = 1.0 / denominator - y[i];
      const Eigen::Vector2d jacobian(-power / (denominator * denominator),
        -a * power * 2.0 * std::log(x[i]) / (denominator * denominator));
      jtj += jacobian * jacobian.transpose();
      jtr += jacobian * r;
    }
    bool improved = false;
    while (lambda < 1e12)
    {
      Eigen::Matrix2d damped = jtj;
      damped.diagonal() *= 1.0 + lambda;
      const Eigen::Vector2d step = damped.ldlt().solve(-jtr);
      const double candidate = cost(a + step[0], b + step[1]);
      if (candidate < current)
      {
        a += step[0];
        b += step[1];
        const double change = current - candidate;
        current = candidate;
        lambda = std::max(lambda / 10.0, 1e-12);
        improved = change > 1e-15 * std::max(current, 1e-300);
        break;
      }
      lambda *= 10.0;
    }
    if (!improved)
    {
      break;
    }
  }
  return { static_cast<float>(a), static_cast<float>(b) };
}

//------------------------------------------------------------------------------
std::int64_t CountComponents(const FuzzyGraph& graph)
{
  std::vector<std::int64_t> parent(graph.NumberOfPoints);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::int64_t v)
  {
    while (parent[v] != v)
    {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  std::int64_t components = graph.NumberOfPoints;
  for (std::int64_t i = 0; i < graph.NumberOfPoints; ++i)
  {
    for (std::int64_t e = graph.RowStart[i]; e < graph.RowStart[i + 1]; ++e)
    {
      const std::int64_t a = find(i), b = find(graph.Columns[e]);
      if (a != b)
      {
        parent[std::max(a, b)] = std::min(a, b);
        --components;
      }
    }
  }
  return components;
}

//------------------------------------------------------------------------------
MatrixRM SpectralLayout(const FuzzyGraph& graph, int dims)
{
  const std::int64_t n = graph.NumberOfPoints;
  if (n <= dims + 1 || CountComponents(graph) != 1)
  {
    return {};
  }
  std::vector<double> inverseRootDegree(n);
  for (std::int64_t i = 0; i < n; ++i)
  {
    double degree = 0.0;
    for (std::int64_t e = graph.RowStart[i]; e < graph.RowStart[i + 1]; ++e)
    {
      degree += graph.Weights[e];
    }
    inverseRootDegree[i] = degree > 0.0 ? 1.0 / std::sqrt(degree) : 0.0;
  }
  const int nev = dims + 1;
  Eigen::MatrixXd vectors;
  if (n <= 1000)
  {
    // Small graphs: a dense solve is exact and cheaper than setting up Lanczos.
    Eigen::MatrixXd dense = Eigen::MatrixXd::Identity(n, n);
    for (std::int64_t i = 0; i < n; ++i)
    {
      for (std::int64_t e = graph.RowStart[i]; e < graph.RowStart[i + 1]; ++e)
      {
        const std::int32_t j = graph.Columns[e];
        dense(i, j) += graph.Weights[e] * inverseRootDegree[i] * inverseRootDegree[j];
      }
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(dense);
    if (solver.info() != Eigen::Success)
    {
      return {};
    }
    // Ascending eigenvalues: the largest are at the end; drop the top one (D^1/2 1).
    vectors.resize(n, dims);
    for (int c = 0; c < dims; ++c)
    {
      vectors.col(c) = solver.eigenvectors().col(n - 2 - c);
    }
  }
  else
  {
    NormalizedAdjacencyProduct op(graph, inverseRootDegree);
    const Eigen::Index ncv = std::min<Eigen::Index>(n, std::max(2 * nev + 1, 20));
    Spectra::SymEigsSolver<NormalizedAdjacencyProduct> solver(op, nev, ncv);
    solver.init();
    solver.compute(Spectra::SortRule::LargestAlge, 1000, 1e-6);
    if (solver.info() != Spectra::CompInfo::Successful)
    {
      return {};
    }
    // Spectra returns eigenvalues in decreasing order: columns 1..dims are the wanted ones.
    vectors = solver.eigenvectors().middleCols(1, dims);
  }
  return vectors.cast<float>();
}

//------------------------------------------------------------------------------
double FuzzyCrossEntropy(const FuzzyGraph& graph, const MatrixRM& embedding, float a, float b,
  std::uint64_t seed, int numberOfThreads)
{
  const std::int64_t n = graph.NumberOfPoints;
  if (n < 2)
  {
    return 0.0;
  }
  const int threads = ResolveThreadCount(numberOfThreads);
  constexpr double epsilon = 1e-4; // keeps log finite for w -> 0 or 1 (parametric UMAP's EPS)
  auto similarity = [&](std::int64_t i, std::int64_t j)
  {
    const double d2 = (embedding.row(i) - embedding.row(j)).squaredNorm();
    const double w = 1.0 / (1.0 + a * std::pow(d2, static_cast<double>(b)));
    return std::min(1.0 - epsilon, std::max(epsilon, w));
  };

  const double edges = OrderedSum(n, threads,
    [&](std::int64_t i)
    {
      double sum = 0.0;
      for (std::int64_t e = graph.RowStart[i]; e < graph.RowStart[i + 1]; ++e)
      {
        const std::int32_t j = graph.Columns[e];
        if (j <= i)
        {
          continue; // each unordered pair once
        }
        const double v = std::min(1.0, static_cast<double>(graph.Weights[e]));
        const double w = similarity(i, j);
        sum += (v > 0.0 ? v * std::log(v / w) : 0.0) +
          (v < 1.0 ? (1.0 - v) * std::log((1.0 - v) / (1.0 - w)) : 0.0);
      }
      return sum;
    });

  const double allPairs = 0.5 * static_cast<double>(n) * static_cast<double>(n - 1);
  constexpr std::int64_t samples = 2000000;
  double nonEdges = 0.0;
  if (allPairs <= static_cast<double>(samples))
  {
    nonEdges = OrderedSum(n, threads,
      [&](std::int64_t i)
      {
        double sum = 0.0;
        for (std::int64_t j = i + 1; j < n; ++j)
        {
          if (graph.Weight(i, static_cast<std::int32_t>(j)) == 0.0f)
          {
            sum -= std::log(1.0 - similarity(i, j));
          }
        }
        return sum;
      });
  }
  else
  {
    // Ordered pairs drawn uniformly from n^2; a draw on the diagonal or on an edge scores 0 and
    // still counts, so mean * n^2 / 2 estimates the unordered non-edge sum without bias.
    const double sum = OrderedSum(samples, threads,
      [&](std::int64_t s)
      {
        std::uint64_t state = seed * 0x2545F4914F6CDD1Dull + static_cast<std::uint64_t>(s);
        const std::int64_t i = detail::UniformIndex(detail::SplitMix64(state), n);
        const std::int64_t j = detail::UniformIndex(detail::SplitMix64(state), n);
        if (i == j || graph.Weight(i, static_cast<std::int32_t>(j)) != 0.0f)
        {
          return 0.0;
        }
        return -std::log(1.0 - similarity(i, j));
      });
    nonEdges = sum / static_cast<double>(samples) * 0.5 * double(n) * double(n);
  }
  return edges + nonEdges;
}

//------------------------------------------------------------------------------
int DefaultNumberOfEpochs(std::int64_t numberOfPoints)
{
  return numberOfPoints <= 10000 ? 500 : 200;
}

//------------------------------------------------------------------------------
void CheckUMAPOptions(const UMAPOptions& options, std::int64_t n)
{
  if (options.NumberOfComponents < 1)
  {
    throw InvalidInput("the number of components must be at least 1");
  }
  if (options.NumberOfNeighbors < 2)
  {
    throw InvalidInput("the number of neighbors must be at least 2");
  }
  if (n < options.NumberOfNeighbors + 1)
  {
    throw InvalidInput("UMAP with " + std::to_string(options.NumberOfNeighbors) +
      " neighbors needs at least " + std::to_string(options.NumberOfNeighbors + 1) +
      " samples, got " + std::to_string(n));
  }
  if (!(options.Spread > 0.0f) || !(options.MinimumDistance >= 0.0f) ||
    options.MinimumDistance > options.Spread)
  {
    throw InvalidInput("the minimum distance must be between 0 and the spread, and the spread "
                       "positive");
  }
  if (options.NumberOfEpochs < 0)
  {
    throw InvalidInput("the number of epochs must be 0 (automatic) or positive");
  }
  if (options.NegativeSampleRate < 0 || !(options.LearningRate > 0.0f))
  {
    throw InvalidInput("the learning rate must be positive and the negative sample rate >= 0");
  }
  if (options.Initialization == UMAPInitialization::Array && !options.InitializationArray)
  {
    throw InvalidInput("array initialisation needs an initialisation array");
  }
}

//------------------------------------------------------------------------------
MatrixRM InitialLayout(
  const ConstMatrixMap& data, const FuzzyGraph& graph, const UMAPOptions& options)
{
  const std::int64_t n = graph.NumberOfPoints;
  const int dims = options.NumberOfComponents;
  std::mt19937_64 rng(options.Seed);
  MatrixRM layout;
  switch (options.Initialization)
  {
    case UMAPInitialization::Spectral:
      layout = SpectralLayout(graph, dims);
      if (layout.size() == 0)
      {
        // Disconnected graph or no convergence: umap-learn's random layout.
        layout = RandomLayout(n, dims, rng);
      }
      else
      {
        ExpandWithJitter(layout, rng);
      }
      break;
    case UMAPInitialization::Random:
      layout = RandomLayout(n, dims, rng);
      break;
    case UMAPInitialization::PCA:
      if (dims > data.cols())
      {
        throw InvalidInput("PCA initialisation needs at most as many components as features (" +
          std::to_string(data.cols()) + ")");
      }
      layout = ComputePCA(data, dims, options.NumberOfThreads).Scores;
      ExpandWithJitter(layout, rng);
      break;
    case UMAPInitialization::Array:
      layout = ConstMatrixMap(options.InitializationArray, n, dims);
      CheckFinite(layout.data(), layout.size(), "the initialisation array");
      break;
  }
  ScaleToBox(layout);
  return layout;
}

//------------------------------------------------------------------------------
void OptimizeLayout(MatrixRM& embedding, const FuzzyGraph& graph, float a, float b,
  const UMAPOptions& options, int numberOfEpochs, const ProgressCallback& progress)
{
  const int threads = ResolveThreadCount(options.NumberOfThreads);
  detail::LayoutOptimizer optimizer(graph, numberOfEpochs, options.NegativeSampleRate, threads);
  const int dims = static_cast<int>(embedding.cols());
  for (int epoch = 0; epoch < numberOfEpochs; ++epoch)
  {
    const float alpha = options.LearningRate * (1.0f - float(epoch) / float(numberOfEpochs));
    optimizer.RunEpoch(embedding.data(), dims, epoch, alpha, a, b, options.RepulsionStrength,
      options.Seed, detail::NoPull());
    ReportProgress(progress, double(epoch + 1) / numberOfEpochs);
  }
}

//------------------------------------------------------------------------------
UMAPResult ComputeUMAP(
  const ConstMatrixMap& data, const UMAPOptions& options, const ProgressCallback& progress)
{
  const std::int64_t n = data.rows();
  CheckUMAPOptions(options, n);
  if (data.cols() < 1)
  {
    throw InvalidInput("the data have no features");
  }
  CheckFinite(data.data(), data.size(), "the data");
  if (((data.rowwise() - data.row(0)).cwiseAbs().maxCoeff()) == 0.0f)
  {
    throw InvalidInput("all " + std::to_string(n) + " samples are identical: there is no "
      "structure to embed");
  }

  const NeighborGraph neighbors = Neighbors(data, options.NumberOfNeighbors, options.Distance,
    options.NumberOfThreads, options.Seed, ProgressPhase(progress, 0.0, 0.4));
  const FuzzyGraph graph = FuzzySimplicialSet(
    neighbors, options.SetOpMixRatio, options.LocalConnectivity, options.NumberOfThreads);
  ReportProgress(progress, 0.45);
  const auto [a, b] = FitCurveParameters(options.MinimumDistance, options.Spread);
  UMAPResult result;
  result.Embedding = InitialLayout(data, graph, options);
  ReportProgress(progress, 0.5);
  result.NumberOfEpochs =
    options.NumberOfEpochs > 0 ? options.NumberOfEpochs : DefaultNumberOfEpochs(n);
  OptimizeLayout(
    result.Embedding, graph, a, b, options, result.NumberOfEpochs, ProgressPhase(progress, 0.5, 0.98));
  result.Loss =
    FuzzyCrossEntropy(graph, result.Embedding, a, b, options.Seed, options.NumberOfThreads);
  ReportProgress(progress, 1.0);
  return result;
}

//------------------------------------------------------------------------------
FuzzyGraph TransformGraph(
  const NeighborGraph& neighbors, Metric metric, float localConnectivity, int numberOfThreads)
{
  // umap-learn lowers the local connectivity by one: a new sample need not be fully connected
  // to its nearest fitted sample.
  const SmoothDistances smooth = SmoothKNNDistances(
    neighbors, std::max(0.0f, localConnectivity - 1.0f), 1.0f, numberOfThreads);
  FuzzyGraph graph;
  graph.NumberOfPoints = neighbors.NumberOfPoints;
  graph.RowStart.assign(1, 0);
  std::vector<std::pair<std::int32_t, float>> row;
  for (std::int64_t i = 0; i < neighbors.NumberOfPoints; ++i)
  {
    row.clear();
    for (int c = 0; c < neighbors.K; ++c)
    {
      const float distance = neighbors.RowDistances(i)[c];
      // umap-learn's disconnection distance: opposite directions share nothing.
      if (metric == Metric::Cosine && distance >= 2.0f)
      {
        continue;
      }
      row.emplace_back(
        neighbors.RowIndices(i)[c], Membership(distance, smooth.Rho[i], smooth.Sigma[i]));
    }
    std::sort(row.begin(), row.end());
    for (std::size_t e = 0; e < row.size(); ++e)
    {
      // A repeated neighbour (a padded approximate row) counts once.
      if (e > 0 && row[e].first == row[e - 1].first)
      {
        graph.Weights.back() = std::max(graph.Weights.back(), row[e].second);
        continue;
      }
      graph.Columns.push_back(row[e].first);
      graph.Weights.push_back(row[e].second);
    }
    graph.RowStart.push_back(graph.NumberOfEntries());
  }
  return graph;
}

//------------------------------------------------------------------------------
MatrixRM TransformInitialLayout(const FuzzyGraph& graph, const ConstMatrixMap& fittedEmbedding)
{
  MatrixRM layout = MatrixRM::Zero(graph.NumberOfPoints, fittedEmbedding.cols());
  for (std::int64_t i = 0; i < graph.NumberOfPoints; ++i)
  {
    const std::int64_t first = graph.RowStart[i];
    const std::int64_t end = graph.RowStart[i + 1];
    if (first == end)
    {
      layout.row(i).setConstant(std::numeric_limits<float>::quiet_NaN());
      continue;
    }
    const auto exact = std::find(graph.Weights.begin() + first, graph.Weights.begin() + end, 1.0f);
    if (exact != graph.Weights.begin() + end)
    {
      // A copy of a fitted sample starts at its place.
      layout.row(i) = fittedEmbedding.row(graph.Columns[exact - graph.Weights.begin()]);
      continue;
    }
    double total = 0.0;
    for (std::int64_t e = first; e < end; ++e)
    {
      total += graph.Weights[e];
    }
    for (std::int64_t e = first; e < end; ++e)
    {
      layout.row(i) += static_cast<float>(graph.Weights[e] / total) *
        fittedEmbedding.row(graph.Columns[e]);
    }
  }
  return layout;
}

//------------------------------------------------------------------------------
int TransformNumberOfEpochs(const UMAPOptions& options, std::int64_t numberOfNewPoints)
{
  if (options.NumberOfEpochs > 0)
  {
    return std::max(1, options.NumberOfEpochs / 3);
  }
  return numberOfNewPoints <= 10000 ? 100 : 30;
}

//------------------------------------------------------------------------------
MatrixRM TransformUMAP(const ConstMatrixMap& fittedData, const ConstMatrixMap& fittedEmbedding,
  const ConstMatrixMap& newData, const UMAPOptions& options, const ProgressCallback& progress)
{
  const std::int64_t fitted = fittedData.rows();
  CheckUMAPOptions(options, fitted);
  if (fittedEmbedding.rows() != fitted)
  {
    throw InvalidInput("the fitted embedding has " + std::to_string(fittedEmbedding.rows()) +
      " rows for " + std::to_string(fitted) + " fitted samples");
  }
  if (fittedEmbedding.cols() < 1)
  {
    throw InvalidInput("the fitted embedding has no components");
  }
  CheckFinite(fittedData.data(), fittedData.size(), "the fitted data");
  CheckFinite(fittedEmbedding.data(), fittedEmbedding.size(), "the fitted embedding");
  CheckFinite(newData.data(), newData.size(), "the new data");
  if (newData.rows() == 0)
  {
    return MatrixRM(0, fittedEmbedding.cols());
  }

  const NeighborGraph neighbors = QueryNeighbors(fittedData, newData, options.NumberOfNeighbors,
    options.Distance, options.NumberOfThreads, options.Seed, ProgressPhase(progress, 0.0, 0.6));
  const FuzzyGraph graph = TransformGraph(
    neighbors, options.Distance, options.LocalConnectivity, options.NumberOfThreads);
  MatrixRM layout = TransformInitialLayout(graph, fittedEmbedding);
  ReportProgress(progress, 0.65);

  const auto [a, b] = FitCurveParameters(options.MinimumDistance, options.Spread);
  const int epochs = TransformNumberOfEpochs(options, newData.rows());
  const int threads = ResolveThreadCount(options.NumberOfThreads);
  detail::LayoutOptimizer optimizer(graph, epochs, options.NegativeSampleRate, threads,
    fittedEmbedding.data(), fitted);
  const int dims = static_cast<int>(layout.cols());
  // umap-learn's transform starts at a quarter of the fit's learning rate.
  const float initialAlpha = options.LearningRate / 4.0f;
  const ProgressCallback optimizing = ProgressPhase(progress, 0.65, 1.0);
  for (int epoch = 0; epoch < epochs; ++epoch)
  {
    const float alpha = initialAlpha * (1.0f - float(epoch) / float(epochs));
    optimizer.RunEpoch(layout.data(), dims, epoch, alpha, a, b, options.RepulsionStrength,
      options.Seed, detail::NoPull());
    ReportProgress(optimizing, double(epoch + 1) / epochs);
  }
  return layout;
}

namespace detail
{

//------------------------------------------------------------------------------
LayoutOptimizer::LayoutOptimizer(const FuzzyGraph& graph, int numberOfEpochs,
  int negativeSampleRate, int numberOfThreads, const float* fixedTails, std::int64_t fixedTailCount)
  : Vertices(graph.NumberOfPoints)
  , Threads(std::max(1, numberOfThreads))
  , FixedTails(fixedTails)
  , TailVertices(fixedTails ? fixedTailCount : graph.NumberOfPoints)
{
  float largest = 0.0f;
  for (float w : graph.Weights)
  {
    largest = std::max(largest, w);
  }
  const float threshold = largest / static_cast<float>(numberOfEpochs);
  std::vector<std::int64_t> edgesBefore(graph.NumberOfPoints + 1, 0);
  for (std::int64_t i = 0; i < graph.NumberOfPoints; ++i)
  {
    for (std::int64_t e = graph.RowStart[i]; e < graph.RowStart[i + 1]; ++e)
    {
      const float w = graph.Weights[e];
      if (w < threshold || w <= 0.0f)
      {
        continue; // umap-learn drops edges too weak to be sampled once
      }
      const float perSample = largest / w;
      this->Head.push_back(static_cast<std::int32_t>(i));
      this->Tail.push_back(graph.Columns[e]);
      this->EpochsPerSample.push_back(perSample);
      this->EpochsPerNegative.push_back(negativeSampleRate > 0
          ? perSample / static_cast<float>(negativeSampleRate)
          : std::numeric_limits<float>::infinity());
    }
    edgesBefore[i + 1] = static_cast<std::int64_t>(this->Head.size());
  }
  this->NextSample = this->EpochsPerSample;
  this->NextNegative = this->EpochsPerNegative;

  // Contiguous vertex ranges with about the same number of edges each.
  const std::int64_t edges = static_cast<std::int64_t>(this->Head.size());
  this->ThreadVertexStart.assign(this->Threads + 1, static_cast<std::int32_t>(this->Vertices));
  this->ThreadEdgeStart.assign(this->Threads + 1, edges);
  this->ThreadVertexStart[0] = 0;
  this->ThreadEdgeStart[0] = 0;
  std::int64_t vertex = 0;
  for (int t = 1; t < this->Threads; ++t)
  {
    const std::int64_t target = edges * t / this->Threads;
    while (vertex < this->Vertices && edgesBefore[vertex] < target)
    {
      ++vertex;
    }
    this->ThreadVertexStart[t] = static_cast<std::int32_t>(vertex);
    this->ThreadEdgeStart[t] = edgesBefore[vertex];
  }
  if (this->Threads > 1 && !fixedTails)
  {
    this->Deltas.resize(this->Threads);
  }
}

} // namespace detail

} // namespace neurotour
