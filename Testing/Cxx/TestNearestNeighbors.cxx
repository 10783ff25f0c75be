// k-NN against known answers: a brute-force double loop, and exact search for the recall of
// the approximate one on real Fashion-MNIST images.
#include "NearestNeighbors.h"

#include "TestMatrices.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

using namespace neurotour;
using namespace neurotour::fixtures;

namespace
{

/// The distance between row i of `a` and row j of `b`, in double by the definition.
double BruteDistance(const MatrixRM& a, int i, const MatrixRM& b, int j, Metric metric)
{
  double dot = 0, ni = 0, nj = 0, sq = 0;
  for (int c = 0; c < a.cols(); ++c)
  {
    dot += double(a(i, c)) * b(j, c);
    ni += double(a(i, c)) * a(i, c);
    nj += double(b(j, c)) * b(j, c);
    sq += (double(a(i, c)) - b(j, c)) * (double(a(i, c)) - b(j, c));
  }
  return metric == Metric::Cosine ? 1.0 - dot / std::sqrt(ni * nj) : std::sqrt(sq);
}

double BruteDistance(const MatrixRM& data, int i, int j, Metric metric)
{
  return BruteDistance(data, i, data, j, metric);
}

/// Fashion-MNIST training images as floats in [0, 1] (gzip -dc keeps the test free of zlib).
MatrixRM FashionImages(int count)
{
  const std::string path = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
  FILE* pipe = popen(("gzip -dc " + path).c_str(), "r");
  if (!pipe)
  {
    return {};
  }
  unsigned char header[16];
  MatrixRM images;
  if (std::fread(header, 1, 16, pipe) == 16)
  {
    std::vector<unsigned char> pixels(std::size_t(count) * 784);
    if (std::fread(pixels.data(), 1, pixels.size(), pipe) == pixels.size())
    {
      images.resize(count, 784);
      for (std::size_t i = 0; i < pixels.size(); ++i)
      {
        images.data()[i] = pixels[i] / 255.0f;
      }
    }
  }
  pclose(pipe);
  return images;
}

void ExpectMatchesBruteForce(Metric metric, int rows = 301)
{
  const MatrixRM data = ClusteredMatrix(rows, 13, 3, 2.0f, 7);
  const int k = 8;
  const NeighborGraph graph =
    ExactNeighbors(ConstMatrixMap(data.data(), data.rows(), data.cols()), k, metric, 2);
  ASSERT_EQ(graph.NumberOfPoints, data.rows());
  ASSERT_EQ(graph.K, k);
  for (int i = 0; i < data.rows(); ++i)
  {
    std::vector<std::pair<double, int>> all;
    for (int j = 0; j < data.rows(); ++j)
    {
      if (j != i)
      {
        all.emplace_back(BruteDistance(data, i, j, metric), j);
      }
    }
    std::sort(all.begin(), all.end());
    EXPECT_EQ(graph.RowIndices(i)[0], i);
    EXPECT_EQ(graph.RowDistances(i)[0], 0.0f);
    for (int c = 1; c < k; ++c)
    {
      EXPECT_EQ(graph.RowIndices(i)[c], all[c - 1].second) << "row " << i << " column " << c;
      EXPECT_NEAR(graph.RowDistances(i)[c], all[c - 1].first, 1e-4 * (1 + all[c - 1].first));
    }
  }
}

void ExpectQueriesMatchBruteForce(Metric metric)
{
  const MatrixRM data = ClusteredMatrix(301, 13, 3, 2.0f, 7);
  const MatrixRM queries = ClusteredMatrix(57, 13, 3, 2.0f, 8);
  const int k = 8;
  const NeighborGraph graph = QueryNeighbors(ConstMatrixMap(data.data(), data.rows(), data.cols()),
    ConstMatrixMap(queries.data(), queries.rows(), queries.cols()), k, metric, 2, 1);
  ASSERT_EQ(graph.NumberOfPoints, queries.rows());
  ASSERT_EQ(graph.K, k);
  for (int i = 0; i < queries.rows(); ++i)
  {
    std::vector<std::pair<double, int>> all;
    for (int j = 0; j < data.rows(); ++j)
    {
      all.emplace_back(BruteDistance(queries, i, data, j, metric), j);
    }
    std::sort(all.begin(), all.end());
    for (int c = 0; c < k; ++c)
    {
      EXPECT_EQ(graph.RowIndices(i)[c], all[c].second) << "query " << i << " column " << c;
      EXPECT_NEAR(graph.RowDistances(i)[c], all[c].first, 1e-4 * (1 + all[c].first));
    }
  }
}

} // namespace

TEST(NearestNeighbors, SquaredDistanceBlocksMatchDoubleLoop)
{
  const MatrixRM data = ClusteredMatrix(157, 9, 3, 2.0f, 3);
  int visited = 0;
  VisitSquaredDistanceBlocks(
    ConstMatrixMap(data.data(), data.rows(), data.cols()),
    [&](std::int64_t first, const MatrixRM& block)
    {
      EXPECT_EQ(first, visited);
      EXPECT_EQ(block.cols(), data.rows());
      for (int r = 0; r < block.rows(); ++r)
      {
        for (int j = 0; j < data.rows(); ++j)
        {
          const double d = BruteDistance(data, int(first + r), j, Metric::Euclidean);
          EXPECT_NEAR(block(r, j), d * d, 1e-3 * (1 + d * d));
        }
      }
      visited += int(block.rows());
    },
    2, {}, 40);
  EXPECT_EQ(visited, data.rows());
}

TEST(NearestNeighbors, UpperDistanceBlocksHoldEachPairOnce)
{
  const MatrixRM data = ClusteredMatrix(157, 9, 3, 2.0f, 3);
  int visited = 0;
  VisitUpperSquaredDistanceBlocks(
    ConstMatrixMap(data.data(), data.rows(), data.cols()),
    [&](std::int64_t first, const MatrixRM& block)
    {
      EXPECT_EQ(first, visited);
      EXPECT_EQ(block.cols(), data.rows() - first); // columns first .. n - 1
      for (int r = 0; r < block.rows(); ++r)
      {
        for (int j = 0; j < block.cols(); ++j)
        {
          const double d = BruteDistance(data, int(first + r), int(first + j), Metric::Euclidean);
          EXPECT_NEAR(block(r, j), d * d, 1e-3 * (1 + d * d));
        }
      }
      visited += int(block.rows());
    },
    2, {}, 40);
  EXPECT_EQ(visited, data.rows());
}

TEST(NearestNeighbors, ExactSearchAcrossBlocksMatchesBruteForce)
{
  // 2,500 rows are two blocks: the second block's rows get the first block's distances through
  // the transposed part of the upper blocks.
  ExpectMatchesBruteForce(Metric::Euclidean, 2500);
}

TEST(NearestNeighbors, ExactEuclideanMatchesBruteForce)
{
  ExpectMatchesBruteForce(Metric::Euclidean);
}

TEST(NearestNeighbors, ExactCosineMatchesBruteForce)
{
  ExpectMatchesBruteForce(Metric::Cosine);
}

TEST(NearestNeighbors, DuplicatesKeepSelfFirst)
{
  MatrixRM data = ClusteredMatrix(50, 4, 3, 2.0f, 1);
  data.row(10) = data.row(11);
  data.row(12) = data.row(11);
  const NeighborGraph graph =
    ExactNeighbors(ConstMatrixMap(data.data(), data.rows(), data.cols()), 4, Metric::Euclidean, 2);
  for (int i : { 10, 11, 12 })
  {
    EXPECT_EQ(graph.RowIndices(i)[0], i);
    const std::set<int> twins(graph.RowIndices(i) + 1, graph.RowIndices(i) + 3);
    std::set<int> expected = { 10, 11, 12 };
    expected.erase(i);
    EXPECT_EQ(twins, expected);
    EXPECT_EQ(graph.RowDistances(i)[1], 0.0f);
    EXPECT_EQ(graph.RowDistances(i)[2], 0.0f);
  }
}

TEST(NearestNeighbors, BadInputIsRejected)
{
  const MatrixRM data = ClusteredMatrix(5, 3, 3, 2.0f, 1);
  const ConstMatrixMap map(data.data(), data.rows(), data.cols());
  EXPECT_THROW(ExactNeighbors(map, 6, Metric::Euclidean, 1), InvalidInput);
  EXPECT_THROW(ExactNeighbors(map, 0, Metric::Euclidean, 1), InvalidInput);
  EXPECT_THROW(ApproximateNeighbors(map, 6, Metric::Euclidean, 1, 1), InvalidInput);
}

TEST(NearestNeighbors, AbortStopsTheSearch)
{
  const MatrixRM data = ClusteredMatrix(3000, 8, 3, 2.0f, 1);
  const ConstMatrixMap map(data.data(), data.rows(), data.cols());
  const auto stop = [](double) { return false; };
  EXPECT_THROW(ExactNeighbors(map, 5, Metric::Euclidean, 2, stop), Aborted);
  EXPECT_THROW(ApproximateNeighbors(map, 5, Metric::Euclidean, 2, 1, stop), Aborted);
}

TEST(NearestNeighbors, ApproximateIsReproducibleForSeedAndThreads)
{
  // Several 2,048-row build chunks, so the two threads' shards interleave over chunks.
  const MatrixRM data = ClusteredMatrix(9000, 12, 3, 2.0f, 3);
  const ConstMatrixMap map(data.data(), data.rows(), data.cols());
  const NeighborGraph first = ApproximateNeighbors(map, 10, Metric::Euclidean, 2, 5);
  const NeighborGraph second = ApproximateNeighbors(map, 10, Metric::Euclidean, 2, 5);
  EXPECT_TRUE(first.Indices == second.Indices);
  EXPECT_TRUE(first.Distances == second.Distances);
  EXPECT_GE(Recall(first, ExactNeighbors(map, 10, Metric::Euclidean, 2)), 0.95);
}

TEST(NearestNeighbors, ApproximateRecallOnFashionMNIST)
{
  const MatrixRM images = FashionImages(20000);
  ASSERT_EQ(images.rows(), 20000) << "Fashion-MNIST (dataset-fashion-mnist) is needed";
  const ConstMatrixMap map(images.data(), images.rows(), images.cols());
  const int k = 15;
  const NeighborGraph exact = ExactNeighbors(map, k, Metric::Euclidean, 0);
  for (Metric metric : { Metric::Euclidean, Metric::Cosine })
  {
    const NeighborGraph approximate = ApproximateNeighbors(map, k, metric, 0, 42);
    const NeighborGraph truth =
      metric == Metric::Euclidean ? exact : ExactNeighbors(map, k, metric, 0);
    const double recall = Recall(approximate, truth);
    std::printf("recall at k = 15 (%s): %.4f\n",
      metric == Metric::Euclidean ? "euclidean" : "cosine", recall);
    EXPECT_GE(recall, 0.95);
    EXPECT_LE(recall, 1.0);
    for (std::int64_t i = 0; i < approximate.NumberOfPoints; ++i)
    {
      ASSERT_EQ(approximate.RowIndices(i)[0], i);
      ASSERT_TRUE(std::is_sorted(approximate.RowDistances(i), approximate.RowDistances(i) + k));
    }
  }
  EXPECT_DOUBLE_EQ(Recall(exact, exact), 1.0);
}

TEST(NearestNeighbors, QueriesMatchBruteForce)
{
  ExpectQueriesMatchBruteForce(Metric::Euclidean);
  ExpectQueriesMatchBruteForce(Metric::Cosine);
  // A query equal to a data row finds it at distance 0 (no row is skipped as "itself").
  const MatrixRM data = ClusteredMatrix(50, 4, 2, 2.0f, 3);
  const MatrixRM query = data.row(17);
  const NeighborGraph graph = QueryNeighbors(ConstMatrixMap(data.data(), 50, 4),
    ConstMatrixMap(query.data(), 1, 4), 3, Metric::Euclidean, 1, 1);
  EXPECT_EQ(graph.RowIndices(0)[0], 17);
  EXPECT_EQ(graph.RowDistances(0)[0], 0.0f);
  EXPECT_THROW(QueryNeighbors(ConstMatrixMap(data.data(), 50, 4),
                 ConstMatrixMap(data.data(), 12, 3), 3, Metric::Euclidean, 1, 1),
    InvalidInput);
}

TEST(NearestNeighbors, ApproximateQueriesOnFashionMNIST)
{
  // New images placed among 20,000 others: the approximate search (PCA-reduced HNSW over the
  // data, the queries projected on the same axes) against the exact one.
  const MatrixRM images = FashionImages(22000);
  ASSERT_EQ(images.rows(), 22000) << "Fashion-MNIST (dataset-fashion-mnist) is needed";
  const ConstMatrixMap data(images.data(), 20000, images.cols());
  const ConstMatrixMap queries(images.data() + 20000 * images.cols(), 2000, images.cols());
  const int k = 15;
  const NeighborGraph exact =
    QueryNeighbors(data, queries, k, Metric::Euclidean, 0, 42, {}, SearchMethod::Exact);
  const NeighborGraph approximate =
    QueryNeighbors(data, queries, k, Metric::Euclidean, 0, 42, {}, SearchMethod::Approximate);
  std::int64_t hits = 0;
  for (std::int64_t i = 0; i < exact.NumberOfPoints; ++i)
  {
    ASSERT_TRUE(std::is_sorted(approximate.RowDistances(i), approximate.RowDistances(i) + k));
    for (int c = 0; c < k; ++c)
    {
      hits += std::count(exact.RowIndices(i), exact.RowIndices(i) + k, approximate.RowIndices(i)[c]);
    }
  }
  const double recall = double(hits) / (double(exact.NumberOfPoints) * k);
  std::printf("query recall at k = 15: %.4f\n", recall);
  EXPECT_GE(recall, 0.95);
}
