// Embedding-quality metrics: a hand-computed toy set, scikit-learn's values on a fixed data set
// (Testing/Data/quality_fixture.txt, written by generate_quality_fixture.py), and bad input.
#include "EmbeddingQuality.h"
#include "TestMatrices.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <string>

using namespace neurotour;
using namespace neurotour::fixtures;

namespace
{

struct Fixture
{
  int K = 0;
  double Trustworthiness = 0.0;
  double Continuity = 0.0;
  double Accuracy = 0.0;
  std::vector<std::int64_t> Labels;
  MatrixRM Input;
  MatrixRM Embedding;
};

Fixture ReadFixture()
{
  std::ifstream file(NEUROTOUR_TEST_DATA_DIR "/quality_fixture.txt");
  std::string comment;
  std::getline(file, comment);
  int n = 0, inputDim = 0, embeddingDim = 0;
  Fixture fixture;
  file >> n >> inputDim >> embeddingDim >> fixture.K;
  file >> fixture.Trustworthiness >> fixture.Continuity >> fixture.Accuracy;
  fixture.Labels.resize(n);
  fixture.Input.resize(n, inputDim);
  fixture.Embedding.resize(n, embeddingDim);
  for (int i = 0; i < n; ++i)
  {
    file >> fixture.Labels[i];
    for (int c = 0; c < inputDim; ++c)
    {
      file >> fixture.Input(i, c);
    }
    for (int c = 0; c < embeddingDim; ++c)
    {
      file >> fixture.Embedding(i, c);
    }
  }
  EXPECT_TRUE(file.good()) << "cannot read quality_fixture.txt";
  return fixture;
}

} // namespace

TEST(EmbeddingQuality, ReportMetricsOnAHandComputedToySet)
{
  // Class 0 at (0,0), (2,0); class 1 at (0,3), (2,3). Pair distances: 2, 2 (same class),
  // 3, 3, √13, √13 (different), so D̄ = (10 + 2√13)/6. Centroids (1,0), (1,3): each point is
  // 1 from its centroid, and the centroids are 3 apart.
  MatrixRM points(4, 2);
  points << 0, 0, 2, 0, 0, 3, 2, 3;
  const std::vector<std::int64_t> labels{ 7, 7, 9, 9 };
  EmbeddingQualityOptions options;
  options.NumberOfNeighbors = 2;
  const EmbeddingQualityResult r = ComputeEmbeddingQuality(View(points), labels, nullptr, options);
  const double mean = (10.0 + 2.0 * std::sqrt(13.0)) / 6.0;
  EXPECT_NEAR(r.SameClassDistance, 2.0 / mean, 1e-6);
  EXPECT_NEAR(r.DifferentClassDistance, (6.0 + 2.0 * std::sqrt(13.0)) / 4.0 / mean, 1e-6);
  EXPECT_NEAR(r.CentroidSpread, 1.0 / mean, 1e-6);
  EXPECT_NEAR(r.CentroidSeparation, 3.0 / mean, 1e-6);
  // Each point and its class partner (distance 2) vote: all correct.
  EXPECT_DOUBLE_EQ(r.KNNAccuracy, 1.0);
  EXPECT_TRUE(std::isnan(r.Trustworthiness));
  EXPECT_EQ(r.SampledPoints, 4);
}

TEST(EmbeddingQuality, KNNVoteTiesGoToTheSmallestLabel)
{
  // On a line: 0 (label 5), 1 (label 3), 10 (label 3), 11 (label 5). With k = 2 each point
  // sees itself and its partner: a 1–1 tie, won by label 3, so points 1 and 2 are right.
  MatrixRM points(4, 1);
  points << 0, 1, 10, 11;
  EXPECT_DOUBLE_EQ(KNNAccuracy(View(points), { 5, 3, 3, 5 }, 2, 1), 0.5);
}

TEST(EmbeddingQuality, EqualsScikitLearn)
{
  const Fixture f = ReadFixture();
  for (int threads : { 1, 2 })
  {
    EXPECT_NEAR(Trustworthiness(View(f.Input), View(f.Embedding), f.K, threads), f.Trustworthiness,
      1e-6);
    EXPECT_NEAR(Continuity(View(f.Input), View(f.Embedding), f.K, threads), f.Continuity, 1e-6);
    EXPECT_NEAR(KNNAccuracy(View(f.Embedding), f.Labels, f.K, threads), f.Accuracy, 1e-6);
  }
  EmbeddingQualityOptions options;
  options.NumberOfNeighbors = f.K;
  const ConstMatrixMap input = View(f.Input);
  const EmbeddingQualityResult r =
    ComputeEmbeddingQuality(View(f.Embedding), f.Labels, &input, options);
  EXPECT_NEAR(r.Trustworthiness, f.Trustworthiness, 1e-6);
  EXPECT_NEAR(r.Continuity, f.Continuity, 1e-6);
  EXPECT_NEAR(r.KNNAccuracy, f.Accuracy, 1e-6);
  EXPECT_EQ(r.SampledPoints, 800);
}

TEST(EmbeddingQuality, IdenticalSpacesAreFullyTrustworthy)
{
  const Fixture f = ReadFixture();
  EXPECT_NEAR(Trustworthiness(View(f.Input), View(f.Input), 5, 2), 1.0, 1e-12);
  EXPECT_NEAR(Continuity(View(f.Embedding), View(f.Embedding), 5, 2), 1.0, 1e-12);
}

TEST(EmbeddingQuality, SampledPairwiseMeansAreCloseToExactAndSayHowManyPoints)
{
  const Fixture f = ReadFixture();
  EmbeddingQualityOptions exact;
  EmbeddingQualityOptions sampled;
  sampled.MaximumExactPoints = 400;
  const EmbeddingQualityResult a =
    ComputeEmbeddingQuality(View(f.Embedding), f.Labels, nullptr, exact);
  const EmbeddingQualityResult b =
    ComputeEmbeddingQuality(View(f.Embedding), f.Labels, nullptr, sampled);
  EXPECT_EQ(b.SampledPoints, 400);
  EXPECT_EQ(b.NumberOfPoints, 800);
  EXPECT_NEAR(a.SameClassDistance, b.SameClassDistance, 0.05);
  EXPECT_NEAR(a.DifferentClassDistance, b.DifferentClassDistance, 0.05);
  EXPECT_DOUBLE_EQ(a.KNNAccuracy, b.KNNAccuracy);
}

TEST(EmbeddingQuality, BadInputIsRejectedWithAMessage)
{
  MatrixRM points(4, 2);
  points << 0, 0, 1, 0, 0, 1, 1, 1;
  EmbeddingQualityOptions options;
  options.NumberOfNeighbors = 1;
  // One sample per class: the same-class distance is undefined.
  EXPECT_THROW(ComputeEmbeddingQuality(View(points), { 0, 1, 2, 3 }, nullptr, options),
    InvalidInput);
  // A single class.
  EXPECT_THROW(ComputeEmbeddingQuality(View(points), { 1, 1, 1, 1 }, nullptr, options),
    InvalidInput);
  // Wrong number of labels.
  EXPECT_THROW(ComputeEmbeddingQuality(View(points), { 0, 1 }, nullptr, options), InvalidInput);
  // k too large for trustworthiness (sklearn: k < n/2).
  EXPECT_THROW(Trustworthiness(View(points), View(points), 2, 1), InvalidInput);
  MatrixRM other(3, 2);
  other << 0, 0, 1, 1, 2, 2;
  const ConstMatrixMap mismatched = View(other);
  EXPECT_THROW(ComputeEmbeddingQuality(View(points), { 0, 0, 1, 1 }, &mismatched, options),
    InvalidInput);
  // Labels may be absent: class metrics are NaN, the rest is computed.
  const EmbeddingQualityResult r = ComputeEmbeddingQuality(View(points), {}, nullptr, options);
  EXPECT_TRUE(std::isnan(r.KNNAccuracy));
  EXPECT_TRUE(std::isnan(r.SameClassDistance));
}
