// Grand Tour: a smoothly moving orthonormal n×2 frame, and the direct-manipulation maths of the
// Grand Tour articles (axis handles, centroid handles).
#pragma once

#include "Common.h"

#include <Eigen/QR>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace neurotour
{

/// n×2 frame with orthonormal columns; row i is where basis vector e_i lands on the screen.
using Frame = Eigen::Matrix<double, Eigen::Dynamic, 2>;

/// Asimov's torus method: frame(t) = Q(base) · Π_{i<j} G(i, j, ω_ij (t − origin)) · [e0 e1].
///
/// The frame at any time is computed directly from (seed, speed, base frame, origin), never
/// accumulated frame by frame, so a tour time reproduces the same picture in a GUI, a batch
/// script or an animation track. The rates ω_ij are drawn once from the seed with random signs
/// and magnitudes in [0.5, 1.5] (almost surely rationally independent, so the torus winding is
/// dense and the frame passes near every 2-plane), then scaled together so that the frame's
/// columns move on average at `speed` radians per second (measured once, at construction). Q(base) is a fixed rotation (two Householder reflections)
/// that takes [e0 e1] to the base frame, so the tour starts exactly at the base frame.
/// Cost per frame: O(n²) Givens steps on an n×2 matrix (n = 784: ~0.3 M flops).
class GrandTour
{
public:
  /// `dimension` ≥ 2. The base frame starts as [e0 e1] (the first two coordinates).
  GrandTour(int dimension, std::uint32_t seed, double speed = 0.1);

  int Dimension() const { return this->Dim; }
  double Speed() const { return this->SpeedValue; }

  /// Sets the frame the tour passes through at `originTime`; re-orthonormalised (Gram–Schmidt).
  void SetBase(const Frame& base, double originTime);
  const Frame& Base() const { return this->BaseFrame; }
  double Origin() const { return this->OriginTime; }

  /// The frame at tour time t.
  Frame At(double tourTime) const;

private:
  int Dim;
  double SpeedValue;
  std::vector<double> Rates; // one per plane (i, j), i < j, row-major
  Frame BaseFrame;
  double OriginTime = 0.0;
  Eigen::HouseholderQR<Eigen::MatrixXd> BaseQR; // Q(base) = its Q times diag(BaseSigns, 1...)
  Eigen::Vector2d BaseSigns;
};

/// [e0 e1] in n dimensions.
Frame IdentityFrame(int dimension);

/// A frame drawn uniformly (a Gaussian n×2 matrix, orthonormalised; tourr's basis_random),
/// from the raw output of `generator`, so a seed gives the same frame with every library.
Frame RandomFrame(int dimension, std::mt19937& generator);

/// Gram–Schmidt on the two columns; a degenerate column is replaced by the first basis vector
/// that keeps it independent. Throws InvalidInput for fewer than 2 rows or non-finite values.
Frame Orthonormalize(const Frame& frame);

/// Largest |F^T F - I| entry: how far a frame is from orthonormal.
double OrthonormalityError(const Frame& frame);

/// Axis-handle drag (Grand Tour article): the full rotation's row `axis` moves by `delta` in the
/// screen plane, then its rows are Gram–Schmidt-orthonormalised with row `axis` first. Only the
/// frame is needed: the rows' Gram matrix is I plus a rank-2 term built from the frame, and
/// Gram–Schmidt on rows is its Cholesky factor. The handle lands at (F_i + Δ)/‖e_i' + Δ‖,
/// within ‖Δ‖ of the drop point.
Frame DragAxis(const Frame& frame, int axis, const Eigen::Vector2d& delta);

/// Centroid-handle drag: rotates the data space in the plane of the centroid c and its target,
/// whose projection is `target` and whose hidden part is c's, rescaled so ‖target‖ = ‖c‖. The
/// centroid then projects exactly to `target` (clamped to the disc of radius ‖c‖, the farthest
/// any projection of c can be). `centroid` is in the same (centred) coordinates as the data.
Frame DragCentroid(const Frame& frame, const Eigen::VectorXd& centroid, const Eigen::Vector2d& target);

/// Where a centroid handle points, in layout units: (mean of the member rows − `mean`) / `radius`,
/// the same centring and scale as ProjectRows, so projecting it with a frame gives the handle's
/// screen position. `members` are row indices; rows out of range or holding a non-finite value
/// are left out. Empty when no member is left.
Eigen::VectorXd CentroidDirection(const float* rows, std::int64_t count, int dimension,
  const std::vector<std::int64_t>& members, const Eigen::VectorXd& mean, double radius);

/// Per-column mean and largest row norm after centring (rotation-invariant: every projection of
/// every row lies in the disc of that radius). Rows with a non-finite value are skipped and
/// counted in `skipped`. Returns 0 radius for no valid rows.
double CenteredExtent(const float* rows, std::int64_t count, int dimension,
  Eigen::VectorXd& mean, std::int64_t& skipped);

/// The two coordinate axes (a < b) a tour starts on when it is given no frame: the first two
/// whose variance about `mean` is at least half the largest axis variance. Embeddings, whose
/// axes vary alike, then start on their first two axes; raw pixels start on two pixels that
/// vary most, not on two always-blank corner pixels (a picture of one dot, or of a few
/// outliers). Rows with a non-finite value are skipped; with fewer than two such axes, {0, 1}.
std::array<int, 2> StartAxes(const float* rows, std::int64_t count, int dimension,
  const Eigen::VectorXd& mean);

/// How far a projection reaches: the `quantile` (0..1) of the distances from the projected mean
/// of the rows projected with `frame`, so a few outliers do not shrink the picture. Rows with a
/// non-finite value are skipped; 0 when none is left. Throws InvalidInput for a quantile
/// outside [0, 1] or a mean of another dimension.
double ProjectedExtent(const float* rows, std::int64_t count, const Frame& frame,
  const Eigen::VectorXd& mean, double quantile);

/// Projects centred rows: out[2k], out[2k+1] = ((row_k - mean)·F) / radius. Rows with a
/// non-finite value get NaN. Parallel over rows with `numberOfThreads` (0 = all).
void ProjectRows(const float* rows, std::int64_t count, const Frame& frame,
  const Eigen::VectorXd& mean, double radius, float* out, int numberOfThreads = 0);

/// Matches the rows of two tables by sample id: for each row of `to`, the row of `from` holding
/// the same id, else -1. Ids repeated in `from` match their last row.
std::vector<std::int64_t> MatchRows(
  const std::vector<long long>& from, const std::vector<long long>& to);

/// The eased fraction of a layer transition at `progress` (clamped to 0..1): smoothstep, so
/// points start and stop without a jolt.
double TransitionEasing(double progress);

/// A layer transition's picture (the Grand Tour article's layer-to-layer animation): moves each
/// entering row of `xy` (x, y per row) from its sample's leaving position, `leaving[2·from[r]]`,
/// to its own, linearly at the eased `progress`. With both layers projected by the same frame
/// this is the projection of the linearly interpolated coordinates, so a linear layer aligned
/// by its SVD (a pure stretch) moves as a smooth scaling. Rows matched to no leaving row
/// (from[r] = -1) or to one at a non-finite position keep their own; rows at a non-finite
/// position stay so. Throws InvalidInput for a match outside the leaving rows.
void BlendTransition(const float* leaving, std::int64_t leavingCount,
  const std::vector<std::int64_t>& from, double progress, float* xy);

/// How many of `neighbors` (row indices, e.g. a sample's k nearest in the full activation space)
/// are among the k = neighbors.size() rows drawn nearest to row `row` in the 2-D layout `xy`
/// (x, y per row): how much of that neighbourhood the picture keeps. Rows at a non-finite
/// position, and `row` itself, are no candidates; rows as far as the k-th nearest count in.
/// Throws InvalidInput for `row` out of range or not at a finite position.
int NeighborsKeptInProjection(const float* xy, std::int64_t count, std::int64_t row,
  const std::vector<std::int64_t>& neighbors);

} // namespace neurotour
