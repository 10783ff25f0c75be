// Guided tour (tourr's guided_tour with search_geodesic): a path of 2-planes that climbs a
// projection-pursuit index, each step a geodesic (Buja et al.) between planes, so the view
// glides toward projections that show classes apart (LDA), a hole, or a central mass.
#pragma once

#include "GrandTour.h"

#include <cstdint>
#include <vector>

namespace neurotour
{

enum class PursuitIndex
{
  LDA,        // 1 − Wilks' Λ = 1 − det(W) / det(W + B) of the projected classes (tourr's lda_pp)
  Holes,      // (1 − mean exp(−|y|²/2)) / (1 − e⁻¹) (tourr's holes): few points near the centre
  CentralMass // 1 − Holes (tourr's cmass): many points near the centre
};

/// The index of the rows projected with `frame`. The rows are used as given: Holes and
/// CentralMass expect standardized data (StandardizeRows). LDA needs `labels` (one per row)
/// with at least 2 classes and returns a value in [0, 1]. Throws InvalidInput otherwise.
double EvaluatePursuitIndex(PursuitIndex index, const float* rows, std::int64_t count,
  const Frame& frame, const int* labels = nullptr);

/// The rows centred and scaled so that their mean squared norm equals their dimension (unit
/// variance per coordinate on average), as float row-major; at most `maximumRows` of them,
/// evenly spaced (the planning sees a sample of a large table). `kept` receives the row indices
/// kept. Rows with a non-finite value are left out.
std::vector<float> StandardizeRows(const float* rows, std::int64_t count, int dimension,
  std::int64_t maximumRows, std::vector<std::int64_t>& kept);

/// The geodesic from the plane of `from` to the plane of `to` (both n×2, orthonormalised here):
/// At(0) = from, At(1) spans `to`'s plane (in the orientation the path carries from `from`,
/// so At(1)·At(1)ᵀ = to·toᵀ, not At(1) = to), moving at constant angular speed.
class Geodesic
{
public:
  Geodesic(const Frame& from, const Frame& to);
  /// The path's length: the norm of the principal angles, in radians.
  double Angle() const { return this->Length; }
  /// The frame at `fraction` of the path (any real: beyond 1 continues, below 0 goes back).
  Frame At(double fraction) const;

private:
  Eigen::MatrixXd StartDirections; // Ga = from · Va
  Eigen::MatrixXd EndDirections;   // Gz, orthonormal to Ga column by column
  Eigen::Vector2d Angles;          // principal angles τ
  Eigen::Matrix2d BackRotation;    // Vaᵀ
  double Length = 0.0;
};

/// The distance between the planes of two frames: ‖A·Aᵀ − B·Bᵀ‖_F (tourr's proj_dist).
double PlaneDistance(const Frame& a, const Frame& b);

/// A guided tour's path: the frames it passes (Frames[0] the start) and the angle travelled
/// when it reaches each (cumulative), and the index there, which never decreases.
struct GuidedPath
{
  std::vector<Frame> Frames;
  std::vector<double> Angles;
  std::vector<double> IndexValues;

  /// The frame after travelling `angle` radians along the path (the start before 0, the last
  /// frame once the path ends: the tour rests at the best projection it found).
  Frame At(double angle) const;
  /// The index at the frame At(angle) would give, interpolated linearly between the stops.
  double IndexAt(double angle) const;
};

/// Plans a guided tour from `start` over standardized rows (tourr's search_geodesic): at each
/// step, from 10 random directions (drawn from `seed`) it takes the one whose small step raises
/// the index most, follows its geodesic up to π/4 each way to the highest index, and moves
/// there when that improves the index by more than 0.1 %; after 5 failed tries, or `maximumSteps`
/// moves, the path ends. Deterministic for the same data, start and seed.
GuidedPath PlanGuidedTour(PursuitIndex index, const float* rows, std::int64_t count, int dimension,
  const int* labels, const Frame& start, std::uint32_t seed, int maximumSteps = 30,
  const ProgressCallback& progress = {});

} // namespace neurotour
