#include "GrandTour.h"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace neurotour
{

namespace
{
// Unit-interval doubles from the raw 32-bit output of mt19937, which the standard fixes
// bit for bit (std::uniform_real_distribution does not), so a seed gives the same tour
// with every standard library.
double UnitDouble(std::mt19937& generator)
{
  return (static_cast<double>(generator()) + 0.5) / 4294967296.0;
}

void CheckDimension(int dimension)
{
  if (dimension < 2)
  {
    throw InvalidInput("a Grand Tour needs at least 2 dimensions, got " + std::to_string(dimension));
  }
}
} // namespace

//------------------------------------------------------------------------------
GrandTour::GrandTour(int dimension, std::uint32_t seed, double speed)
  : Dim(dimension)
  , SpeedValue(speed)
{
  CheckDimension(dimension);
  std::mt19937 generator(seed);
  const std::size_t planes = static_cast<std::size_t>(dimension) * (dimension - 1) / 2;
  this->Rates.resize(planes);
  for (double& rate : this->Rates)
  {
    const double magnitude = 0.5 + UnitDouble(generator);
    rate = UnitDouble(generator) < 0.5 ? -magnitude : magnitude;
  }
  this->SetBase(IdentityFrame(dimension), 0.0);
  // Calibrate: the frame's mean column speed, measured by finite differences at times spread
  // over a long stretch of the tour, is scaled to `speed` (scaling every rate by c runs the same
  // tour c times faster, so one measurement suffices; the base rotation does not change it).
  const int samples = 24;
  const double step = 1e-4;
  double measured = 0.0;
  for (int k = 0; k < samples; ++k)
  {
    const double t = 1000.0 * UnitDouble(generator);
    measured += (this->At(t + step) - this->At(t)).colwise().norm().mean() / step;
  }
  measured /= samples;
  const double scale = measured > 0 ? speed / measured : 0.0;
  for (double& rate : this->Rates)
  {
    rate *= scale;
  }
}

//------------------------------------------------------------------------------
void GrandTour::SetBase(const Frame& base, double originTime)
{
  if (base.rows() != this->Dim)
  {
    throw InvalidInput("a base frame of " + std::to_string(base.rows()) + " rows for a " +
      std::to_string(this->Dim) + "-D tour");
  }
  this->BaseFrame = Orthonormalize(base);
  this->OriginTime = originTime;
  this->BaseQR.compute(this->BaseFrame);
  // base = H·[R; 0] with R diagonal ±1 for an orthonormal base: fold the signs into Q(base).
  const auto& r = this->BaseQR.matrixQR();
  this->BaseSigns << (r(0, 0) < 0 ? -1.0 : 1.0), (r(1, 1) < 0 ? -1.0 : 1.0);
}

//------------------------------------------------------------------------------
Frame GrandTour::At(double tourTime) const
{
  const double s = tourTime - this->OriginTime;
  // R(s)·[e0 e1] with R(s) = G_1 G_2 … G_K: apply the Givens rotations from the right end,
  // each on the left of an n×2 matrix, where it touches only two rows.
  Frame x = IdentityFrame(this->Dim);
  std::size_t k = this->Rates.size();
  for (int i = this->Dim - 2; i >= 0; --i)
  {
    for (int j = this->Dim - 1; j > i; --j)
    {
      const double angle = this->Rates[--k] * s;
      const double c = std::cos(angle);
      const double sn = std::sin(angle);
      const Eigen::RowVector2d rowI = x.row(i);
      const Eigen::RowVector2d rowJ = x.row(j);
      x.row(i) = c * rowI + sn * rowJ;
      x.row(j) = -sn * rowI + c * rowJ;
    }
  }
  x.row(0) *= this->BaseSigns(0);
  x.row(1) *= this->BaseSigns(1);
  Eigen::MatrixXd y = this->BaseQR.householderQ() * Eigen::MatrixXd(x);
  return y;
}

//------------------------------------------------------------------------------
Frame IdentityFrame(int dimension)
{
  CheckDimension(dimension);
  Frame frame = Frame::Zero(dimension, 2);
  frame(0, 0) = 1.0;
  frame(1, 1) = 1.0;
  return frame;
}

//------------------------------------------------------------------------------
Frame Orthonormalize(const Frame& frame)
{
  CheckDimension(static_cast<int>(frame.rows()));
  if (!frame.allFinite())
  {
    throw InvalidInput("a projection frame holds NaN or infinite values");
  }
  const int n = static_cast<int>(frame.rows());
  Frame result = frame;
  int fallback = 0;
  for (int column = 0; column < 2; ++column)
  {
    for (int attempt = 0; attempt <= n; ++attempt)
    {
      Eigen::VectorXd v = result.col(column);
      for (int previous = 0; previous < column; ++previous)
      {
        v -= result.col(previous).dot(v) * result.col(previous);
      }
      const double norm = v.norm();
      if (norm > 1e-9)
      {
        result.col(column) = v / norm;
        break;
      }
      // Degenerate column: try the next basis vector instead.
      result.col(column) = Eigen::VectorXd::Unit(n, fallback++ % n);
    }
  }
  return result;
}

//------------------------------------------------------------------------------
Frame RandomFrame(int dimension, std::mt19937& generator)
{
  CheckDimension(dimension);
  Frame frame(dimension, 2);
  for (int r = 0; r < dimension; ++r)
  {
    for (int c = 0; c < 2; ++c)
    {
      // Box–Muller on our own uniform doubles (std::normal_distribution differs by library).
      const double u = UnitDouble(generator);
      const double v = UnitDouble(generator);
      frame(r, c) = std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
    }
  }
  return Orthonormalize(frame);
}

//------------------------------------------------------------------------------
double OrthonormalityError(const Frame& frame)
{
  return (frame.transpose() * frame - Eigen::Matrix2d::Identity()).cwiseAbs().maxCoeff();
}

//------------------------------------------------------------------------------
Frame DragAxis(const Frame& frame, int axis, const Eigen::Vector2d& delta)
{
  const int n = static_cast<int>(frame.rows());
  if (axis < 0 || axis >= n)
  {
    throw InvalidInput("axis " + std::to_string(axis) + " outside a " + std::to_string(n) + "-D frame");
  }
  // Rows of the full rotation after the drag: M = GT + e_axis·(Δ, 0, …). Their Gram matrix is
  // I + e_a uᵀ + u e_aᵀ + ‖Δ‖² e_a e_aᵀ with u = F·Δ, so only the frame is needed.
  const Eigen::VectorXd u = frame * delta;
  Eigen::MatrixXd gram = Eigen::MatrixXd::Identity(n, n);
  gram.col(axis) += u;
  gram.row(axis) += u.transpose();
  gram(axis, axis) += delta.squaredNorm();
  if (gram(axis, axis) < 1e-12)
  {
    return frame; // the dragged row vanished (dropped exactly on the origin from the rim)
  }
  // Gram–Schmidt order of the article: the dragged row swapped into first place.
  Eigen::VectorXi order = Eigen::VectorXi::LinSpaced(n, 0, n - 1);
  std::swap(order(0), order(axis));
  Eigen::MatrixXd permutedGram(n, n);
  Eigen::MatrixXd visible(n, 2);
  for (int r = 0; r < n; ++r)
  {
    for (int c = 0; c < n; ++c)
    {
      permutedGram(r, c) = gram(order(r), order(c));
    }
    visible.row(r) = frame.row(order(r));
  }
  visible.row(0) += delta.transpose();
  // Gram–Schmidt on rows in order = L⁻¹·M with L the Cholesky factor of M·Mᵀ.
  const Eigen::LLT<Eigen::MatrixXd> llt(permutedGram);
  const Eigen::MatrixXd orthonormal = llt.matrixL().solve(visible);
  Frame result(n, 2);
  for (int r = 0; r < n; ++r)
  {
    result.row(order(r)) = orthonormal.row(r);
  }
  return Orthonormalize(result); // only removes rounding
}

//------------------------------------------------------------------------------
Frame DragCentroid(const Frame& frame, const Eigen::VectorXd& centroid, const Eigen::Vector2d& target)
{
  const int n = static_cast<int>(frame.rows());
  if (centroid.size() != n)
  {
    throw InvalidInput("a centroid of " + std::to_string(centroid.size()) + " values for a " +
      std::to_string(n) + "-D frame");
  }
  const double radius = centroid.norm();
  if (radius < 1e-12)
  {
    return frame; // the centroid is the origin: no rotation moves its projection
  }
  Eigen::Vector2d p1 = target;
  if (p1.norm() > radius)
  {
    p1 *= radius / p1.norm();
  }
  // The target keeps the centroid's hidden direction, rescaled so its norm is the centroid's.
  const Eigen::Vector2d p0 = frame.transpose() * centroid;
  Eigen::VectorXd hidden = centroid - frame * p0;
  if (hidden.norm() < 1e-9 * radius)
  {
    // The centroid lies in the screen plane: any direction orthogonal to it will do.
    for (int k = 0; k < n && hidden.norm() < 1e-6; ++k)
    {
      hidden = Eigen::VectorXd::Unit(n, k);
      hidden -= frame * (frame.transpose() * hidden);
    }
    if (hidden.norm() < 1e-6)
    {
      return frame; // n == 2: the plane cannot tilt
    }
  }
  hidden.normalize();
  const Eigen::VectorXd moved =
    frame * p1 + std::sqrt(std::max(0.0, radius * radius - p1.squaredNorm())) * hidden;
  const Eigen::VectorXd a = centroid / radius;
  const Eigen::VectorXd aim = moved / radius;
  const double cosine = std::min(1.0, std::max(-1.0, a.dot(aim)));
  Eigen::VectorXd b = aim - cosine * a;
  const double sine = b.norm();
  if (sine < 1e-12)
  {
    return frame;
  }
  b /= sine;
  // F' = Sᵀ·F with S the rotation taking a to aim in span(a, b) (identity elsewhere).
  const Eigen::RowVector2d aF = a.transpose() * frame;
  const Eigen::RowVector2d bF = b.transpose() * frame;
  Frame result = frame + (cosine - 1.0) * (a * aF + b * bF) + sine * (a * bF - b * aF);
  return Orthonormalize(result);
}

//------------------------------------------------------------------------------
Eigen::VectorXd CentroidDirection(const float* rows, std::int64_t count, int dimension,
  const std::vector<std::int64_t>& members, const Eigen::VectorXd& mean, double radius)
{
  if (dimension < 1 || mean.size() != dimension || !(radius > 0.0))
  {
    throw InvalidInput("CentroidDirection: needs a mean of the data's dimension and a positive "
                       "radius");
  }
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(dimension);
  std::int64_t used = 0;
  for (std::int64_t member : members)
  {
    if (member < 0 || member >= count)
    {
      continue;
    }
    const Eigen::Map<const Eigen::VectorXf> row(rows + member * dimension, dimension);
    if (row.allFinite())
    {
      sum += row.cast<double>();
      ++used;
    }
  }
  if (used == 0)
  {
    return {};
  }
  return (sum / static_cast<double>(used) - mean) / radius;
}

double CenteredExtent(const float* rows, std::int64_t count, int dimension, Eigen::VectorXd& mean,
  std::int64_t& skipped)
{
  CheckDimension(dimension);
  mean = Eigen::VectorXd::Zero(dimension);
  skipped = 0;
  const ConstMatrixMap data(rows, count, dimension);
  std::vector<char> valid(static_cast<std::size_t>(count));
  for (std::int64_t r = 0; r < count; ++r)
  {
    valid[r] = data.row(r).allFinite() ? 1 : 0;
    if (valid[r])
    {
      mean += data.row(r).transpose().cast<double>();
    }
    else
    {
      ++skipped;
    }
  }
  const std::int64_t used = count - skipped;
  if (used == 0)
  {
    return 0.0;
  }
  mean /= static_cast<double>(used);
  double largest = 0.0;
  for (std::int64_t r = 0; r < count; ++r)
  {
    if (valid[r])
    {
      largest = std::max(largest, (data.row(r).transpose().cast<double>() - mean).squaredNorm());
    }
  }
  return std::sqrt(largest);
}

//------------------------------------------------------------------------------
std::array<int, 2> StartAxes(const float* rows, std::int64_t count, int dimension,
  const Eigen::VectorXd& mean)
{
  CheckDimension(dimension);
  if (mean.size() != dimension)
  {
    throw InvalidInput("the mean has " + std::to_string(mean.size()) + " values for " +
      std::to_string(dimension) + "-D rows");
  }
  const ConstMatrixMap data(rows, count, dimension);
  Eigen::VectorXd variance = Eigen::VectorXd::Zero(dimension);
  for (std::int64_t r = 0; r < count; ++r)
  {
    if (data.row(r).allFinite())
    {
      variance += (data.row(r).transpose().cast<double>() - mean).cwiseAbs2();
    }
  }
  const double threshold = 0.5 * variance.maxCoeff();
  std::array<int, 2> axes = { -1, -1 };
  int found = 0;
  for (int d = 0; d < dimension && found < 2 && threshold > 0.0; ++d)
  {
    if (variance(d) >= threshold)
    {
      axes[found++] = d;
    }
  }
  return found == 2 ? axes : std::array<int, 2>{ 0, 1 };
}

//------------------------------------------------------------------------------
double ProjectedExtent(const float* rows, std::int64_t count, const Frame& frame,
  const Eigen::VectorXd& mean, double quantile)
{
  if (!(quantile >= 0.0 && quantile <= 1.0) || mean.size() != frame.rows())
  {
    throw InvalidInput("ProjectedExtent: needs a quantile in [0, 1] and a mean of the frame's "
                       "dimension");
  }
  std::vector<float> projected(2 * count);
  ProjectRows(rows, count, frame, mean, 1.0, projected.data(), 1);
  std::vector<double> distances;
  distances.reserve(count);
  for (std::int64_t r = 0; r < count; ++r)
  {
    const double distance = std::hypot(projected[2 * r], projected[2 * r + 1]);
    if (std::isfinite(distance))
    {
      distances.push_back(distance);
    }
  }
  if (distances.empty())
  {
    return 0.0;
  }
  const auto at = distances.begin() +
    static_cast<std::ptrdiff_t>(std::floor(quantile * static_cast<double>(distances.size() - 1)));
  std::nth_element(distances.begin(), at, distances.end());
  return *at;
}

void ProjectRows(const float* rows, std::int64_t count, const Frame& frame,
  const Eigen::VectorXd& mean, double radius, float* out, int numberOfThreads)
{
  const int n = static_cast<int>(frame.rows());
  const double scale = radius > 0 ? 1.0 / radius : 1.0;
  // The frame's two columns as contiguous floats; a plain dot-product loop (n is small) is
  // several times faster per row than an Eigen product of dynamic size, and this runs at every
  // frame of a tour, beside the software rasteriser.
  std::vector<float> x(n), y(n);
  for (int d = 0; d < n; ++d)
  {
    x[d] = static_cast<float>(frame(d, 0) * scale);
    y[d] = static_cast<float>(frame(d, 1) * scale);
  }
  const Eigen::RowVector2d offset = mean.transpose() * frame * scale;
  const float offsetX = static_cast<float>(offset(0));
  const float offsetY = static_cast<float>(offset(1));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const int threads = ResolveThreadCount(numberOfThreads);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::int64_t r = 0; r < count; ++r)
  {
    const float* row = rows + r * n;
    float px = 0.0f;
    float py = 0.0f;
    for (int d = 0; d < n; ++d)
    {
      px += row[d] * x[d];
      py += row[d] * y[d];
    }
    px -= offsetX;
    py -= offsetY;
    const bool finite = std::isfinite(px) && std::isfinite(py);
    out[2 * r] = finite ? px : nan;
    out[2 * r + 1] = finite ? py : nan;
  }
}

std::vector<std::int64_t> MatchRows(
  const std::vector<long long>& from, const std::vector<long long>& to)
{
  std::unordered_map<long long, std::int64_t> rowOf;
  rowOf.reserve(from.size());
  for (std::size_t r = 0; r < from.size(); ++r)
  {
    rowOf[from[r]] = static_cast<std::int64_t>(r);
  }
  std::vector<std::int64_t> match(to.size(), -1);
  for (std::size_t r = 0; r < to.size(); ++r)
  {
    const auto found = rowOf.find(to[r]);
    if (found != rowOf.end())
    {
      match[r] = found->second;
    }
  }
  return match;
}

double TransitionEasing(double progress)
{
  const double t = std::clamp(progress, 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

void BlendTransition(const float* leaving, std::int64_t leavingCount,
  const std::vector<std::int64_t>& from, double progress, float* xy)
{
  const auto s = static_cast<float>(TransitionEasing(progress));
  for (std::size_t r = 0; r < from.size(); ++r)
  {
    const std::int64_t o = from[r];
    if (o < 0)
    {
      continue;
    }
    if (o >= leavingCount)
    {
      throw InvalidInput("layer transition: row " + std::to_string(r) + " is matched to row " +
        std::to_string(o) + " of a leaving layout of " + std::to_string(leavingCount) + " rows");
    }
    const float x = leaving[2 * o];
    const float y = leaving[2 * o + 1];
    if (!std::isfinite(x) || !std::isfinite(y))
    {
      continue;
    }
    xy[2 * r] = x + s * (xy[2 * r] - x);
    xy[2 * r + 1] = y + s * (xy[2 * r + 1] - y);
  }
}

int NeighborsKeptInProjection(const float* xy, std::int64_t count, std::int64_t row,
  const std::vector<std::int64_t>& neighbors)
{
  if (row < 0 || row >= count || !std::isfinite(xy[2 * row]) || !std::isfinite(xy[2 * row + 1]))
  {
    throw InvalidInput("the sample whose neighbours are compared (row " + std::to_string(row) +
      ") is not drawn");
  }
  const auto squaredDistance = [&](std::int64_t r) {
    const double dx = static_cast<double>(xy[2 * r]) - xy[2 * row];
    const double dy = static_cast<double>(xy[2 * r + 1]) - xy[2 * row + 1];
    return dx * dx + dy * dy;
  };
  std::vector<double> distances;
  distances.reserve(static_cast<std::size_t>(count));
  for (std::int64_t r = 0; r < count; ++r)
  {
    const double d = squaredDistance(r);
    if (r != row && std::isfinite(d))
    {
      distances.push_back(d);
    }
  }
  const std::size_t k = std::min(neighbors.size(), distances.size());
  if (k == 0)
  {
    return 0;
  }
  std::nth_element(distances.begin(), distances.begin() + static_cast<std::ptrdiff_t>(k - 1),
    distances.end());
  const double reach = distances[k - 1];
  int kept = 0;
  for (std::int64_t n : neighbors)
  {
    if (n >= 0 && n < count && n != row && squaredDistance(n) <= reach)
    {
      ++kept;
    }
  }
  return kept;
}

} // namespace neurotour
