// Guided tour: the projection-pursuit indices against values worked out by hand, the geodesic
// between planes (endpoints, orthonormality, constant speed), and a planned path that finds
// the only two axes along which classes differ.
#include "GuidedTour.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using neurotour::Frame;

TEST(GuidedTour, LDAIndexIsOneMinusWilksLambdaOfTheProjectedClasses)
{
  // Class 0 at (0, 0), (2, 0); class 1 at (0, 4), (2, 4), projected on [e0 e1]: each point
  // lies 1 from its class mean along x and 0 along y, so W = diag(4, 0), det W = 0: index 1.
  const float rows[8] = { 0, 0, 2, 0, 0, 4, 2, 4 };
  const int labels[4] = { 0, 0, 1, 1 };
  const Frame frame = neurotour::IdentityFrame(2);
  EXPECT_NEAR(neurotour::EvaluatePursuitIndex(neurotour::PursuitIndex::LDA, rows, 4, frame, labels),
    1.0, 1e-12);
  // Class 0: (0, 0), (2, 0), (1, 1); class 1: (0, 4), (2, 4), (1, 5). Class means (1, 1/3) and
  // (1, 13/3), overall (1, 7/3). Deviations in each class: (-1, -1/3), (1, -1/3), (0, 2/3), so
  // W = 2 · diag(2, 2/3) = diag(4, 4/3); B = 3 · (0, 2)(0, 2)ᵀ · 2 = diag(0, 24).
  // Index = 1 − det W / det(W + B) = 1 − (16/3) / (4 · 76/3).
  const float six[12] = { 0, 0, 2, 0, 1, 1, 0, 4, 2, 4, 1, 5 };
  const int sixLabels[6] = { 0, 0, 0, 1, 1, 1 };
  const double expected = 1.0 - (16.0 / 3.0) / (4.0 * 76.0 / 3.0);
  EXPECT_NEAR(neurotour::EvaluatePursuitIndex(neurotour::PursuitIndex::LDA, six, 6, frame, sixLabels),
    expected, 1e-12);
  const int oneClass[6] = { 3, 3, 3, 3, 3, 3 };
  EXPECT_THROW(neurotour::EvaluatePursuitIndex(neurotour::PursuitIndex::LDA, six, 6, frame, oneClass),
    neurotour::InvalidInput);
  EXPECT_THROW(neurotour::EvaluatePursuitIndex(neurotour::PursuitIndex::LDA, six, 6, frame),
    neurotour::InvalidInput);
}

TEST(GuidedTour, HolesAndCentralMassFollowTheirFormulas)
{
  // Points at the origin: no hole (0), all mass central (1). Points at distance 2:
  // holes = (1 − e⁻²) / (1 − e⁻¹).
  const float centre[4] = { 0, 0, 0, 0 };
  const float ring[4] = { 2, 0, 0, -2 };
  const Frame frame = neurotour::IdentityFrame(2);
  using neurotour::PursuitIndex;
  EXPECT_NEAR(neurotour::EvaluatePursuitIndex(PursuitIndex::Holes, centre, 2, frame), 0.0, 1e-12);
  EXPECT_NEAR(neurotour::EvaluatePursuitIndex(PursuitIndex::CentralMass, centre, 2, frame), 1.0, 1e-12);
  const double holes = (1.0 - std::exp(-2.0)) / (1.0 - std::exp(-1.0));
  EXPECT_NEAR(neurotour::EvaluatePursuitIndex(PursuitIndex::Holes, ring, 2, frame), holes, 1e-12);
  EXPECT_NEAR(neurotour::EvaluatePursuitIndex(PursuitIndex::CentralMass, ring, 2, frame), 1.0 - holes,
    1e-12);
}

TEST(GuidedTour, GeodesicJoinsThePlanesAtConstantSpeed)
{
  std::mt19937 generator(5);
  const Frame from = neurotour::RandomFrame(6, generator);
  const Frame to = neurotour::RandomFrame(6, generator);
  const neurotour::Geodesic geodesic(from, to);
  EXPECT_LT((geodesic.At(0.0) - from).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT(neurotour::PlaneDistance(geodesic.At(1.0), to), 1e-9);
  EXPECT_GT(geodesic.Angle(), 0.1);
  EXPECT_LT(geodesic.Angle(), M_PI / std::sqrt(2.0) + 1e-9); // principal angles are ≤ π/2
  double previous = -1.0;
  for (int k = 1; k <= 10; ++k)
  {
    const Frame a = geodesic.At((k - 1) / 10.0);
    const Frame b = geodesic.At(k / 10.0);
    EXPECT_LT(neurotour::OrthonormalityError(b), 1e-12);
    // Equal steps cover equal plane distances.
    const double step = neurotour::PlaneDistance(a, b);
    if (previous > 0)
    {
      EXPECT_NEAR(step, previous, 1e-6);
    }
    previous = step;
  }
  // The same plane twice: a path of length 0 that stays put.
  const neurotour::Geodesic still(from, from);
  EXPECT_NEAR(still.Angle(), 0.0, 1e-6);
  EXPECT_LT(neurotour::PlaneDistance(still.At(0.7), from), 1e-9);
}

TEST(GuidedTour, LDAPathFindsTheTwoAxesThatSeparateTheClasses)
{
  // 6-D: four classes at the corners of a square in axes 3 and 4 (±1.5), unit noise in every
  // axis. Starting on axes 0 and 1 (no separation), the path must climb near the plane of axes 3
  // and 4 (the start is at plane distance 2 from it, the most there is), its index never
  // falling, to within 3 % of that plane's index. (It stops, as tourr's does, once a try
  // gains less than 0.1 %, a few degrees short of the exact optimum.)
  std::mt19937 generator(7);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  const int n = 6;
  const int count = 400;
  std::vector<float> rows(count * n);
  std::vector<int> labels(count);
  for (int r = 0; r < count; ++r)
  {
    labels[r] = r % 4;
    for (int d = 0; d < n; ++d)
    {
      rows[r * n + d] = noise(generator);
    }
    rows[r * n + 3] += (labels[r] & 1) ? 1.5f : -1.5f;
    rows[r * n + 4] += (labels[r] & 2) ? 1.5f : -1.5f;
  }
  std::vector<std::int64_t> kept;
  const std::vector<float> standardized =
    neurotour::StandardizeRows(rows.data(), count, n, 5000, kept);
  ASSERT_EQ(kept.size(), static_cast<std::size_t>(count));
  const neurotour::GuidedPath path = neurotour::PlanGuidedTour(neurotour::PursuitIndex::LDA,
    standardized.data(), count, n, labels.data(), neurotour::IdentityFrame(n), 42);
  ASSERT_GE(path.Frames.size(), 2u);
  for (std::size_t k = 1; k < path.Frames.size(); ++k)
  {
    EXPECT_GT(path.IndexValues[k], path.IndexValues[k - 1]);
    EXPECT_GT(path.Angles[k], path.Angles[k - 1]);
  }
  Frame separating = Frame::Zero(n, 2);
  separating(3, 0) = 1.0;
  separating(4, 1) = 1.0;
  const double best = neurotour::EvaluatePursuitIndex(
    neurotour::PursuitIndex::LDA, standardized.data(), count, separating, labels.data());
  EXPECT_LT(path.IndexValues.front(), 0.05);
  EXPECT_GT(path.IndexValues.back(), 0.97 * best);
  EXPECT_NEAR(neurotour::PlaneDistance(path.Frames.front(), separating), 2.0, 1e-12);
  EXPECT_LT(neurotour::PlaneDistance(path.Frames.back(), separating), 0.4);
  // The path is continuous: At() reaches each stop and rests at the last one.
  for (std::size_t k = 1; k < path.Frames.size(); ++k)
  {
    EXPECT_LT(neurotour::PlaneDistance(path.At(path.Angles[k] - 1e-9), path.Frames[k]), 1e-6);
  }
  EXPECT_LT((path.At(path.Angles.back() + 10.0) - path.Frames.back()).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(path.IndexAt(path.Angles.back() + 1.0), path.IndexValues.back(), 1e-12);
  // Deterministic for a seed.
  const neurotour::GuidedPath again = neurotour::PlanGuidedTour(neurotour::PursuitIndex::LDA,
    standardized.data(), count, n, labels.data(), neurotour::IdentityFrame(n), 42);
  ASSERT_EQ(again.Frames.size(), path.Frames.size());
  EXPECT_EQ((again.Frames.back() - path.Frames.back()).cwiseAbs().maxCoeff(), 0.0);
}

TEST(GuidedTour, StandardizedRowsHaveMeanZeroAndUnitVariancePerAxisOnAverage)
{
  const float nan = std::nanf("");
  const float rows[10] = { 1, 10, 3, 14, nan, 0, 5, 18, 7, 22 };
  std::vector<std::int64_t> kept;
  const std::vector<float> out = neurotour::StandardizeRows(rows, 5, 2, 10, kept);
  ASSERT_EQ(kept, (std::vector<std::int64_t>{ 0, 1, 3, 4 }));
  double sx = 0, sy = 0, squared = 0;
  for (int r = 0; r < 4; ++r)
  {
    sx += out[2 * r];
    sy += out[2 * r + 1];
    squared += out[2 * r] * out[2 * r] + out[2 * r + 1] * out[2 * r + 1];
  }
  EXPECT_NEAR(sx, 0.0, 1e-5);
  EXPECT_NEAR(sy, 0.0, 1e-5);
  EXPECT_NEAR(squared / 4, 2.0, 1e-5);
  // At most 2 rows, evenly spaced among the finite ones.
  neurotour::StandardizeRows(rows, 5, 2, 2, kept);
  EXPECT_EQ(kept, (std::vector<std::int64_t>{ 0, 3 }));
}
