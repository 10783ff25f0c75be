// t-SNE against known answers: each row's entropy at log(perplexity), the gradient against
// finite differences of the KL divergence, the grid's repulsion against the exact sum, the
// attraction and KL by hand, blobs kept apart, determinism and bad input.
#include "NearestNeighbors.h"
#include "TSNE.h"
#include "TestMatrices.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace neurotour;

namespace
{

/// A hand-made graph: row i's neighbours are i + 1 and i + 2 (mod n) at distances 1 and 2, so
/// P + P^T keeps each conditional affinity in its own entry.
NeighborGraph RingGraph(std::int64_t n)
{
  NeighborGraph graph;
  graph.NumberOfPoints = n;
  graph.K = 3;
  for (std::int64_t i = 0; i < n; ++i)
  {
    graph.Indices.insert(graph.Indices.end(), { static_cast<std::int32_t>(i),
      static_cast<std::int32_t>((i + 1) % n), static_cast<std::int32_t>((i + 2) % n) });
    graph.Distances.insert(graph.Distances.end(), { 0.0f, 1.0f, 2.0f });
  }
  return graph;
}

/// Dense P of a small data set, every other point a neighbour.
TSNEAffinities DenseAffinities(const MatrixRM& data, double perplexity)
{
  const NeighborGraph graph = ExactNeighbors(
    fixtures::View(data), static_cast<int>(data.rows()), Metric::Euclidean, 1);
  return ComputeTSNEAffinities(graph, perplexity, Metric::Euclidean, 1);
}

/// KL(P || Q) summed over every pair, Q normalised over every pair.
double BruteForceKL(const TSNEAffinities& affinities, const MatrixRMd& y)
{
  const Eigen::Index n = y.rows();
  double z = 0.0;
  for (Eigen::Index i = 0; i < n; ++i)
  {
    for (Eigen::Index j = 0; j < n; ++j)
    {
      z += i != j ? 1.0 / (1.0 + (y.row(i) - y.row(j)).squaredNorm()) : 0.0;
    }
  }
  double kl = 0.0;
  for (Eigen::Index i = 0; i < n; ++i)
  {
    for (Eigen::Index j = 0; j < n; ++j)
    {
      const double p = i != j ? affinities.Value(i, static_cast<std::int32_t>(j)) : 0.0;
      if (p > 0.0)
      {
        const double q = 1.0 / (1.0 + (y.row(i) - y.row(j)).squaredNorm()) / z;
        kl += p * std::log(p / q);
      }
    }
  }
  return kl;
}

MatrixRMd RandomLayout(Eigen::Index n, int dims, double scale, unsigned seed)
{
  return fixtures::RandomMatrix(n, dims, seed).cast<double>() * scale;
}

/// Leave-one-out k-NN accuracy in the embedding, with points labelled by row % clusters.
double KNNAccuracy(const MatrixRM& embedding, int clusters, int k)
{
  const NeighborGraph graph =
    ExactNeighbors(fixtures::View(embedding), k + 1, Metric::Euclidean, 2);
  int correct = 0;
  for (std::int64_t i = 0; i < graph.NumberOfPoints; ++i)
  {
    int same = 0;
    for (int a = 1; a <= k; ++a)
    {
      same += graph.RowIndices(i)[a] % clusters == i % clusters ? 1 : 0;
    }
    correct += 2 * same > k ? 1 : 0;
  }
  return double(correct) / double(graph.NumberOfPoints);
}

} // namespace

TEST(TSNE, NeighbourCountIsScikitLearns)
{
  EXPECT_EQ(TSNENeighborCount(30.0, 70000), 91);
  EXPECT_EQ(TSNENeighborCount(30.0, 50), 49);
  EXPECT_EQ(TSNENeighborCount(5.5, 1000), 17);
}

TEST(TSNE, EachRowHasThePerplexityAsked)
{
  const std::int64_t n = 7;
  for (double perplexity : { 1.2, 1.5, 1.9 })
  {
    const TSNEAffinities p =
      ComputeTSNEAffinities(RingGraph(n), perplexity, Metric::Euclidean, 1);
    // Before normalisation every conditional row sums to 1, and P + P^T counts each twice.
    double total = 0.0;
    for (std::int64_t i = 0; i < n; ++i)
    {
      EXPECT_EQ(p.RowStart[i + 1] - p.RowStart[i], 4) << "row " << i;
      EXPECT_FLOAT_EQ(p.Value(i, (i + 1) % n), p.Value((i + 1) % n, i));
      const double near = p.Value(i, (i + 1) % n) * 2.0 * n;
      const double far = p.Value(i, (i + 2) % n) * 2.0 * n;
      EXPECT_NEAR(near + far, 1.0, 1e-6);
      EXPECT_GT(near, far);
      const double entropy = -(near * std::log(near) + far * std::log(far));
      EXPECT_NEAR(entropy, std::log(perplexity), 1e-4) << "perplexity " << perplexity;
      // Squared distances 1 and 4: far / near = exp(-3 beta).
      EXPECT_GT(std::log(near / far) / 3.0, 0.0);
      total += near + far;
    }
    EXPECT_NEAR(total, double(n), 1e-5);
  }
}

TEST(TSNE, AffinitiesAreSymmetricAndSumToOne)
{
  const MatrixRM data = fixtures::ClusteredMatrix(300, 10, 3, 4.0f, 1);
  const NeighborGraph graph = ExactNeighbors(fixtures::View(data), 31, Metric::Euclidean, 2);
  const TSNEAffinities p = ComputeTSNEAffinities(graph, 10.0, Metric::Euclidean, 2);
  double sum = 0.0;
  for (std::int64_t i = 0; i < p.NumberOfPoints; ++i)
  {
    for (std::int64_t e = p.RowStart[i]; e < p.RowStart[i + 1]; ++e)
    {
      ASSERT_NE(p.Columns[e], i);
      if (e > p.RowStart[i])
      {
        ASSERT_LT(p.Columns[e - 1], p.Columns[e]);
      }
      EXPECT_FLOAT_EQ(p.Values[e], p.Value(p.Columns[e], static_cast<std::int32_t>(i)));
      sum += p.Values[e];
    }
  }
  EXPECT_NEAR(sum, 1.0, 1e-5);
}

TEST(TSNE, AttractionAndKLByHand)
{
  // Three points on a line at 0, 1 and 3; P_01 = P_10 = 0.3, P_12 = P_21 = 0.2.
  TSNEAffinities p;
  p.NumberOfPoints = 3;
  p.RowStart = { 0, 1, 3, 4 };
  p.Columns = { 1, 0, 2, 1 };
  p.Values = { 0.3f, 0.3f, 0.2f, 0.2f };
  MatrixRMd y(3, 1);
  y << 0.0, 1.0, 3.0;
  MatrixRMd attraction;
  Attraction(p, y, attraction, 1);
  // sum_j P_ij (y_i - y_j) / (1 + (y_i - y_j)^2)
  EXPECT_NEAR(attraction(0, 0), 0.3 * -1.0 / 2.0, 1e-7);
  EXPECT_NEAR(attraction(1, 0), 0.3 * 1.0 / 2.0 + 0.2 * -2.0 / 5.0, 1e-7);
  EXPECT_NEAR(attraction(2, 0), 0.2 * 2.0 / 5.0, 1e-7);

  MatrixRMd repulsion;
  const double z = ExactRepulsion(y, repulsion, 1);
  EXPECT_NEAR(z, 2.0 * (1.0 / 2.0 + 1.0 / 5.0 + 1.0 / 10.0), 1e-12);
  // sum_j q_ij^2 (y_i - y_j) for point 0: (1/2)^2 (-1) + (1/10)^2 (-3).
  EXPECT_NEAR(repulsion(0, 0), -0.25 - 0.03, 1e-12);
  const double kl = 2.0 * 0.3 * std::log(0.3 / (0.5 / z)) + 2.0 * 0.2 * std::log(0.2 / (0.2 / z));
  EXPECT_NEAR(TSNEKLDivergence(p, y, z, 1), kl, 1e-6);
}

TEST(TSNE, GradientIsTheKLDerivative)
{
  const MatrixRM data = fixtures::ClusteredMatrix(40, 5, 2, 3.0f, 2);
  const TSNEAffinities p = DenseAffinities(data, 8.0);
  for (int dims : { 2, 3 })
  {
    MatrixRMd y = RandomLayout(40, dims, 2.0, 3);
    MatrixRMd attraction, repulsion;
    Attraction(p, y, attraction, 1);
    const double z = ExactRepulsion(y, repulsion, 1);
    EXPECT_NEAR(TSNEKLDivergence(p, y, z, 1), BruteForceKL(p, y), 1e-6);
    // dKL/dy_i = 4 (sum_j P_ij q_ij (y_i - y_j) - sum_j q_ij^2 (y_i - y_j) / Z).
    const MatrixRMd gradient = 4.0 * (attraction - repulsion / z);
    const double h = 1e-6;
    for (Eigen::Index i : { 0, 17, 39 })
    {
      for (int d = 0; d < dims; ++d)
      {
        MatrixRMd plus = y, minus = y;
        plus(i, d) += h;
        minus(i, d) -= h;
        const double numeric = (BruteForceKL(p, plus) - BruteForceKL(p, minus)) / (2.0 * h);
        EXPECT_NEAR(gradient(i, d), numeric, 1e-6 + 1e-4 * std::abs(numeric))
          << "point " << i << ", axis " << d << ", " << dims << "-D";
      }
    }
  }
}

TEST(TSNE, InterpolatedRepulsionMatchesTheExactSum)
{
  // Compact (the fine grid alone) and wide (a coarse grid plus the exact near field), with
  // the clusters a t-SNE layout has.
  for (double scale : { 1.0, 12.0 })
  {
    MatrixRMd y = fixtures::ClusteredMatrix(3000, 2, 7, 4.0f, 4).cast<double>() * scale;
    MatrixRMd exact, interpolated;
    const double zExact = ExactRepulsion(y, exact, 2);
    const double z = InterpolatedRepulsion(y, interpolated, 2);
    EXPECT_NEAR(z / zExact, 1.0, 2e-3) << "scale " << scale;
    EXPECT_LT((interpolated - exact).norm() / exact.norm(), 0.02) << "scale " << scale;
    // The same with a workspace reused, and translated: the forces do not depend on where the
    // layout sits.
    RepulsionWorkspace workspace;
    MatrixRMd moved;
    InterpolatedRepulsion(y, moved, 2, {}, &workspace);
    y.rowwise() += Eigen::RowVector2d(250.0, -40.0);
    const double zMoved = InterpolatedRepulsion(y, moved, 2, {}, &workspace);
    EXPECT_NEAR(zMoved / z, 1.0, 1e-9);
    EXPECT_LT((moved - interpolated).norm() / exact.norm(), 1e-9);
  }
}

TEST(TSNE, SeparatesBlobsDeterministically)
{
  const int clusters = 5;
  const MatrixRM data = fixtures::ClusteredMatrix(1000, 20, clusters, 3.0f, 5);
  TSNEOptions options;
  options.Perplexity = 20.0;
  options.NumberOfIterations = 500;
  options.NumberOfThreads = 2;
  const TSNEResult result = ComputeTSNE(fixtures::View(data), options);
  ASSERT_EQ(result.Embedding.rows(), 1000);
  ASSERT_EQ(result.Embedding.cols(), 2);
  EXPECT_GE(KNNAccuracy(result.Embedding, clusters, 10), 0.99);
  // The loss falls well below that of the starting layout, and is what the brute force says.
  const NeighborGraph graph = Neighbors(fixtures::View(data),
    TSNENeighborCount(options.Perplexity, 1000) + 1, Metric::Euclidean, 2, options.Seed);
  const TSNEAffinities p = ComputeTSNEAffinities(graph, options.Perplexity, Metric::Euclidean, 2);
  const MatrixRMd start = TSNEInitialLayout(fixtures::View(data), options);
  EXPECT_LT(result.KLDivergence, 0.5 * BruteForceKL(p, start));
  EXPECT_NEAR(result.KLDivergence, BruteForceKL(p, result.Embedding.cast<double>()), 0.01);

  const TSNEResult again = ComputeTSNE(fixtures::View(data), options);
  EXPECT_EQ(again.Embedding, result.Embedding);

  options.NumberOfComponents = 3;
  options.NumberOfIterations = 300;
  const TSNEResult threeD = ComputeTSNE(fixtures::View(data), options);
  ASSERT_EQ(threeD.Embedding.cols(), 3);
  EXPECT_GE(KNNAccuracy(threeD.Embedding, clusters, 10), 0.99);
}

TEST(TSNE, InitialLayouts)
{
  const MatrixRM data = fixtures::ClusteredMatrix(200, 6, 2, 5.0f, 6);
  TSNEOptions options;
  const MatrixRMd pca = TSNEInitialLayout(fixtures::View(data), options);
  const double mean = pca.col(0).mean();
  EXPECT_NEAR(std::sqrt((pca.col(0).array() - mean).square().mean()), 1e-4, 1e-9);
  options.Initialization = TSNEInitialization::Random;
  const MatrixRMd random = TSNEInitialLayout(fixtures::View(data), options);
  EXPECT_NEAR(std::sqrt(random.array().square().mean()), 1e-4, 2e-5);
  MatrixRM given = fixtures::RandomMatrix(200, 2, 7);
  options.Initialization = TSNEInitialization::Array;
  options.InitializationArray = given.data();
  EXPECT_EQ(TSNEInitialLayout(fixtures::View(data), options), given.cast<double>());
}

TEST(TSNE, BadInputIsNamed)
{
  const MatrixRM data = fixtures::RandomMatrix(25, 4, 8);
  TSNEOptions options;
  options.NumberOfIterations = 20;
  const auto message = [&](const MatrixRM& m)
  {
    try
    {
      ComputeTSNE(fixtures::View(m), options);
    }
    catch (const InvalidInput& error)
    {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(data).find("perplexity of 30"), std::string::npos) << message(data);
  options.Perplexity = 5.0;
  options.NumberOfComponents = 4;
  EXPECT_NE(message(data).find("1 to 3 dimensions"), std::string::npos);
  options.NumberOfComponents = 2;
  MatrixRM bad = data;
  bad(3, 1) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(message(bad).find("NaN"), std::string::npos);
  options.LearningRate = -1.0;
  EXPECT_NE(message(data).find("learning rate"), std::string::npos);
  options.LearningRate = 0.0;
  const MatrixRM narrow = fixtures::RandomMatrix(25, 1, 9);
  EXPECT_NE(message(narrow).find("PCA initialization needs at least 2"), std::string::npos);
}
