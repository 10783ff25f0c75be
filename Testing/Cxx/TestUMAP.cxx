// UMAP against known answers: umap-learn's a/b fit, hand-computed smooth k-NN distances and
// fuzzy union, the spectral layout of a ring, the loss estimator against its exact sum, blobs
// kept apart, determinism and bad input.
#include "NearestNeighbors.h"
#include "UMAP.h"
#include "UMAPOptimizer.h"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

#include <cmath>
#include <random>

using namespace neurotour;

namespace
{

struct Blobs
{
  MatrixRM Points;
  std::vector<int> Labels;
};

Blobs MakeBlobs(int clusters, int perCluster, int dims, float separation, unsigned seed)
{
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  Blobs blobs;
  blobs.Points.resize(clusters * perCluster, dims);
  for (int c = 0; c < clusters; ++c)
  {
    Eigen::VectorXf centre(dims);
    for (int d = 0; d < dims; ++d)
    {
      centre[d] = separation * normal(rng);
    }
    for (int i = 0; i < perCluster; ++i)
    {
      for (int d = 0; d < dims; ++d)
      {
        blobs.Points(c * perCluster + i, d) = centre[d] + normal(rng);
      }
      blobs.Labels.push_back(c);
    }
  }
  return blobs;
}

/// Leave-one-out k-NN classification accuracy in the embedding.
double KNNAccuracy(const MatrixRM& embedding, const std::vector<int>& labels, int k)
{
  const NeighborGraph graph = ExactNeighbors(
    ConstMatrixMap(embedding.data(), embedding.rows(), embedding.cols()), k + 1,
    Metric::Euclidean, 2);
  int correct = 0;
  for (std::int64_t i = 0; i < graph.NumberOfPoints; ++i)
  {
    std::vector<int> votes(*std::max_element(labels.begin(), labels.end()) + 1, 0);
    for (int c = 1; c <= k; ++c)
    {
      ++votes[labels[graph.RowIndices(i)[c]]];
    }
    correct += std::max_element(votes.begin(), votes.end()) - votes.begin() == labels[i];
  }
  return double(correct) / graph.NumberOfPoints;
}

NeighborGraph HandGraph(std::int64_t n, int k, std::vector<std::int32_t> indices,
  std::vector<float> distances)
{
  NeighborGraph graph;
  graph.NumberOfPoints = n;
  graph.K = k;
  graph.Indices = std::move(indices);
  graph.Distances = std::move(distances);
  return graph;
}

} // namespace

TEST(UMAP, CurveFitMatchesUmapLearn)
{
  // umap-learn 0.5.3's find_ab_params (scipy curve_fit) for spread 1.
  const struct
  {
    float minDist, a, b;
  } expected[] = { { 0.1f, 1.5769f, 0.8951f }, { 0.01f, 1.8956f, 0.8006f },
    { 0.001f, 1.9291f, 0.7915f } };
  for (const auto& e : expected)
  {
    const auto [a, b] = FitCurveParameters(e.minDist, 1.0f);
    EXPECT_NEAR(a, e.a, 2e-3) << "min_dist " << e.minDist;
    EXPECT_NEAR(b, e.b, 1e-3) << "min_dist " << e.minDist;
  }
  EXPECT_THROW(FitCurveParameters(2.0f, 1.0f), InvalidInput);
}

TEST(UMAP, BatchedPowersMatchStdPow)
{
  double worst = 0.0;
  for (float b : { 0.6f, 0.7915f, 0.8951f, 1.0f, 1.3f })
  {
    for (float x = 1e-8f; x < 1e5f; x *= 1.037f)
    {
      detail::Batch lanes;
      for (int l = 0; l < detail::BatchLanes; ++l)
      {
        lanes[l] = x * (1.0f + 0.01f * l);
      }
      const detail::Batch powers = detail::Powers(lanes, b);
      for (int l = 0; l < detail::BatchLanes; ++l)
      {
        const double expected = std::pow(double(lanes[l]), double(b));
        worst = std::max(worst, std::abs(powers[l] - expected) / expected);
      }
    }
    EXPECT_LT(detail::Powers(detail::Batch::Zero(), b)[0], 1e-30f);
  }
  EXPECT_LT(worst, 5e-6); // float rounding of y log x, up to ~15 here
}

TEST(UMAP, SmoothKNNDistancesHandComputed)
{
  // Row 0: distances 0, 1, 2, 3 -> rho = 1 and 1 + u + u^2 = log2(4) with u = exp(-1/sigma),
  // so u = (sqrt(5) - 1) / 2.
  // Row 1: a duplicate neighbour (distance 0) -> rho = 2 and the sum 1 + 1 + exp(-1/sigma)
  // exceeds 2 for every sigma: bisection halves sigma from 1 until exp(-1/sigma) is within the
  // 1e-5 tolerance, i.e. sigma = 1/16 (exp(-16) = 1.1e-7, exp(-8) = 3.4e-4).
  // Row 2: all neighbours coincide -> rho = 0, sigma collapses to its floor, 1e-3 times the
  // mean of all k-NN distances (11/12).
  const NeighborGraph graph = HandGraph(3, 4, { 0, 1, 1, 1, 1, 0, 0, 0, 2, 0, 0, 0 },
    { 0, 1, 2, 3, 0, 0, 2, 3, 0, 0, 0, 0 });
  const SmoothDistances smooth = SmoothKNNDistances(graph);
  const double u = (std::sqrt(5.0) - 1.0) / 2.0;
  EXPECT_FLOAT_EQ(smooth.Rho[0], 1.0f);
  EXPECT_NEAR(smooth.Sigma[0], -1.0 / std::log(u), 1e-4);
  EXPECT_FLOAT_EQ(smooth.Rho[1], 2.0f);
  EXPECT_FLOAT_EQ(smooth.Sigma[1], 1.0f / 16.0f);
  EXPECT_FLOAT_EQ(smooth.Rho[2], 0.0f);
  EXPECT_NEAR(smooth.Sigma[2], 1e-3 * 11.0 / 12.0, 1e-8);
}

TEST(UMAP, FuzzyUnionHandComputed)
{
  // Three points on a line at 0, 1, 3 with k = 3 (self + 2). Each row's nearest neighbour has
  // membership 1; the farther one exp(-(d - rho) / sigma).
  const NeighborGraph graph = HandGraph(
    3, 3, { 0, 1, 2, 1, 0, 2, 2, 1, 0 }, { 0, 1, 3, 0, 1, 2, 0, 2, 3 });
  const SmoothDistances smooth = SmoothKNNDistances(graph);
  auto membership = [&](int row, float d)
  {
    const float x = d - smooth.Rho[row];
    return x <= 0.0f ? 1.0f : std::exp(-x / smooth.Sigma[row]);
  };
  const float p01 = membership(0, 1), p02 = membership(0, 3);
  const float p10 = membership(1, 1), p12 = membership(1, 2);
  const float p21 = membership(2, 2), p20 = membership(2, 3);
  const FuzzyGraph fuzzy = FuzzySimplicialSet(graph);
  EXPECT_NEAR(fuzzy.Weight(0, 1), p01 + p10 - p01 * p10, 1e-6);
  EXPECT_NEAR(fuzzy.Weight(0, 2), p02 + p20 - p02 * p20, 1e-6);
  EXPECT_NEAR(fuzzy.Weight(1, 2), p12 + p21 - p12 * p21, 1e-6);
  EXPECT_NEAR(fuzzy.Weight(2, 1), fuzzy.Weight(1, 2), 1e-7);
  EXPECT_EQ(fuzzy.Weight(0, 0), 0.0f);
  // Intersection (mix ratio 0): the product only.
  const FuzzyGraph intersection = FuzzySimplicialSet(graph, 0.0f);
  EXPECT_NEAR(intersection.Weight(0, 1), p01 * p10, 1e-6);
}

TEST(UMAP, SpectralLayoutMatchesDenseEigenvectors)
{
  // Eigenvectors 2 and 3 of I + D^-1/2 W D^-1/2 for a k-NN graph of 1,200 points (the Lanczos
  // path), against Eigen's dense solver: the two subspaces must coincide.
  const Blobs blobs = MakeBlobs(1, 1200, 5, 0.0f, 9);
  const ConstMatrixMap data(blobs.Points.data(), blobs.Points.rows(), blobs.Points.cols());
  const FuzzyGraph graph = FuzzySimplicialSet(ExactNeighbors(data, 15, Metric::Euclidean, 2));
  const int n = static_cast<int>(graph.NumberOfPoints);
  Eigen::VectorXd degree = Eigen::VectorXd::Zero(n);
  for (int i = 0; i < n; ++i)
  {
    for (std::int64_t e = graph.RowStart[i]; e < graph.RowStart[i + 1]; ++e)
    {
      degree[i] += graph.Weights[e];
    }
  }
  Eigen::MatrixXd dense = Eigen::MatrixXd::Identity(n, n);
  for (int i = 0; i < n; ++i)
  {
    for (std::int64_t e = graph.RowStart[i]; e < graph.RowStart[i + 1]; ++e)
    {
      const int j = graph.Columns[e];
      dense(i, j) += graph.Weights[e] / std::sqrt(degree[i] * degree[j]);
    }
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(dense);
  const Eigen::MatrixXd expected = solver.eigenvectors().middleCols(n - 3, 2);
  const MatrixRM layout = SpectralLayout(graph, 2);
  ASSERT_EQ(layout.rows(), n);
  ASSERT_EQ(layout.cols(), 2);
  const Eigen::MatrixXd overlap = expected.transpose() * layout.cast<double>();
  const Eigen::VectorXd cosines = Eigen::JacobiSVD<Eigen::MatrixXd>(overlap).singularValues();
  EXPECT_GT(cosines.minCoeff(), 0.999);

  FuzzyGraph ring;
  ring.NumberOfPoints = 20;
  ring.RowStart.push_back(0);
  for (int i = 0; i < 20; ++i)
  {
    std::vector<int> neighbours = { (i + 1) % 20, (i + 19) % 20 };
    std::sort(neighbours.begin(), neighbours.end());
    for (int j : neighbours)
    {
      ring.Columns.push_back(j);
      ring.Weights.push_back(1.0f);
    }
    ring.RowStart.push_back(static_cast<std::int64_t>(ring.Columns.size()));
  }
  // A disconnected graph has no spectral layout (the caller falls back to random).
  FuzzyGraph two = ring;
  two.NumberOfPoints = 40;
  for (int i = 0; i < 20; ++i)
  {
    for (std::int64_t e = ring.RowStart[i]; e < ring.RowStart[i + 1]; ++e)
    {
      two.Columns.push_back(ring.Columns[e] + 20);
      two.Weights.push_back(1.0f);
    }
    two.RowStart.push_back(static_cast<std::int64_t>(two.Columns.size()));
  }
  EXPECT_EQ(CountComponents(two), 2);
  EXPECT_EQ(SpectralLayout(two, 2).size(), 0);
}

TEST(UMAP, SampledLossMatchesExactSum)
{
  const Blobs blobs = MakeBlobs(3, 700, 5, 3.0f, 11);
  const ConstMatrixMap data(blobs.Points.data(), blobs.Points.rows(), blobs.Points.cols());
  const FuzzyGraph graph = FuzzySimplicialSet(ExactNeighbors(data, 10, Metric::Euclidean, 2));
  const MatrixRM embedding = data.leftCols(2);
  const auto [a, b] = FitCurveParameters(0.1f, 1.0f);
  double exact = 0.0;
  for (int i = 0; i < data.rows(); ++i)
  {
    for (int j = i + 1; j < data.rows(); ++j)
    {
      const double d2 = (embedding.row(i) - embedding.row(j)).squaredNorm();
      const double w = std::clamp(1.0 / (1.0 + a * std::pow(d2, double(b))), 1e-4, 1 - 1e-4);
      const double v = graph.Weight(i, j);
      exact += (v > 0 ? v * std::log(v / w) : 0.0) +
        (v < 1 ? (1 - v) * std::log((1 - v) / (1 - w)) : 0.0);
    }
  }
  const double estimate = FuzzyCrossEntropy(graph, embedding, a, b, 3);
  EXPECT_NEAR(estimate, exact, 0.01 * exact);
}

TEST(UMAP, BlobsStayApart)
{
  const Blobs blobs = MakeBlobs(5, 200, 20, 6.0f, 5);
  const ConstMatrixMap data(blobs.Points.data(), blobs.Points.rows(), blobs.Points.cols());
  for (int dims : { 2, 3, 7 })
  {
    UMAPOptions options;
    options.NumberOfComponents = dims;
    options.NumberOfThreads = 2;
    const UMAPResult result = ComputeUMAP(data, options);
    ASSERT_EQ(result.Embedding.rows(), data.rows());
    ASSERT_EQ(result.Embedding.cols(), dims);
    EXPECT_TRUE(result.Embedding.allFinite());
    EXPECT_EQ(result.NumberOfEpochs, 500);
    EXPECT_GE(KNNAccuracy(result.Embedding, blobs.Labels, 10), 0.99) << dims << "-D";
    EXPECT_GT(result.Loss, 0.0);
  }
}

TEST(UMAP, InitializationsAndCosine)
{
  const Blobs blobs = MakeBlobs(4, 150, 10, 6.0f, 8);
  const ConstMatrixMap data(blobs.Points.data(), blobs.Points.rows(), blobs.Points.cols());
  MatrixRM start = data.leftCols(2);
  for (auto init : { UMAPInitialization::Random, UMAPInitialization::PCA,
         UMAPInitialization::Array })
  {
    UMAPOptions options;
    options.Initialization = init;
    options.InitializationArray = start.data();
    options.Distance = Metric::Cosine;
    options.NumberOfEpochs = 200;
    const UMAPResult result = ComputeUMAP(data, options);
    EXPECT_TRUE(result.Embedding.allFinite());
    EXPECT_GE(KNNAccuracy(result.Embedding, blobs.Labels, 10), 0.98);
  }
}

TEST(UMAP, DeterministicForSeedAndThreads)
{
  // A connected data set (one wide blob) so the spectral path and the multithreaded SGD run.
  const Blobs blobs = MakeBlobs(1, 1500, 8, 0.0f, 2);
  const ConstMatrixMap data(blobs.Points.data(), blobs.Points.rows(), blobs.Points.cols());
  UMAPOptions options;
  options.NumberOfThreads = 2;
  options.NumberOfEpochs = 100;
  options.Seed = 7;
  const UMAPResult first = ComputeUMAP(data, options);
  const UMAPResult second = ComputeUMAP(data, options);
  EXPECT_TRUE(first.Embedding == second.Embedding);
  EXPECT_EQ(first.Loss, second.Loss);
  options.Seed = 8;
  const UMAPResult other = ComputeUMAP(data, options);
  EXPECT_FALSE(first.Embedding == other.Embedding);
}

TEST(UMAP, BadInput)
{
  Blobs blobs = MakeBlobs(2, 20, 3, 5.0f, 1);
  const ConstMatrixMap data(blobs.Points.data(), blobs.Points.rows(), blobs.Points.cols());
  UMAPOptions options;
  options.NumberOfComponents = 0;
  EXPECT_THROW(ComputeUMAP(data, options), InvalidInput);
  options = {};
  options.NumberOfNeighbors = 40; // 40 samples, 41 needed
  EXPECT_THROW(ComputeUMAP(data, options), InvalidInput);
  options = {};
  options.MinimumDistance = 2.0f;
  EXPECT_THROW(ComputeUMAP(data, options), InvalidInput);
  options = {};
  options.Initialization = UMAPInitialization::Array;
  EXPECT_THROW(ComputeUMAP(data, options), InvalidInput);

  MatrixRM same = MatrixRM::Constant(30, 4, 1.5f);
  EXPECT_THROW(ComputeUMAP(ConstMatrixMap(same.data(), 30, 4), UMAPOptions()), InvalidInput);

  MatrixRM withNaN = blobs.Points;
  withNaN(3, 1) = std::nanf("");
  EXPECT_THROW(
    ComputeUMAP(ConstMatrixMap(withNaN.data(), withNaN.rows(), withNaN.cols()), UMAPOptions()),
    InvalidInput);

  EXPECT_THROW(ComputeUMAP(data, UMAPOptions(), [](double) { return false; }), Aborted);
}

TEST(UMAP, DuplicatePointsEmbedTogether)
{
  Blobs blobs = MakeBlobs(3, 100, 6, 6.0f, 4);
  for (int i = 0; i < 40; ++i)
  {
    blobs.Points.row(100 + i) = blobs.Points.row(100); // 40 copies of one point
  }
  const ConstMatrixMap data(blobs.Points.data(), blobs.Points.rows(), blobs.Points.cols());
  UMAPOptions options;
  options.NumberOfThreads = 2;
  const UMAPResult result = ComputeUMAP(data, options);
  ASSERT_TRUE(result.Embedding.allFinite());
  EXPECT_GE(KNNAccuracy(result.Embedding, blobs.Labels, 10), 0.98);
}

TEST(UMAP, TransformGraphHandComputed)
{
  // One new sample with neighbours 7, 3, 5, 1 at 0.5, 1, 1, 2 (k = 4). The local
  // connectivity drops to 0, so rho = 0, and the bisection (over columns 1..3, as umap-learn)
  // solves 2u + u^2 = log2(4) with u = exp(-1/sigma): u = sqrt(3) - 1. Memberships are u^d,
  // column 0 included (a fit would give it 1), in ascending column order.
  const NeighborGraph neighbors = HandGraph(1, 4, { 7, 3, 5, 1 }, { 0.5f, 1, 1, 2 });
  const FuzzyGraph graph = TransformGraph(neighbors, Metric::Euclidean);
  const double u = std::sqrt(3.0) - 1.0;
  ASSERT_EQ(graph.NumberOfPoints, 1);
  ASSERT_EQ(graph.Columns, (std::vector<std::int32_t>{ 1, 3, 5, 7 }));
  EXPECT_NEAR(graph.Weights[0], u * u, 1e-4);
  EXPECT_NEAR(graph.Weights[1], u, 1e-4);
  EXPECT_NEAR(graph.Weights[2], u, 1e-4);
  EXPECT_NEAR(graph.Weights[3], std::sqrt(u), 1e-4);
  // Cosine neighbours at distance 2 (opposite directions) are left out.
  const NeighborGraph opposite = HandGraph(1, 3, { 0, 1, 2 }, { 0.5f, 1.0f, 2.0f });
  EXPECT_EQ(TransformGraph(opposite, Metric::Cosine).Columns, (std::vector<std::int32_t>{ 0, 1 }));
}

TEST(UMAP, TransformInitialLayoutHandComputed)
{
  // Row 0: weights 1/4 and 3/4 on fitted samples 0 and 2 -> (0.25 * (0, 0) + 0.75 * (4, 8)).
  // Row 1: a copy of fitted sample 1 (membership 1) starts exactly there. Row 2: no neighbours.
  FuzzyGraph graph;
  graph.NumberOfPoints = 3;
  graph.RowStart = { 0, 2, 4, 4 };
  graph.Columns = { 0, 2, 1, 2 };
  graph.Weights = { 0.1f, 0.3f, 1.0f, 0.5f };
  MatrixRM fitted(3, 2);
  fitted << 0, 0, 1, -1, 4, 8;
  const MatrixRM layout = TransformInitialLayout(graph, ConstMatrixMap(fitted.data(), 3, 2));
  EXPECT_NEAR(layout(0, 0), 3.0f, 1e-6);
  EXPECT_NEAR(layout(0, 1), 6.0f, 1e-6);
  EXPECT_EQ(layout(1, 0), 1.0f);
  EXPECT_EQ(layout(1, 1), -1.0f);
  EXPECT_TRUE(std::isnan(layout(2, 0)));
}

TEST(UMAP, TransformEpochsAsUmapLearn)
{
  UMAPOptions options;
  EXPECT_EQ(TransformNumberOfEpochs(options, 10000), 100);
  EXPECT_EQ(TransformNumberOfEpochs(options, 10001), 30);
  options.NumberOfEpochs = 200;
  EXPECT_EQ(TransformNumberOfEpochs(options, 5), 66);
  options.NumberOfEpochs = 2;
  EXPECT_EQ(TransformNumberOfEpochs(options, 5), 1);
}

TEST(UMAP, TransformPlacesNewSamplesBesideTheirClass)
{
  // Five blobs; 200 samples of each are fitted and 40 more of each placed. A new sample's 10
  // nearest fitted samples in the embedding must be of its blob, the fitted embedding must not
  // move, and the result must not depend on the thread count.
  const int clusters = 5, fitted = 200, placed = 40, dims = 20;
  const Blobs blobs = MakeBlobs(clusters, fitted + placed, dims, 6.0f, 11);
  MatrixRM fitData(clusters * fitted, dims), newData(clusters * placed, dims);
  std::vector<int> fitLabels, newLabels;
  for (int c = 0; c < clusters; ++c)
  {
    for (int i = 0; i < fitted + placed; ++i)
    {
      const int row = c * (fitted + placed) + i;
      if (i < fitted)
      {
        fitData.row(static_cast<Eigen::Index>(fitLabels.size())) = blobs.Points.row(row);
        fitLabels.push_back(c);
      }
      else
      {
        newData.row(static_cast<Eigen::Index>(newLabels.size())) = blobs.Points.row(row);
        newLabels.push_back(c);
      }
    }
  }
  const ConstMatrixMap fitMap(fitData.data(), fitData.rows(), dims);
  const ConstMatrixMap newMap(newData.data(), newData.rows(), dims);
  UMAPOptions options;
  options.NumberOfThreads = 2;
  const UMAPResult fit = ComputeUMAP(fitMap, options);
  const MatrixRM fittedCopy = fit.Embedding;
  const ConstMatrixMap embedding(fit.Embedding.data(), fit.Embedding.rows(), 2);
  const MatrixRM placedLayout = TransformUMAP(fitMap, embedding, newMap, options);
  EXPECT_TRUE(fit.Embedding == fittedCopy);
  ASSERT_EQ(placedLayout.rows(), newData.rows());
  ASSERT_TRUE(placedLayout.allFinite());

  const NeighborGraph nearest = QueryNeighbors(embedding,
    ConstMatrixMap(placedLayout.data(), placedLayout.rows(), 2), 10, Metric::Euclidean, 2, 1);
  int agree = 0;
  for (std::int64_t i = 0; i < nearest.NumberOfPoints; ++i)
  {
    for (int c = 0; c < 10; ++c)
    {
      agree += fitLabels[nearest.RowIndices(i)[c]] == newLabels[i];
    }
  }
  EXPECT_GE(agree / (10.0 * nearest.NumberOfPoints), 0.99);

  options.NumberOfThreads = 1;
  EXPECT_TRUE(TransformUMAP(fitMap, embedding, newMap, options) == placedLayout);
  options.Seed = 43;
  EXPECT_FALSE(TransformUMAP(fitMap, embedding, newMap, options) == placedLayout);
}

TEST(UMAP, TransformOfFittedSamplesStaysNearThem)
{
  // Copies of the fitted samples start at their places (membership 1) and the SGD, with the
  // fitted layout fixed, keeps them close: well within a blob's extent.
  const Blobs blobs = MakeBlobs(3, 150, 10, 6.0f, 4);
  const ConstMatrixMap data(blobs.Points.data(), blobs.Points.rows(), blobs.Points.cols());
  UMAPOptions options;
  const UMAPResult fit = ComputeUMAP(data, options);
  const ConstMatrixMap embedding(fit.Embedding.data(), fit.Embedding.rows(), 2);
  const MatrixRM again = TransformUMAP(data, embedding, data, options);
  std::vector<float> moved(again.rows());
  for (Eigen::Index i = 0; i < again.rows(); ++i)
  {
    moved[i] = (again.row(i) - fit.Embedding.row(i)).norm();
  }
  std::nth_element(moved.begin(), moved.begin() + moved.size() / 2, moved.end());
  const float spread = std::sqrt(
    (fit.Embedding.rowwise() - fit.Embedding.colwise().mean()).squaredNorm() / again.rows());
  EXPECT_LT(moved[moved.size() / 2], 0.1f * spread);
}

TEST(UMAP, TransformBadInput)
{
  const Blobs blobs = MakeBlobs(2, 30, 4, 5.0f, 1);
  const ConstMatrixMap data(blobs.Points.data(), blobs.Points.rows(), blobs.Points.cols());
  MatrixRM embedding = MatrixRM::Random(60, 2);
  const ConstMatrixMap fitted(embedding.data(), 60, 2);
  UMAPOptions options;
  // New samples with another number of features.
  EXPECT_THROW(TransformUMAP(data, fitted, ConstMatrixMap(blobs.Points.data(), 20, 3), options),
    InvalidInput);
  // An embedding of other rows than the fitted data.
  EXPECT_THROW(TransformUMAP(data, ConstMatrixMap(embedding.data(), 59, 2), data, options),
    InvalidInput);
  // NaN among the new samples.
  MatrixRM withNaN = blobs.Points.topRows(5);
  withNaN(2, 3) = std::nanf("");
  EXPECT_THROW(TransformUMAP(data, fitted, ConstMatrixMap(withNaN.data(), 5, 4), options),
    InvalidInput);
  // More neighbours than fitted samples.
  options.NumberOfNeighbors = 60;
  EXPECT_THROW(TransformUMAP(data, fitted, data, options), InvalidInput);
  options = {};
  EXPECT_THROW(TransformUMAP(data, fitted, data, options, [](double) { return false; }), Aborted);
}
