// Grand Tour frames and direct manipulation against known geometry.
#include "GrandTour.h"
#include "Procrustes.h"

#include <Eigen/Eigenvalues>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <utility>
#include <vector>

using neurotour::Frame;
using neurotour::GrandTour;

namespace
{
Frame RandomFrame(int n, std::mt19937& generator)
{
  std::normal_distribution<double> normal;
  Frame f(n, 2);
  for (int r = 0; r < n; ++r)
  {
    f(r, 0) = normal(generator);
    f(r, 1) = normal(generator);
  }
  return neurotour::Orthonormalize(f);
}

// Distance between the 2-planes of two frames: ‖F Fᵀ − G Gᵀ‖_F (0 = same plane, any basis).
double PlaneDistance(const Frame& f, const Frame& g)
{
  return (f * f.transpose() - g * g.transpose()).norm();
}

// All 2^n vertices of the cube [-1, 1]^n, one per row.
Eigen::MatrixXf Hypercube(int n)
{
  Eigen::MatrixXf vertices(1 << n, n);
  for (int v = 0; v < (1 << n); ++v)
  {
    for (int d = 0; d < n; ++d)
    {
      vertices(v, d) = (v >> d) & 1 ? 1.0f : -1.0f;
    }
  }
  return vertices;
}

std::vector<Eigen::Vector2d> Project(const Eigen::MatrixXf& rows, const Frame& frame)
{
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const RowMajor data = rows;
  std::vector<float> out(2 * data.rows());
  neurotour::ProjectRows(
    data.data(), data.rows(), frame, Eigen::VectorXd::Zero(frame.rows()), 1.0, out.data(), 1);
  std::vector<Eigen::Vector2d> points;
  for (Eigen::Index r = 0; r < data.rows(); ++r)
  {
    points.emplace_back(out[2 * r], out[2 * r + 1]);
  }
  return points;
}
} // namespace

TEST(GrandTour, StartsAtTheBaseFrameAndStaysOrthonormalOverALongTour)
{
  GrandTour tour(15, 7, 0.5);
  EXPECT_LT((tour.At(0.0) - neurotour::IdentityFrame(15)).norm(), 1e-12);
  double worst = 0.0;
  for (double t = 0.0; t < 10000.0; t += 7.3)
  {
    worst = std::max(worst, neurotour::OrthonormalityError(tour.At(t)));
  }
  EXPECT_LT(worst, 1e-12);
}

TEST(GrandTour, FrameIsAFunctionOfSeedSpeedBaseAndTime)
{
  GrandTour a(10, 3, 0.2);
  GrandTour b(10, 3, 0.2);
  // Visiting other times first must not change the frame at t = 12.5 (nothing accumulates).
  for (double t = 0; t < 100; t += 1)
  {
    a.At(t);
  }
  EXPECT_EQ((a.At(12.5) - b.At(12.5)).norm(), 0.0);
  GrandTour other(10, 4, 0.2);
  EXPECT_GT(PlaneDistance(a.At(12.5), other.At(12.5)), 0.1);
}

TEST(GrandTour, MovesSmoothlyAtAboutTheGivenSpeed)
{
  for (int n : { 3, 15, 100 })
  {
    GrandTour tour(n, 11, 0.3);
    double total = 0.0;
    double largestStep = 0.0;
    const double dt = 0.01;
    const int steps = 20000;
    for (int s = 0; s < steps; ++s)
    {
      const double step = (tour.At((s + 1) * dt) - tour.At(s * dt)).colwise().norm().mean();
      total += step;
      largestStep = std::max(largestStep, step);
    }
    const double speed = total / (steps * dt);
    EXPECT_GT(speed, 0.3 / 2) << n << "-D";
    EXPECT_LT(speed, 0.3 * 2) << n << "-D";
    // The speed varies along the torus around its mean, but never jumps: a discontinuity would
    // be a step of order 1, a hundred times the mean step here.
    EXPECT_LT(largestStep, 10 * 0.3 * dt) << n << "-D: a jump";
  }
}

TEST(GrandTour, ComesNearEveryPlaneOverALongTour)
{
  // Dense winding on the torus of angles: the tour passes near any 2-plane of R^3 and R^4.
  std::mt19937 generator(5);
  // The Grassmannian of planes in R^n has dimension 2(n-2), so the time to come within ε of a
  // plane grows like ε^-2(n-2): a tighter bound for R^3 than for R^4 in the same tour time.
  for (auto [n, bound] : { std::pair<int, double>{ 3, 0.05 }, std::pair<int, double>{ 4, 0.2 } })
  {
    GrandTour tour(n, 21, 1.0);
    std::vector<Frame> targets;
    for (int k = 0; k < 10; ++k)
    {
      targets.push_back(RandomFrame(n, generator));
    }
    std::vector<double> nearest(targets.size(), 1e9);
    for (double t = 0.0; t < 20000.0; t += 0.05)
    {
      const Frame f = tour.At(t);
      for (std::size_t k = 0; k < targets.size(); ++k)
      {
        nearest[k] = std::min(nearest[k], PlaneDistance(f, targets[k]));
      }
    }
    for (std::size_t k = 0; k < targets.size(); ++k)
    {
      // Planes differ by up to 2 (orthogonal planes in R^4); 0.2 is a tilt of about 8°.
      EXPECT_LT(nearest[k], bound) << n << "-D target " << k;
    }
  }
}

TEST(GrandTour, SetBaseRestartsTheTourFromThatFrameAtTheOrigin)
{
  std::mt19937 generator(9);
  GrandTour tour(6, 1, 0.4);
  const Frame base = RandomFrame(6, generator);
  tour.SetBase(base, 42.0);
  EXPECT_LT((tour.At(42.0) - base).norm(), 1e-12);
  EXPECT_LT(neurotour::OrthonormalityError(tour.At(50.0)), 1e-12);
  EXPECT_LT((tour.At(42.001) - base).norm(), 0.01);
  // A non-orthonormal base is re-orthonormalised.
  Frame skewed = base;
  skewed.col(1) += 0.3 * skewed.col(0);
  tour.SetBase(skewed, 0.0);
  EXPECT_LT(neurotour::OrthonormalityError(tour.At(0.0)), 1e-12);
  EXPECT_THROW(tour.SetBase(neurotour::IdentityFrame(5), 0.0), neurotour::InvalidInput);
  EXPECT_THROW(GrandTour(1, 0), neurotour::InvalidInput);
}

TEST(GrandTour, AxisDragKeepsTheFrameOrthonormalAndLandsNearTheDrop)
{
  std::mt19937 generator(13);
  std::uniform_real_distribution<double> uniform(-0.4, 0.4);
  for (int n : { 3, 10, 15 })
  {
    for (int trial = 0; trial < 20; ++trial)
    {
      const Frame frame = RandomFrame(n, generator);
      const int axis = trial % n;
      const Eigen::Vector2d delta(uniform(generator), uniform(generator));
      const Frame dragged = neurotour::DragAxis(frame, axis, delta);
      EXPECT_LT(neurotour::OrthonormalityError(dragged), 1e-10);
      const Eigen::Vector2d drop = frame.row(axis).transpose() + delta;
      const Eigen::Vector2d handle = dragged.row(axis).transpose();
      EXPECT_LE((handle - drop).norm(), delta.norm() + 1e-12);
      // The article's formula: the handle lands at (F_i + Δ) / sqrt(1 + 2 F_i·Δ + ‖Δ‖²).
      const double scale =
        std::sqrt(1.0 + 2.0 * frame.row(axis).dot(delta.transpose()) + delta.squaredNorm());
      EXPECT_LT((handle - drop / scale).norm(), 1e-10);
    }
  }
  EXPECT_THROW(neurotour::DragAxis(neurotour::IdentityFrame(3), 3, Eigen::Vector2d(0.1, 0)),
    neurotour::InvalidInput);
}

TEST(GrandTour, CentroidDragPutsTheCentroidWhereItWasDropped)
{
  std::mt19937 generator(17);
  std::normal_distribution<double> normal;
  for (int n : { 3, 15 })
  {
    for (int trial = 0; trial < 20; ++trial)
    {
      const Frame frame = RandomFrame(n, generator);
      Eigen::VectorXd centroid(n);
      for (int d = 0; d < n; ++d)
      {
        centroid(d) = normal(generator);
      }
      const Eigen::Vector2d before = frame.transpose() * centroid;
      const Eigen::Vector2d drop = before + 0.3 * Eigen::Vector2d(normal(generator), normal(generator));
      const Frame dragged = neurotour::DragCentroid(frame, centroid, drop);
      EXPECT_LT(neurotour::OrthonormalityError(dragged), 1e-10);
      if (drop.norm() < centroid.norm())
      {
        EXPECT_LT((dragged.transpose() * centroid - drop).norm(), 1e-9);
      }
    }
  }
  // Beyond its norm the centroid goes as far as it can, in the dropped direction.
  const Frame identity = neurotour::IdentityFrame(3);
  const Eigen::Vector3d centroid(0.0, 0.0, 2.0);
  const Frame dragged = neurotour::DragCentroid(identity, centroid, Eigen::Vector2d(5.0, 0.0));
  EXPECT_LT((dragged.transpose() * centroid - Eigen::Vector2d(2.0, 0.0)).norm(), 1e-9);
}

TEST(GrandTour, SquareCubeAndTesseractProjectAsExpected)
{
  // Square: the identity frame shows it as it is.
  const auto square = Project(Hypercube(2), neurotour::IdentityFrame(2));
  EXPECT_NEAR(square[3](0), 1.0, 1e-6);
  EXPECT_NEAR(square[3](1), 1.0, 1e-6);
  EXPECT_NEAR(square[0](0), -1.0, 1e-6);

  // Cube seen along its diagonal (1,1,1): a regular hexagon of radius sqrt(8/3), plus the two
  // diagonal vertices at the centre.
  Frame diagonal(3, 2);
  diagonal.col(0) = Eigen::Vector3d(1, -1, 0) / std::sqrt(2.0);
  diagonal.col(1) = Eigen::Vector3d(1, 1, -2) / std::sqrt(6.0);
  const auto cube = Project(Hypercube(3), diagonal);
  int centre = 0;
  std::vector<double> angles;
  for (const auto& p : cube)
  {
    if (p.norm() < 1e-6)
    {
      ++centre;
      continue;
    }
    EXPECT_NEAR(p.norm(), std::sqrt(8.0 / 3.0), 1e-6);
    angles.push_back(std::atan2(p(1), p(0)));
  }
  EXPECT_EQ(centre, 2);
  ASSERT_EQ(angles.size(), 6u);
  std::sort(angles.begin(), angles.end());
  for (std::size_t k = 1; k < angles.size(); ++k)
  {
    EXPECT_NEAR(angles[k] - angles[k - 1], M_PI / 3, 1e-6);
  }

  // Tesseract on its first two axes: each corner of the square holds 4 vertices. Tilted by 45°
  // in the (0, 2) plane, x takes the values {-√2, 0, √2}.
  const auto tesseract = Project(Hypercube(4), neurotour::IdentityFrame(4));
  int corner = 0;
  for (const auto& p : tesseract)
  {
    corner += (p - Eigen::Vector2d(1, 1)).norm() < 1e-6 ? 1 : 0;
  }
  EXPECT_EQ(corner, 4);
  Frame tilted = neurotour::IdentityFrame(4);
  tilted(0, 0) = tilted(2, 0) = 1.0 / std::sqrt(2.0);
  for (const auto& p : Project(Hypercube(4), tilted))
  {
    const double x = std::abs(p(0));
    EXPECT_TRUE(x < 1e-6 || std::abs(x - std::sqrt(2.0)) < 1e-6) << x;
  }
}

TEST(GrandTour, ExtentIsTheLargestCentredRowNormAndSkipsNaN)
{
  std::vector<float> rows = { 1, 1, 3, 1, NAN, 0, 2, 4 };
  Eigen::VectorXd mean;
  std::int64_t skipped = 0;
  const double radius = neurotour::CenteredExtent(rows.data(), 4, 2, mean, skipped);
  EXPECT_EQ(skipped, 1);
  EXPECT_NEAR(mean(0), 2.0, 1e-12);
  EXPECT_NEAR(mean(1), 2.0, 1e-12);
  EXPECT_NEAR(radius, 2.0, 1e-12); // (2, 4) - (2, 2)
  std::vector<float> out(8);
  neurotour::ProjectRows(rows.data(), 4, neurotour::IdentityFrame(2), mean, radius, out.data(), 1);
  EXPECT_NEAR(out[0], -0.5, 1e-6);
  EXPECT_TRUE(std::isnan(out[4]));
  EXPECT_NEAR(out[7], 1.0, 1e-6);
}

TEST(GrandTour, StartAxesAreTheFirstTwoThatVary)
{
  // Columns: constant, small variance (below half the largest), varying, constant, varying;
  // the NaN row is skipped.
  std::vector<float> rows = { 5, 0, 1.5f, 7, -2, //
    5, 1, -1.5f, 7, 2,                           //
    5, 0, 1.5f, 7, -2,                           //
    5, NAN, 9, 9, 9,                             //
    5, 1, -1.5f, 7, 2 };
  Eigen::VectorXd mean;
  std::int64_t skipped = 0;
  neurotour::CenteredExtent(rows.data(), 5, 5, mean, skipped);
  const std::array<int, 2> axes = neurotour::StartAxes(rows.data(), 5, 5, mean);
  EXPECT_EQ(axes[0], 2);
  EXPECT_EQ(axes[1], 4);
  // Every column varying alike: the first two, as a tour without data would start.
  const std::vector<float> square = { 0, 0, 1, 0, 0, 1, 1, 1 };
  neurotour::CenteredExtent(square.data(), 4, 2, mean, skipped);
  EXPECT_EQ(neurotour::StartAxes(square.data(), 4, 2, mean), (std::array<int, 2>{ 0, 1 }));
  // Only one varying column: no second axis to start on, so the first two.
  const std::vector<float> line = { 0, 3, 1, 3, 2, 3 };
  neurotour::CenteredExtent(line.data(), 3, 2, mean, skipped);
  EXPECT_EQ(neurotour::StartAxes(line.data(), 3, 2, mean), (std::array<int, 2>{ 0, 1 }));
}

TEST(GrandTour, CentroidDirectionIsTheMembersMeanCentredAndScaled)
{
  // Rows (1, 2), (3, 4), (5, 9), (NaN, 0): members 0, 2 and the NaN row average to (3, 5.5);
  // minus the mean (3, 5), over the radius 2: (0, 0.25). Out-of-range members are ignored.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float rows[8] = { 1, 2, 3, 4, 5, 9, nan, 0 };
  const Eigen::Vector2d mean(3.0, 5.0);
  const Eigen::VectorXd direction =
    neurotour::CentroidDirection(rows, 4, 2, { 0, 2, 3, 17, -1 }, mean, 2.0);
  ASSERT_EQ(direction.size(), 2);
  EXPECT_DOUBLE_EQ(direction(0), 0.0);
  EXPECT_DOUBLE_EQ(direction(1), 0.25);
  EXPECT_EQ(neurotour::CentroidDirection(rows, 4, 2, { 3, 9 }, mean, 2.0).size(), 0);
  EXPECT_THROW(neurotour::CentroidDirection(rows, 4, 2, { 0 }, mean, 0.0), neurotour::InvalidInput);
}

TEST(GrandTour, ProjectedExtentIsAQuantileOfTheProjectedDistances)
{
  // Projected on [e0 e1] about the mean (0, 0, 0): distances 5, 5, 1 and 2; the NaN row is
  // skipped. Quantile 1 is the largest, 0 the smallest, 0.5 the second of four sorted (2).
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float rows[15] = { 3, 4, 0, -3, -4, 5, 0, 1, 7, 0, 2, 0, nan, 0, 0 };
  const Frame frame = neurotour::IdentityFrame(3);
  const Eigen::VectorXd mean = Eigen::VectorXd::Zero(3);
  EXPECT_NEAR(neurotour::ProjectedExtent(rows, 5, frame, mean, 1.0), 5.0, 1e-6);
  EXPECT_NEAR(neurotour::ProjectedExtent(rows, 5, frame, mean, 0.0), 1.0, 1e-6);
  EXPECT_NEAR(neurotour::ProjectedExtent(rows, 5, frame, mean, 0.5), 2.0, 1e-6);
  EXPECT_EQ(neurotour::ProjectedExtent(rows + 12, 1, frame, mean, 1.0), 0.0);
  EXPECT_THROW(neurotour::ProjectedExtent(rows, 5, frame, mean, 1.5), neurotour::InvalidInput);
}

TEST(GrandTour, NeighborsKeptInProjectionCountsTheFullSpaceNeighboursDrawnNearest)
{
  // Row 0 at the origin; the others at squared distances 1, 4, 9, 16 and a NaN row. Its 2
  // nearest drawn are rows 1 and 2: of the full space's neighbours {1, 4} one is kept, of
  // {2, 1} both. Row 5 (NaN) is never a candidate; 3 neighbours reach as far as row 3.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float xy[12] = { 0, 0, 1, 0, 0, -2, 3, 0, 0, 4, nan, 0 };
  EXPECT_EQ(neurotour::NeighborsKeptInProjection(xy, 6, 0, { 1, 4 }), 1);
  EXPECT_EQ(neurotour::NeighborsKeptInProjection(xy, 6, 0, { 2, 1 }), 2);
  EXPECT_EQ(neurotour::NeighborsKeptInProjection(xy, 6, 0, { 5, 4, 3 }), 1);
  // From row 3 at (3, 0): row 1 (distance² 4) is nearest, then row 0 (9) and row 2 (13).
  EXPECT_EQ(neurotour::NeighborsKeptInProjection(xy, 6, 3, { 1 }), 1);
  EXPECT_EQ(neurotour::NeighborsKeptInProjection(xy, 6, 3, { 0 }), 0);
  // A tie at the k-th distance counts in: rows 1 and 6 both at distance 1 from row 0.
  const float tied[14] = { 0, 0, 1, 0, 0, -2, 3, 0, 0, 4, nan, 0, -1, 0 };
  EXPECT_EQ(neurotour::NeighborsKeptInProjection(tied, 7, 0, { 6 }), 1);
  EXPECT_EQ(neurotour::NeighborsKeptInProjection(xy, 6, 0, {}), 0);
  EXPECT_THROW(neurotour::NeighborsKeptInProjection(xy, 6, 5, { 1 }), neurotour::InvalidInput);
  EXPECT_THROW(neurotour::NeighborsKeptInProjection(xy, 6, 6, { 1 }), neurotour::InvalidInput);
}

TEST(LayerTransition, MatchRowsPairsRowsBySampleId)
{
  EXPECT_EQ(neurotour::MatchRows({ 7, 3, 9 }, { 9, 7, 4, 3 }),
    (std::vector<std::int64_t>{ 2, 0, -1, 1 }));
  EXPECT_EQ(neurotour::MatchRows({}, { 1, 2 }), (std::vector<std::int64_t>{ -1, -1 }));
}

TEST(LayerTransition, EasingStartsAndStopsGently)
{
  EXPECT_DOUBLE_EQ(neurotour::TransitionEasing(0.0), 0.0);
  EXPECT_DOUBLE_EQ(neurotour::TransitionEasing(0.5), 0.5);
  EXPECT_DOUBLE_EQ(neurotour::TransitionEasing(1.0), 1.0);
  EXPECT_DOUBLE_EQ(neurotour::TransitionEasing(-2.0), 0.0);
  EXPECT_DOUBLE_EQ(neurotour::TransitionEasing(3.0), 1.0);
  // Zero slope at both ends (3t² − 2t³), symmetric about the middle, increasing.
  EXPECT_LT(neurotour::TransitionEasing(0.01), 0.01 * 0.05);
  EXPECT_NEAR(neurotour::TransitionEasing(0.3) + neurotour::TransitionEasing(0.7), 1.0, 1e-12);
  for (int k = 1; k <= 100; ++k)
  {
    EXPECT_GT(neurotour::TransitionEasing(k / 100.0), neurotour::TransitionEasing((k - 1) / 100.0));
  }
}

TEST(LayerTransition, BlendMovesMatchedRowsFromTheirLeavingPositions)
{
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // Leaving rows: 0 at (0, 0), 1 at (4, 8), 2 at NaN. Entering rows 0..3 matched to leaving
  // 1, 0, 2 (NaN: keeps its own) and none.
  const float leaving[6] = { 0, 0, 4, 8, nan, nan };
  const std::vector<std::int64_t> from = { 1, 0, 2, -1 };
  const float entering[8] = { 2, 2, 10, -10, 5, 5, 1, 1 };
  std::vector<float> xy(entering, entering + 8);
  neurotour::BlendTransition(leaving, 3, from, 0.0, xy.data());
  EXPECT_EQ(xy, (std::vector<float>{ 4, 8, 0, 0, 5, 5, 1, 1 }));
  xy.assign(entering, entering + 8);
  neurotour::BlendTransition(leaving, 3, from, 0.5, xy.data());
  EXPECT_EQ(xy, (std::vector<float>{ 3, 5, 5, -5, 5, 5, 1, 1 }));
  xy.assign(entering, entering + 8);
  neurotour::BlendTransition(leaving, 3, from, 1.0, xy.data());
  EXPECT_EQ(xy, std::vector<float>(entering, entering + 8));
  EXPECT_THROW(neurotour::BlendTransition(leaving, 1, from, 0.5, xy.data()), neurotour::InvalidInput);
}

TEST(LayerTransition, LinearLayerAlignedBySVDMovesAsAPureStretch)
{
  // The Grand Tour article: layer 1 = layer 0 · M, aligned by LayerAlignment's linear method,
  // is layer 0 · UΣUᵀ. Blending the two pictures (same frame) is then layer 0 · A(s) with
  // A(s) = (1 − s)I + s·UΣUᵀ: symmetric with positive eigenvalues at every step, a stretch
  // along fixed axes and no rotation. Unaligned, the same blend turns.
  std::mt19937 generator(41);
  std::normal_distribution<float> normal;
  const int rows = 200;
  neurotour::MatrixRM base(rows, 2);
  for (int r = 0; r < rows; ++r)
  {
    base(r, 0) = normal(generator);
    base(r, 1) = normal(generator);
  }
  base.rowwise() -= base.colwise().mean();
  const double angle = 1.1;
  Eigen::Matrix2d rotation;
  rotation << std::cos(angle), -std::sin(angle), std::sin(angle), std::cos(angle);
  Eigen::Matrix2d linear = Eigen::Vector2d(2.5, 0.6).asDiagonal();
  linear = Frame(RandomFrame(2, generator)) * linear * rotation;
  const neurotour::MatrixRM next = (base.cast<double>() * linear).cast<float>();
  std::vector<std::int64_t> identity(rows);
  for (int r = 0; r < rows; ++r)
  {
    identity[r] = r;
  }
  const std::vector<neurotour::MatrixRM> aligned = neurotour::AlignLayers(
    { neurotour::ConstMatrixMap(base.data(), rows, 2),
      neurotour::ConstMatrixMap(next.data(), rows, 2) },
    { neurotour::RowMatch(), neurotour::RowMatch{ identity, identity } },
    neurotour::LayerAlignmentMethod::Linear, 1);
  // The linear map from layer 0 to a blended picture, by least squares.
  const auto blendedMap = [&](const neurotour::MatrixRM& entering, double progress) {
    neurotour::MatrixRM xy = entering;
    neurotour::BlendTransition(base.data(), rows, identity, progress, xy.data());
    return Eigen::Matrix2d(base.cast<double>().colPivHouseholderQr().solve(xy.cast<double>()));
  };
  for (double progress : { 0.25, 0.5, 0.9 })
  {
    const Eigen::Matrix2d map = blendedMap(aligned[1], progress);
    EXPECT_LT((map - map.transpose()).norm(), 1e-4) << "at " << progress;
    const Eigen::Vector2d eigenvalues = Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(map).eigenvalues();
    EXPECT_GT(eigenvalues.minCoeff(), 0.0);
    const Eigen::Matrix2d unaligned = blendedMap(next, progress);
    EXPECT_GT((unaligned - unaligned.transpose()).norm(), 0.1) << "at " << progress;
  }
}
