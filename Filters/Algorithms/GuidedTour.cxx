#include "GuidedTour.h"

#include <Eigen/LU>
#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

namespace neurotour
{

namespace
{
// tourr's search_geodesic: random directions per try, the small step that ranks them, how far
// each way a direction's geodesic is searched, failed tries before the path ends, and the
// relative gain a move needs.
constexpr int DirectionsPerTry = 10;
constexpr double RankingStep = 0.01;
constexpr double SearchReach = M_PI / 4.0;
constexpr int SearchPoints = 16; // per side of the geodesic
constexpr int TriesPerStep = 5;
constexpr double RequiredGain = 0.001;

// Projected rows (x, y per row) in double.
std::vector<double> Project(const float* rows, std::int64_t count, const Frame& frame)
{
  const int n = static_cast<int>(frame.rows());
  std::vector<double> projected(static_cast<std::size_t>(2 * count));
  for (std::int64_t r = 0; r < count; ++r)
  {
    double x = 0.0;
    double y = 0.0;
    const float* row = rows + r * n;
    for (int d = 0; d < n; ++d)
    {
      x += row[d] * frame(d, 0);
      y += row[d] * frame(d, 1);
    }
    projected[2 * r] = x;
    projected[2 * r + 1] = y;
  }
  return projected;
}

// 1 − det(W) / det(W + B) of the projected classes: W = Σ y yᵀ − Σ_c n_c m_c m_cᵀ and
// W + B = Σ y yᵀ − N m mᵀ.
double LDAIndex(const std::vector<double>& y, std::int64_t count, const int* labels)
{
  struct Sums
  {
    double N = 0.0, X = 0.0, Y = 0.0;
  };
  std::unordered_map<int, Sums> classes;
  Sums all;
  Eigen::Matrix2d scatter = Eigen::Matrix2d::Zero();
  for (std::int64_t r = 0; r < count; ++r)
  {
    const double x = y[2 * r];
    const double z = y[2 * r + 1];
    Sums& c = classes[labels[r]];
    c.N += 1.0;
    c.X += x;
    c.Y += z;
    all.N += 1.0;
    all.X += x;
    all.Y += z;
    scatter(0, 0) += x * x;
    scatter(0, 1) += x * z;
    scatter(1, 1) += z * z;
  }
  if (classes.size() < 2)
  {
    throw InvalidInput("the LDA index needs at least 2 classes in Label, found " +
      std::to_string(classes.size()));
  }
  scatter(1, 0) = scatter(0, 1);
  const auto outer = [](const Sums& s) -> Eigen::Matrix2d {
    Eigen::Matrix2d m;
    m << s.X * s.X, s.X * s.Y, s.X * s.Y, s.Y * s.Y;
    return m / s.N;
  };
  Eigen::Matrix2d within = scatter;
  for (const auto& c : classes)
  {
    within -= outer(c.second);
  }
  const Eigen::Matrix2d total = scatter - outer(all);
  const double denominator = total.determinant();
  if (!(denominator > 1e-12 * std::max(1.0, total.squaredNorm())))
  {
    return 0.0; // every sample projects onto a line or a point: no separation to measure
  }
  return std::clamp(1.0 - within.determinant() / denominator, 0.0, 1.0);
}

double HolesIndex(const std::vector<double>& y, std::int64_t count)
{
  double sum = 0.0;
  for (std::int64_t r = 0; r < count; ++r)
  {
    sum += std::exp(-0.5 * (y[2 * r] * y[2 * r] + y[2 * r + 1] * y[2 * r + 1]));
  }
  return (1.0 - sum / static_cast<double>(count)) / (1.0 - std::exp(-1.0));
}
} // namespace

//------------------------------------------------------------------------------
double EvaluatePursuitIndex(PursuitIndex index, const float* rows, std::int64_t count,
  const Frame& frame, const int* labels)
{
  if (count < 1)
  {
    throw InvalidInput("a projection-pursuit index needs samples");
  }
  const std::vector<double> y = Project(rows, count, frame);
  switch (index)
  {
    case PursuitIndex::LDA:
      if (!labels)
      {
        throw InvalidInput("the LDA index needs class labels (a Label column)");
      }
      return LDAIndex(y, count, labels);
    case PursuitIndex::Holes:
      return HolesIndex(y, count);
    case PursuitIndex::CentralMass:
      return 1.0 - HolesIndex(y, count);
  }
  throw InvalidInput("unknown projection-pursuit index");
}

//------------------------------------------------------------------------------
std::vector<float> StandardizeRows(const float* rows, std::int64_t count, int dimension,
  std::int64_t maximumRows, std::vector<std::int64_t>& kept)
{
  std::vector<std::int64_t> finite;
  for (std::int64_t r = 0; r < count; ++r)
  {
    const float* row = rows + r * dimension;
    if (std::all_of(row, row + dimension, [](float v) { return std::isfinite(v); }))
    {
      finite.push_back(r);
    }
  }
  const auto m = static_cast<std::int64_t>(
    std::min<std::size_t>(finite.size(), static_cast<std::size_t>(std::max<std::int64_t>(1, maximumRows))));
  kept.clear();
  for (std::int64_t i = 0; i < m; ++i)
  {
    kept.push_back(finite[static_cast<std::size_t>(i * static_cast<std::int64_t>(finite.size()) / m)]);
  }
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(dimension);
  for (std::int64_t r : kept)
  {
    for (int d = 0; d < dimension; ++d)
    {
      mean(d) += rows[r * dimension + d];
    }
  }
  mean /= std::max<double>(1.0, static_cast<double>(kept.size()));
  double squared = 0.0;
  for (std::int64_t r : kept)
  {
    for (int d = 0; d < dimension; ++d)
    {
      const double v = rows[r * dimension + d] - mean(d);
      squared += v * v;
    }
  }
  const double meanSquared = kept.empty() ? 0.0 : squared / static_cast<double>(kept.size());
  const double scale = meanSquared > 0 ? std::sqrt(dimension / meanSquared) : 1.0;
  std::vector<float> standardized(kept.size() * static_cast<std::size_t>(dimension));
  for (std::size_t k = 0; k < kept.size(); ++k)
  {
    for (int d = 0; d < dimension; ++d)
    {
      standardized[k * dimension + d] =
        static_cast<float>((rows[kept[k] * dimension + d] - mean(d)) * scale);
    }
  }
  return standardized;
}

//------------------------------------------------------------------------------
Geodesic::Geodesic(const Frame& from, const Frame& to)
{
  const Frame a = Orthonormalize(from);
  const Frame z = Orthonormalize(to);
  if (a.rows() != z.rows())
  {
    throw InvalidInput("a geodesic joins frames of the same dimension");
  }
  const Eigen::JacobiSVD<Eigen::Matrix2d> svd(
    a.transpose() * z, Eigen::ComputeFullU | Eigen::ComputeFullV);
  this->StartDirections = a * svd.matrixU();
  this->EndDirections = z * svd.matrixV();
  this->BackRotation = svd.matrixU().transpose();
  for (int i = 0; i < 2; ++i)
  {
    const double cosine = std::clamp(svd.singularValues()(i), -1.0, 1.0);
    double angle = std::acos(cosine);
    Eigen::VectorXd direction = this->EndDirections.col(i) -
      this->StartDirections.col(i).dot(this->EndDirections.col(i)) * this->StartDirections.col(i);
    const double norm = direction.norm();
    if (!(angle > 1e-6) || norm < 1e-9)
    {
      // The planes share this direction: nothing turns there.
      angle = 0.0;
      direction = this->StartDirections.col(i);
    }
    else
    {
      direction /= norm;
    }
    this->EndDirections.col(i) = direction;
    this->Angles(i) = angle;
  }
  this->Length = this->Angles.norm();
}

//------------------------------------------------------------------------------
Frame Geodesic::At(double fraction) const
{
  Eigen::MatrixXd moved(this->StartDirections.rows(), 2);
  for (int i = 0; i < 2; ++i)
  {
    moved.col(i) = this->StartDirections.col(i) * std::cos(fraction * this->Angles(i)) +
      this->EndDirections.col(i) * std::sin(fraction * this->Angles(i));
  }
  return Orthonormalize(moved * this->BackRotation);
}

//------------------------------------------------------------------------------
double PlaneDistance(const Frame& a, const Frame& b)
{
  // ‖AAᵀ − BBᵀ‖²_F = 2 + 2 − 2‖AᵀB‖²_F for orthonormal A, B: no n×n matrix needed.
  const double overlap = (Orthonormalize(a).transpose() * Orthonormalize(b)).squaredNorm();
  return std::sqrt(std::max(0.0, 4.0 - 2.0 * overlap));
}

//------------------------------------------------------------------------------
Frame GuidedPath::At(double angle) const
{
  if (this->Frames.empty())
  {
    throw InvalidInput("an empty guided path");
  }
  if (angle <= 0.0 || this->Frames.size() == 1)
  {
    return this->Frames.front();
  }
  for (std::size_t j = 0; j + 1 < this->Frames.size(); ++j)
  {
    if (angle < this->Angles[j + 1])
    {
      const double span = this->Angles[j + 1] - this->Angles[j];
      return Geodesic(this->Frames[j], this->Frames[j + 1]).At((angle - this->Angles[j]) / span);
    }
  }
  return this->Frames.back();
}

//------------------------------------------------------------------------------
double GuidedPath::IndexAt(double angle) const
{
  if (this->IndexValues.empty())
  {
    return 0.0;
  }
  if (angle <= 0.0)
  {
    return this->IndexValues.front();
  }
  for (std::size_t j = 0; j + 1 < this->Angles.size(); ++j)
  {
    if (angle < this->Angles[j + 1])
    {
      const double f = (angle - this->Angles[j]) / (this->Angles[j + 1] - this->Angles[j]);
      return (1.0 - f) * this->IndexValues[j] + f * this->IndexValues[j + 1];
    }
  }
  return this->IndexValues.back();
}

//------------------------------------------------------------------------------
GuidedPath PlanGuidedTour(PursuitIndex index, const float* rows, std::int64_t count, int dimension,
  const int* labels, const Frame& start, std::uint32_t seed, int maximumSteps,
  const ProgressCallback& progress)
{
  if (start.rows() != dimension)
  {
    throw InvalidInput("the guided tour's start frame has " + std::to_string(start.rows()) +
      " rows for " + std::to_string(dimension) + "-D data");
  }
  if (count < 3)
  {
    throw InvalidInput("a guided tour needs at least 3 samples, got " + std::to_string(count));
  }
  const auto value = [&](const Frame& frame) {
    return EvaluatePursuitIndex(index, rows, count, frame, labels);
  };
  std::mt19937 generator(seed);
  GuidedPath path;
  path.Frames.push_back(Orthonormalize(start));
  path.Angles.push_back(0.0);
  path.IndexValues.push_back(value(path.Frames.back()));
  for (int step = 0; step < maximumSteps; ++step)
  {
    const Frame current = path.Frames.back();
    const double currentValue = path.IndexValues.back();
    bool moved = false;
    for (int attempt = 0; attempt < TriesPerStep && !moved; ++attempt)
    {
      // The direction whose small step (either way) raises the index most.
      double rankValue = -std::numeric_limits<double>::infinity();
      Frame toward;
      for (int c = 0; c < DirectionsPerTry; ++c)
      {
        const Frame target = RandomFrame(dimension, generator);
        const Geodesic geodesic(current, target);
        if (geodesic.Angle() < 1e-6)
        {
          continue;
        }
        for (double sign : { 1.0, -1.0 })
        {
          const double v = value(geodesic.At(sign * RankingStep / geodesic.Angle()));
          if (v > rankValue)
          {
            rankValue = v;
            toward = target;
          }
        }
      }
      if (toward.size() == 0)
      {
        continue;
      }
      // The highest index along that geodesic, within SearchReach each way.
      const Geodesic geodesic(current, toward);
      double peakValue = -std::numeric_limits<double>::infinity();
      double peakAngle = 0.0;
      Frame peak;
      for (int k = -SearchPoints; k <= SearchPoints; ++k)
      {
        if (k == 0)
        {
          continue;
        }
        const double angle = k * SearchReach / SearchPoints;
        const Frame frame = geodesic.At(angle / geodesic.Angle());
        const double v = value(frame);
        if (v > peakValue)
        {
          peakValue = v;
          peakAngle = std::abs(angle);
          peak = frame;
        }
      }
      if (peakValue > currentValue + RequiredGain * std::abs(currentValue) + 1e-12)
      {
        path.Frames.push_back(peak);
        path.Angles.push_back(path.Angles.back() + peakAngle);
        path.IndexValues.push_back(peakValue);
        moved = true;
      }
    }
    if (!moved)
    {
      break;
    }
    if (progress && !progress((step + 1.0) / maximumSteps))
    {
      throw Aborted();
    }
  }
  return path;
}

} // namespace neurotour
