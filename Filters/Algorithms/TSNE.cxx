#include "TSNE.h"

#include "PCA.h"

#include <fftw3.h>

#include <immintrin.h>

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <random>
#include <string>

namespace neurotour
{

namespace
{
constexpr int MaximumNodesPerBox = 8;
constexpr int ChargeCount = 4; // 1, y1, y2, |y|^2

/// FFTW's planner is not thread-safe, and two filters may embed at once.
std::mutex& PlannerMutex()
{
  static std::mutex mutex;
  return mutex;
}

/// The smallest m >= n whose only prime factors are 2, 3, 5 and 7: FFTW is fastest there.
int SmoothSize(int n)
{
  for (int m = n;; ++m)
  {
    int rest = m;
    for (int factor : { 2, 3, 5, 7 })
    {
      while (rest % factor == 0)
      {
        rest /= factor;
      }
    }
    if (rest == 1)
    {
      return m;
    }
  }
}

struct FFTWFree
{
  void operator()(void* p) const { fftw_free(p); }
};
using RealBuffer = std::unique_ptr<double[], FFTWFree>;
using ComplexBuffer = std::unique_ptr<fftw_complex[], FFTWFree>;

RealBuffer AllocateReal(std::size_t count)
{
  return RealBuffer(static_cast<double*>(fftw_malloc(sizeof(double) * count)));
}
ComplexBuffer AllocateComplex(std::size_t count)
{
  return ComplexBuffer(static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * count)));
}

/// The two 2-D plans of an L x L real grid, made and destroyed under the planner lock.
class GridPlans
{
public:
  GridPlans(int side, double* real, fftw_complex* spectrum)
  {
    std::lock_guard<std::mutex> lock(PlannerMutex());
    this->Forward = fftw_plan_dft_r2c_2d(side, side, real, spectrum, FFTW_ESTIMATE);
    this->Inverse = fftw_plan_dft_c2r_2d(side, side, spectrum, real, FFTW_ESTIMATE);
  }
  ~GridPlans()
  {
    std::lock_guard<std::mutex> lock(PlannerMutex());
    fftw_destroy_plan(this->Forward);
    fftw_destroy_plan(this->Inverse);
  }
  GridPlans(const GridPlans&) = delete;
  GridPlans& operator=(const GridPlans&) = delete;

  fftw_plan Forward;
  fftw_plan Inverse;
};

/// Where a point sits on the grid along one axis: its box's first node and the Lagrange
/// weights of the box's nodes, which sit at (k + 0.5) / nodesPerBox of its width.
struct GridPosition
{
  int FirstNode;
  std::array<double, MaximumNodesPerBox> Weights;
};

/// Locates points along one axis of the grid; the Lagrange weights' denominators are the same
/// for every point, so they are computed once (dividing per point took 6% of the optimisation
/// at 10,000 samples).
class GridAxis
{
public:
  GridAxis(double low, double boxWidth, int boxes, int nodesPerBox)
    : Low(low)
    , InverseWidth(1.0 / boxWidth)
    , Boxes(boxes)
    , NodesPerBox(nodesPerBox)
  {
    for (int k = 0; k < nodesPerBox; ++k)
    {
      this->Nodes[k] = (k + 0.5) / nodesPerBox;
    }
    for (int k = 0; k < nodesPerBox; ++k)
    {
      double denominator = 1.0;
      for (int l = 0; l < nodesPerBox; ++l)
      {
        denominator *= l != k ? this->Nodes[k] - this->Nodes[l] : 1.0;
      }
      this->InverseDenominators[k] = 1.0 / denominator;
    }
  }

  GridPosition Locate(double y) const
  {
    const double scaled = (y - this->Low) * this->InverseWidth;
    const int box = std::min(this->Boxes - 1, std::max(0, static_cast<int>(scaled)));
    const double t = scaled - box;
    GridPosition position{ box * this->NodesPerBox, {} };
    for (int k = 0; k < this->NodesPerBox; ++k)
    {
      double w = this->InverseDenominators[k];
      for (int l = 0; l < this->NodesPerBox; ++l)
      {
        w *= l != k ? t - this->Nodes[l] : 1.0;
      }
      position.Weights[k] = w;
    }
    return position;
  }

private:
  double Low;
  double InverseWidth;
  int Boxes;
  int NodesPerBox;
  std::array<double, MaximumNodesPerBox> Nodes{}, InverseDenominators{};
};

double SquaredCauchy(double squaredDistance)
{
  const double q = 1.0 / (1.0 + squaredDistance);
  return q * q;
}
/// Eight floats in one AVX register. GCC 12 does not vectorise the near-pair loop written with
/// `omp simd` (the select makes it scalar: 2.5 ns a pair); these vector types make it 8-wide
/// (0.5-1 ns a pair) on any x86-64 build, and keep the summation order fixed.
using FloatLanes = float __attribute__((vector_size(32)));
constexpr int LaneCount = 8;

/// The squared Cauchy kernel (1 + u)^-2 of u = |y_i - y_j|^2, split at u_c: Smooth equals it
/// beyond u_c and continues it inside by its second-order Taylor polynomial in u (so the grid
/// interpolates it well); Near is the rest, zero beyond u_c. u_c = 0 leaves it whole.
struct SplitKernel
{
  explicit SplitKernel(double cut)
    : Cut(cut)
    , AtCut(1.0 / (1.0 + cut))
    , NearCut(static_cast<float>(cut))
    , NearAtCut(static_cast<float>(this->AtCut))
  {
  }

  double Smooth(double u) const
  {
    if (u >= this->Cut)
    {
      return SquaredCauchy(u);
    }
    const double q = this->AtCut;
    const double du = u - this->Cut;
    return q * q * (1.0 - 2.0 * q * du + 3.0 * q * q * du * du);
  }
  /// Near of eight pairs, in float: summed per point over a few hundred pairs, its rounding
  /// stays far within the grid's own 1% error.
  FloatLanes Near(FloatLanes u) const
  {
    const float q = this->NearAtCut;
    const FloatLanes du = u - this->NearCut;
    const FloatLanes cauchy = 1.0f / (1.0f + u);
    const FloatLanes inside =
      cauchy * cauchy - q * q * (1.0f - 2.0f * q * du + 3.0f * q * q * du * du);
    return u < this->NearCut ? inside : FloatLanes{};
  }

  double Cut;
  double AtCut;
  float NearCut;
  float NearAtCut;
};

/// The points sorted into square cells half as wide as the near radius, their coordinates
/// copied in cell order, so that a point's near pairs, all in the 5 x 5 cells around its own,
/// are read from five contiguous runs, eight at a time. (Cells as wide as the radius, 3 x 3 of
/// them, visit 9 r^2 of area for the circle's 3.1 r^2; these visit 6.25 r^2.)
class NearPairs
{
public:
  NearPairs(const MatrixRMd& points, double radius, double low, double span)
    : Low(low)
  {
    if (radius <= 0.0)
    {
      return;
    }
    this->Width = radius / 2.0;
    this->Cells = std::max(1, static_cast<int>(std::ceil(span / this->Width)));
    const Eigen::Index n = points.rows();
    this->Start.assign(static_cast<std::size_t>(this->Cells) * this->Cells + 1, 0);
    std::vector<std::size_t> cellOf(n);
    for (Eigen::Index i = 0; i < n; ++i)
    {
      cellOf[i] = this->Cell(this->Coordinate(points(i, 0)), this->Coordinate(points(i, 1)));
      ++this->Start[cellOf[i] + 1];
    }
    std::partial_sum(this->Start.begin(), this->Start.end(), this->Start.begin());
    // Padded: a run's last lanes may read past the end (and are masked off).
    this->X.assign(n + LaneCount, 0.0f);
    this->Y.assign(n + LaneCount, 0.0f);
    std::vector<std::size_t> fill(this->Start.begin(), this->Start.end() - 1);
    for (Eigen::Index i = 0; i < n; ++i)
    {
      const std::size_t m = fill[cellOf[i]]++;
      this->X[m] = static_cast<float>(points(i, 0));
      this->Y[m] = static_cast<float>(points(i, 1));
    }
  }

  /// The kernel's near part summed over every point around y (y's own included): sum_j
  /// Near(u_j) (1 + u_j) in [0], then sum_j Near(u_j) (y - y_j) in [1] and [2].
  std::array<double, 3> Sum(const SplitKernel& kernel, double y0, double y1) const
  {
    const int cx = this->Coordinate(y0);
    const int cy = this->Coordinate(y1);
    const FloatLanes lane = { 0, 1, 2, 3, 4, 5, 6, 7 };
    const float p0 = static_cast<float>(y0), p1 = static_cast<float>(y1);
    FloatLanes q{}, g0{}, g1{};
    for (int x = std::max(0, cx - 2); x <= std::min(this->Cells - 1, cx + 2); ++x)
    {
      // Cells (x, cy - 2 .. cy + 2) are one contiguous run.
      const std::size_t first = this->Start[this->Cell(x, std::max(0, cy - 2))];
      const std::size_t last = this->Start[this->Cell(x, std::min(this->Cells - 1, cy + 2)) + 1];
      for (std::size_t m = first; m < last; m += LaneCount)
      {
        FloatLanes xs, ys;
        std::memcpy(&xs, this->X.data() + m, sizeof(xs));
        std::memcpy(&ys, this->Y.data() + m, sizeof(ys));
        const FloatLanes d0 = p0 - xs, d1 = p1 - ys;
        const FloatLanes u = d0 * d0 + d1 * d1;
        const auto inRun = lane < static_cast<float>(last - m);
        const FloatLanes rest = inRun ? kernel.Near(u) : FloatLanes{};
        q += rest * (1.0f + u);
        g0 += rest * d0;
        g1 += rest * d1;
      }
    }
    std::array<double, 3> sums{};
    for (int l = 0; l < LaneCount; ++l)
    {
      sums[0] += q[l];
      sums[1] += g0[l];
      sums[2] += g1[l];
    }
    return sums;
  }

private:
  int Coordinate(double y) const
  {
    return std::min(this->Cells - 1, std::max(0, static_cast<int>((y - this->Low) / this->Width)));
  }
  std::size_t Cell(int x, int y) const { return static_cast<std::size_t>(x) * this->Cells + y; }

  double Low;
  double Width = 0.0;
  int Cells = 0;
  std::vector<std::size_t> Start;
  std::vector<float> X, Y; // in cell order
};
} // namespace

//------------------------------------------------------------------------------
struct RepulsionWorkspace::Buffers
{
  int Side = 0;
  RealBuffer KernelGrid;
  ComplexBuffer KernelSpectrum;
  std::vector<RealBuffer> Grids;
  std::vector<ComplexBuffer> Spectra;
  std::unique_ptr<GridPlans> Plans;
  std::vector<double> NodeCharges; // per thread, before they are summed into Grids
};

RepulsionWorkspace::RepulsionWorkspace() = default;
RepulsionWorkspace::~RepulsionWorkspace() = default;

RepulsionWorkspace::Buffers& RepulsionWorkspace::Prepare(int side)
{
  if (!this->Storage || this->Storage->Side != side)
  {
    const std::size_t gridSize = static_cast<std::size_t>(side) * side;
    const std::size_t spectrumSize = static_cast<std::size_t>(side) * (side / 2 + 1);
    this->Storage = std::make_unique<Buffers>();
    this->Storage->Side = side;
    this->Storage->KernelGrid = AllocateReal(gridSize);
    this->Storage->KernelSpectrum = AllocateComplex(spectrumSize);
    for (int c = 0; c < ChargeCount; ++c)
    {
      this->Storage->Grids.push_back(AllocateReal(gridSize));
      this->Storage->Spectra.push_back(AllocateComplex(spectrumSize));
    }
    this->Storage->Plans = std::make_unique<GridPlans>(
      side, this->Storage->KernelGrid.get(), this->Storage->KernelSpectrum.get());
  }
  return *this->Storage;
}

//------------------------------------------------------------------------------
float TSNEAffinities::Value(std::int64_t i, std::int32_t j) const
{
  const auto begin = this->Columns.begin() + this->RowStart[i];
  const auto end = this->Columns.begin() + this->RowStart[i + 1];
  const auto found = std::lower_bound(begin, end, j);
  return found != end && *found == j ? this->Values[found - this->Columns.begin()] : 0.0f;
}

//------------------------------------------------------------------------------
int TSNENeighborCount(double perplexity, std::int64_t numberOfPoints)
{
  return static_cast<int>(
    std::min<double>(static_cast<double>(numberOfPoints - 1), std::floor(3.0 * perplexity + 1.0)));
}

//------------------------------------------------------------------------------
TSNEAffinities ComputeTSNEAffinities(
  const NeighborGraph& graph, double perplexity, Metric metric, int numberOfThreads)
{
  const std::int64_t n = graph.NumberOfPoints;
  const int k = graph.K - 1;
  if (k < 1)
  {
    throw InvalidInput("t-SNE needs at least one neighbour per sample");
  }
  const int threads = ResolveThreadCount(numberOfThreads);
  const double targetEntropy = std::log(perplexity);
  std::vector<float> conditional(static_cast<std::size_t>(n) * k);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 256)
  for (std::int64_t i = 0; i < n; ++i)
  {
    const float* distances = graph.RowDistances(i) + 1;
    std::vector<double> shifted(k), p(k);
    // Euclidean distances are squared, others used as they are (as scikit-learn does), and
    // taken relative to the nearest: the same distribution, without exp underflow.
    const auto dissimilarity = [&](int j) {
      const double d = distances[j];
      return metric == Metric::Euclidean ? d * d : d;
    };
    for (int j = 0; j < k; ++j)
    {
      shifted[j] = dissimilarity(j) - dissimilarity(0);
    }
    double beta = 1.0;
    double betaLow = -std::numeric_limits<double>::infinity();
    double betaHigh = std::numeric_limits<double>::infinity();
    for (int step = 0; step < 100; ++step)
    {
      double sum = 0.0;
      for (int j = 0; j < k; ++j)
      {
        p[j] = std::exp(-shifted[j] * beta);
        sum += p[j];
      }
      double weighted = 0.0;
      for (int j = 0; j < k; ++j)
      {
        p[j] /= sum;
        weighted += shifted[j] * p[j];
      }
      const double difference = std::log(sum) + beta * weighted - targetEntropy;
      if (std::abs(difference) <= 1e-5)
      {
        break;
      }
      if (difference > 0.0)
      {
        betaLow = beta;
        beta = std::isinf(betaHigh) ? beta * 2.0 : (beta + betaHigh) / 2.0;
      }
      else
      {
        betaHigh = beta;
        beta = std::isinf(betaLow) ? beta / 2.0 : (beta + betaLow) / 2.0;
      }
    }
    for (int j = 0; j < k; ++j)
    {
      conditional[i * k + j] = static_cast<float>(p[j]);
    }
  }

  // P + P^T: each row gets its own k entries and those pointing at it, merged by column.
  std::vector<std::int64_t> count(n + 1, 0);
  for (std::int64_t i = 0; i < n; ++i)
  {
    count[i + 1] += k;
    for (int j = 0; j < k; ++j)
    {
      ++count[graph.RowIndices(i)[j + 1] + 1];
    }
  }
  std::partial_sum(count.begin(), count.end(), count.begin());
  std::vector<std::pair<std::int32_t, float>> entries(count[n]);
  std::vector<std::int64_t> fill(count.begin(), count.end() - 1);
  for (std::int64_t i = 0; i < n; ++i)
  {
    for (int j = 0; j < k; ++j)
    {
      const std::int32_t column = graph.RowIndices(i)[j + 1];
      const float value = conditional[i * k + j];
      entries[fill[i]++] = { column, value };
      entries[fill[column]++] = { static_cast<std::int32_t>(i), value };
    }
  }
  TSNEAffinities affinities;
  affinities.NumberOfPoints = n;
  affinities.RowStart.assign(n + 1, 0);
  std::vector<std::int64_t> merged(n, 0);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 256)
  for (std::int64_t i = 0; i < n; ++i)
  {
    auto begin = entries.begin() + count[i];
    auto end = entries.begin() + count[i + 1];
    std::sort(begin, end, [](const auto& a, const auto& b) { return a.first < b.first; });
    auto out = begin;
    for (auto it = begin; it != end; ++it)
    {
      if (it->first == i)
      {
        continue; // a duplicate sample listed before the point itself
      }
      if (out != begin && (out - 1)->first == it->first)
      {
        (out - 1)->second += it->second;
      }
      else
      {
        *out++ = *it;
      }
    }
    merged[i] = out - begin;
  }
  for (std::int64_t i = 0; i < n; ++i)
  {
    affinities.RowStart[i + 1] = affinities.RowStart[i] + merged[i];
  }
  affinities.Columns.resize(affinities.RowStart[n]);
  affinities.Values.resize(affinities.RowStart[n]);
  double total = 0.0;
  for (std::int64_t i = 0; i < n; ++i)
  {
    for (std::int64_t e = 0; e < merged[i]; ++e)
    {
      const auto& entry = entries[count[i] + e];
      affinities.Columns[affinities.RowStart[i] + e] = entry.first;
      affinities.Values[affinities.RowStart[i] + e] = entry.second;
      total += entry.second;
    }
  }
  for (float& value : affinities.Values)
  {
    value = static_cast<float>(value / total);
  }
  return affinities;
}

//------------------------------------------------------------------------------
double ExactRepulsion(const MatrixRMd& embedding, MatrixRMd& forces, int numberOfThreads)
{
  const Eigen::Index n = embedding.rows();
  const Eigen::Index dims = embedding.cols();
  forces.setZero(n, dims);
  // Per-point sums added in order afterwards: an OpenMP reduction's order, and so its last
  // bits, vary from run to run, and the embedding must not.
  std::vector<double> pointZ(n, 0.0);
#pragma omp parallel for num_threads(ResolveThreadCount(numberOfThreads)) schedule(dynamic, 64)
  for (Eigen::Index i = 0; i < n; ++i)
  {
    const double* yi = embedding.data() + i * dims;
    double* force = forces.data() + i * dims;
    for (Eigen::Index j = 0; j < n; ++j)
    {
      const double* yj = embedding.data() + j * dims;
      double squared = 0.0;
      for (Eigen::Index d = 0; d < dims; ++d)
      {
        squared += (yi[d] - yj[d]) * (yi[d] - yj[d]);
      }
      const double q = 1.0 / (1.0 + squared);
      pointZ[i] += j != i ? q : 0.0;
      for (Eigen::Index d = 0; d < dims; ++d)
      {
        force[d] += q * q * (yi[d] - yj[d]);
      }
    }
  }
  return std::accumulate(pointZ.begin(), pointZ.end(), 0.0);
}

//------------------------------------------------------------------------------
double InterpolatedRepulsion(const MatrixRMd& embedding, MatrixRMd& forces, int numberOfThreads,
  const RepulsionGrid& grid, RepulsionWorkspace* workspace)
{
  if (embedding.cols() != 2)
  {
    throw InvalidInput("the interpolated t-SNE repulsion is 2-D only");
  }
  const Eigen::Index n = embedding.rows();
  const int threads = ResolveThreadCount(numberOfThreads);
  const int nodesPerBox = grid.NodesPerBox;

  // Coordinates about the bounding box's centre: the charges |y|^2 stay small, and with them
  // the cancellation in Z's expansion below.
  const Eigen::RowVector2d lowest = embedding.colwise().minCoeff();
  const Eigen::RowVector2d highest = embedding.colwise().maxCoeff();
  const Eigen::RowVector2d centre = (lowest + highest) / 2.0;
  const double span = std::max((highest - lowest).maxCoeff(), 1e-6);
  const int maximumBoxes = grid.MaximumBoxes > 0
    ? grid.MaximumBoxes
    : std::max(15, static_cast<int>(0.25 * std::sqrt(static_cast<double>(n))));
  const int boxes = SmoothSize(
    std::clamp(static_cast<int>(std::ceil(span / (grid.FinestSpacing * nodesPerBox))),
      std::min(grid.MinimumBoxes, maximumBoxes), maximumBoxes));
  const int nodes = boxes * nodesPerBox; // per side
  const double boxWidth = span / boxes;
  const double spacing = boxWidth / nodesPerBox;
  const double low = -span / 2.0;
  // Coarser than FIt-SNE's spacing, the kernel is split: a smooth part on the grid, and the
  // rest, non-zero within the near radius only, summed exactly over near pairs.
  const double nearRadius =
    spacing > grid.FinestSpacing * (1.0 + 1e-9) ? grid.NearFieldSpacings * spacing : 0.0;
  const SplitKernel kernel{ nearRadius * nearRadius };

  MatrixRMd centred = embedding.rowwise() - centre;
  const GridAxis axis(low, boxWidth, boxes, nodesPerBox);
  std::vector<GridPosition> positions(2 * n);
#pragma omp parallel for num_threads(threads)
  for (Eigen::Index i = 0; i < n; ++i)
  {
    positions[2 * i] = axis.Locate(centred(i, 0));
    positions[2 * i + 1] = axis.Locate(centred(i, 1));
  }

  const int side = 2 * nodes; // the circulant embedding of the kernel
  RepulsionWorkspace temporary;
  RepulsionWorkspace::Buffers& buffers = (workspace ? *workspace : temporary).Prepare(side);
  // Spread the charges onto the nodes, each thread into its own grid, then sum them.
  std::vector<double>& nodeCharges = buffers.NodeCharges;
  nodeCharges.assign(static_cast<std::size_t>(threads) * nodes * nodes * ChargeCount, 0.0);
#pragma omp parallel num_threads(threads)
  {
    double* own = nodeCharges.data() +
      static_cast<std::size_t>(omp_get_thread_num()) * nodes * nodes * ChargeCount;
#pragma omp for
    for (Eigen::Index i = 0; i < n; ++i)
    {
      const double y0 = centred(i, 0), y1 = centred(i, 1);
      const std::array<double, ChargeCount> charges = { 1.0, y0, y1, y0 * y0 + y1 * y1 };
      const GridPosition& px = positions[2 * i];
      const GridPosition& py = positions[2 * i + 1];
      for (int a = 0; a < nodesPerBox; ++a)
      {
        for (int b = 0; b < nodesPerBox; ++b)
        {
          const double w = px.Weights[a] * py.Weights[b];
          double* node = own +
            (static_cast<std::size_t>(px.FirstNode + a) * nodes + py.FirstNode + b) * ChargeCount;
          for (int c = 0; c < ChargeCount; ++c)
          {
            node[c] += w * charges[c];
          }
        }
      }
    }
  }

  const std::size_t gridSize = static_cast<std::size_t>(side) * side;
  const std::size_t spectrumSize = static_cast<std::size_t>(side) * (side / 2 + 1);
  double* kernelGrid = buffers.KernelGrid.get();
  const fftw_complex* kernelSpectrum = buffers.KernelSpectrum.get();
  const std::vector<RealBuffer>& grids = buffers.Grids;
  const std::vector<ComplexBuffer>& spectra = buffers.Spectra;
  const GridPlans& plans = *buffers.Plans;

#pragma omp parallel for num_threads(threads)
  for (int row = 0; row < side; ++row)
  {
    // Offsets past `nodes` wrap to negative ones; offset `nodes` itself is never used.
    const double dx = (row < nodes ? row : row - side) * spacing;
    for (int column = 0; column < side; ++column)
    {
      const double dy = (column < nodes ? column : column - side) * spacing;
      kernelGrid[static_cast<std::size_t>(row) * side + column] = kernel.Smooth(dx * dx + dy * dy);
    }
    for (int c = 0; c < ChargeCount; ++c)
    {
      double* charges = grids[c].get() + static_cast<std::size_t>(row) * side;
      std::fill(charges, charges + side, 0.0);
      if (row < nodes)
      {
        for (int t = 0; t < threads; ++t)
        {
          const double* own = nodeCharges.data() +
            (static_cast<std::size_t>(t) * nodes * nodes + static_cast<std::size_t>(row) * nodes) *
              ChargeCount;
          for (int column = 0; column < nodes; ++column)
          {
            charges[column] += own[column * ChargeCount + c];
          }
        }
      }
    }
  }

  fftw_execute(plans.Forward);
#pragma omp parallel for num_threads(std::min(threads, ChargeCount))
  for (int c = 0; c < ChargeCount; ++c)
  {
    fftw_execute_dft_r2c(plans.Forward, grids[c].get(), spectra[c].get());
    fftw_complex* s = spectra[c].get();
    const fftw_complex* k = kernelSpectrum;
    for (std::size_t e = 0; e < spectrumSize; ++e)
    {
      const double re = s[e][0] * k[e][0] - s[e][1] * k[e][1];
      const double im = s[e][0] * k[e][1] + s[e][1] * k[e][0];
      s[e][0] = re;
      s[e][1] = im;
    }
    fftw_execute_dft_c2r(plans.Inverse, spectra[c].get(), grids[c].get());
  }

  const NearPairs near(centred, nearRadius, low, span);
  // Interpolate the potentials back to the points; the scale undoes FFTW's unnormalised pair.
  const double scale = 1.0 / static_cast<double>(gridSize);
  forces.resize(n, 2);
  std::vector<double> pointZ(n); // summed in order afterwards, as in ExactRepulsion
#pragma omp parallel for num_threads(threads) schedule(dynamic, 256)
  for (Eigen::Index i = 0; i < n; ++i)
  {
    std::array<double, ChargeCount> potential{};
    const GridPosition& px = positions[2 * i];
    const GridPosition& py = positions[2 * i + 1];
    for (int a = 0; a < nodesPerBox; ++a)
    {
      for (int b = 0; b < nodesPerBox; ++b)
      {
        const double w = px.Weights[a] * py.Weights[b] * scale;
        const std::size_t node =
          static_cast<std::size_t>(px.FirstNode + a) * side + py.FirstNode + b;
        for (int c = 0; c < ChargeCount; ++c)
        {
          potential[c] += w * grids[c][node];
        }
      }
    }
    const double y0 = centred(i, 0), y1 = centred(i, 1);
    // sum_j q_ij = sum_j q_ij^2 (1 + |y_i - y_j|^2), expanded into the four potentials; the
    // j = i term (q = 1) is taken out of Z and cancels in the force.
    double qSum = (1.0 + y0 * y0 + y1 * y1) * potential[0] -
      2.0 * (y0 * potential[1] + y1 * potential[2]) + potential[3] - 1.0;
    double f0 = y0 * potential[0] - potential[1];
    double f1 = y1 * potential[0] - potential[2];
    if (nearRadius > 0.0)
    {
      const std::array<double, 3> nearSums = near.Sum(kernel, y0, y1);
      qSum += nearSums[0];
      f0 += nearSums[1];
      f1 += nearSums[2];
    }
    pointZ[i] = qSum;
    forces(i, 0) = f0;
    forces(i, 1) = f1;
  }
  return std::accumulate(pointZ.begin(), pointZ.end(), 0.0);
}

//------------------------------------------------------------------------------
namespace
{
/// Each row's sum in one pass over its entries; rows are independent, so any schedule gives the
/// same bits. GCC compiles it scalar; 2-D layouts on AVX2 take Attraction2DGathered instead.
template <int Dims>
void AttractionIn(const TSNEAffinities& affinities, const double* y, double* forces,
  std::int64_t n, int threads)
{
#pragma omp parallel for num_threads(threads) schedule(dynamic, 256)
  for (std::int64_t i = 0; i < n; ++i)
  {
    const double* yi = y + i * Dims;
    const std::int32_t* columns = affinities.Columns.data();
    const float* values = affinities.Values.data();
    double force[Dims] = {};
    for (std::int64_t e = affinities.RowStart[i]; e < affinities.RowStart[i + 1]; ++e)
    {
      const double* yj = y + static_cast<std::int64_t>(columns[e]) * Dims;
      double difference[Dims];
      double squared = 0.0;
      for (int d = 0; d < Dims; ++d)
      {
        difference[d] = yi[d] - yj[d];
        squared += difference[d] * difference[d];
      }
      const double pq = values[e] / (1.0 + squared);
      for (int d = 0; d < Dims; ++d)
      {
        force[d] += pq * difference[d];
      }
    }
    std::copy(force, force + Dims, forces + i * Dims);
  }
}

#if defined(__AVX2__) && defined(__FMA__)
/// AttractionIn<2> eight entries at a time, in float, the neighbours' coordinates fetched by AVX2
/// gathers: 1.25x faster at 10,000 samples (0.96 ms an iteration against 1.22). Lanes filled
/// from scalar loads measured 1.4x slower than the scalar loop, and computing each symmetric pair
/// once (per-thread copies of the forces) no faster. Rows stay independent, their order fixed.
void Attraction2DGathered(
  const TSNEAffinities& affinities, const double* y, double* forces, std::int64_t n, int threads)
{
  const std::vector<float> coordinates(y, y + n * 2);
  const std::int32_t* columns = affinities.Columns.data();
  const float* values = affinities.Values.data();
#pragma omp parallel for num_threads(threads) schedule(dynamic, 256)
  for (std::int64_t i = 0; i < n; ++i)
  {
    const float* yi = coordinates.data() + i * 2;
    const __m256 xi0 = _mm256_set1_ps(yi[0]), xi1 = _mm256_set1_ps(yi[1]);
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 f0 = _mm256_setzero_ps(), f1 = _mm256_setzero_ps();
    const std::int64_t end = affinities.RowStart[i + 1];
    std::int64_t e = affinities.RowStart[i];
    for (; e + LaneCount <= end; e += LaneCount)
    {
      const __m256i column = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(columns + e));
      const __m256i offset = _mm256_add_epi32(column, column);
      const __m256 d0 = _mm256_sub_ps(xi0, _mm256_i32gather_ps(coordinates.data(), offset, 4));
      const __m256 d1 = _mm256_sub_ps(xi1, _mm256_i32gather_ps(coordinates.data() + 1, offset, 4));
      const __m256 pq = _mm256_div_ps(
        _mm256_loadu_ps(values + e), _mm256_fmadd_ps(d0, d0, _mm256_fmadd_ps(d1, d1, one)));
      f0 = _mm256_fmadd_ps(pq, d0, f0);
      f1 = _mm256_fmadd_ps(pq, d1, f1);
    }
    alignas(32) float lanes0[LaneCount], lanes1[LaneCount];
    _mm256_store_ps(lanes0, f0);
    _mm256_store_ps(lanes1, f1);
    double sum0 = 0.0, sum1 = 0.0;
    for (int l = 0; l < LaneCount; ++l)
    {
      sum0 += lanes0[l];
      sum1 += lanes1[l];
    }
    for (; e < end; ++e)
    {
      const float* yj = coordinates.data() + static_cast<std::int64_t>(columns[e]) * 2;
      const float d0 = yi[0] - yj[0], d1 = yi[1] - yj[1];
      const float pq = values[e] / (1.0f + d0 * d0 + d1 * d1);
      sum0 += pq * d0;
      sum1 += pq * d1;
    }
    forces[i * 2] = sum0;
    forces[i * 2 + 1] = sum1;
  }
}
#endif
} // namespace

void Attraction(const TSNEAffinities& affinities, const MatrixRMd& embedding, MatrixRMd& forces,
  int numberOfThreads)
{
  const Eigen::Index n = embedding.rows();
  forces.resize(n, embedding.cols());
  const int threads = ResolveThreadCount(numberOfThreads);
  switch (embedding.cols())
  {
    case 1:
      AttractionIn<1>(affinities, embedding.data(), forces.data(), n, threads);
      break;
    case 2:
#if defined(__AVX2__) && defined(__FMA__)
      Attraction2DGathered(affinities, embedding.data(), forces.data(), n, threads);
#else
      AttractionIn<2>(affinities, embedding.data(), forces.data(), n, threads);
#endif
      break;
    case 3:
      AttractionIn<3>(affinities, embedding.data(), forces.data(), n, threads);
      break;
    default:
      throw InvalidInput("t-SNE embeds in 1 to 3 dimensions");
  }
}

//------------------------------------------------------------------------------
double TSNEKLDivergence(
  const TSNEAffinities& affinities, const MatrixRMd& embedding, double z, int numberOfThreads)
{
  // sum P log(P / (q / Z)) = sum P (log P + log(1 + d^2)) + log Z sum P, per row first.
  const std::int64_t n = affinities.NumberOfPoints;
  std::vector<double> rowKL(n, 0.0), rowP(n, 0.0);
#pragma omp parallel for num_threads(ResolveThreadCount(numberOfThreads))
  for (std::int64_t i = 0; i < n; ++i)
  {
    for (std::int64_t e = affinities.RowStart[i]; e < affinities.RowStart[i + 1]; ++e)
    {
      const double p = affinities.Values[e];
      if (p > 0.0)
      {
        const double squared =
          (embedding.row(i) - embedding.row(affinities.Columns[e])).squaredNorm();
        rowKL[i] += p * (std::log(p) + std::log1p(squared));
        rowP[i] += p;
      }
    }
  }
  return std::accumulate(rowKL.begin(), rowKL.end(), 0.0) +
    std::accumulate(rowP.begin(), rowP.end(), 0.0) * std::log(z);
}

//------------------------------------------------------------------------------
void CheckTSNEOptions(const TSNEOptions& options, std::int64_t numberOfPoints)
{
  if (options.NumberOfComponents < 1 || options.NumberOfComponents > 3)
  {
    throw InvalidInput("t-SNE embeds in 1 to 3 dimensions, not " +
      std::to_string(options.NumberOfComponents));
  }
  if (!(options.Perplexity > 0.0))
  {
    throw InvalidInput("the perplexity must be positive");
  }
  if (numberOfPoints < 2 || options.Perplexity >= static_cast<double>(numberOfPoints))
  {
    throw InvalidInput("a perplexity of " + std::to_string(options.Perplexity) +
      " needs more than that many samples; there are " + std::to_string(numberOfPoints));
  }
  if (!(options.EarlyExaggeration >= 1.0))
  {
    throw InvalidInput("the early exaggeration must be at least 1");
  }
  if (options.NumberOfIterations < 1 || options.EarlyExaggerationIterations < 0)
  {
    throw InvalidInput("t-SNE needs at least one iteration");
  }
  if (options.LearningRate < 0.0)
  {
    throw InvalidInput("the learning rate must be positive (or 0 for automatic)");
  }
  if (options.Initialization == TSNEInitialization::Array && !options.InitializationArray)
  {
    throw InvalidInput("the initialization array is missing");
  }
}

//------------------------------------------------------------------------------
double TSNELearningRate(const TSNEOptions& options, std::int64_t numberOfPoints)
{
  // Without the gradient's constant factor 4 (as FIt-SNE and openTSNE); scikit-learn's
  // max(n / exaggeration / 4, 50) with the factor is the same step.
  return options.LearningRate > 0.0
    ? options.LearningRate
    : std::max(static_cast<double>(numberOfPoints) / options.EarlyExaggeration, 200.0);
}

//------------------------------------------------------------------------------
MatrixRMd TSNEInitialLayout(const ConstMatrixMap& data, const TSNEOptions& options)
{
  const Eigen::Index n = data.rows();
  const int dims = options.NumberOfComponents;
  MatrixRMd layout(n, dims);
  switch (options.Initialization)
  {
    case TSNEInitialization::Array:
      layout = ConstMatrixMap(options.InitializationArray, n, dims).cast<double>();
      CheckFinite(options.InitializationArray, n * dims, "the initialization array");
      break;
    case TSNEInitialization::Random:
    {
      std::mt19937_64 generator(options.Seed);
      std::normal_distribution<double> normal(0.0, 1e-4);
      for (Eigen::Index e = 0; e < layout.size(); ++e)
      {
        layout.data()[e] = normal(generator);
      }
      break;
    }
    case TSNEInitialization::PCA:
    {
      if (data.cols() < dims)
      {
        throw InvalidInput("PCA initialization needs at least " + std::to_string(dims) +
          " features; there are " + std::to_string(data.cols()));
      }
      layout = ComputePCA(data, dims, options.NumberOfThreads).Scores.cast<double>();
      // scikit-learn's scale: standard deviation 1e-4 along the first axis.
      const double mean = layout.col(0).mean();
      const double deviation =
        std::sqrt((layout.col(0).array() - mean).square().sum() / static_cast<double>(n));
      layout *= deviation > 0.0 ? 1e-4 / deviation : 1.0;
      break;
    }
  }
  return layout;
}

//------------------------------------------------------------------------------
double OptimizeTSNE(MatrixRMd& embedding, const TSNEAffinities& affinities,
  const TSNEOptions& options, const ProgressCallback& progress)
{
  const Eigen::Index n = embedding.rows();
  const Eigen::Index dims = embedding.cols();
  const int threads = ResolveThreadCount(options.NumberOfThreads);
  const double learningRate = TSNELearningRate(options, n);
  MatrixRMd attraction, repulsion;
  RepulsionWorkspace workspace;
  MatrixRMd update = MatrixRMd::Zero(n, dims);
  MatrixRMd gains = MatrixRMd::Ones(n, dims);
  double z = 0.0;
  for (int iteration = 0; iteration < options.NumberOfIterations; ++iteration)
  {
    const bool early = iteration < options.EarlyExaggerationIterations;
    if (iteration == options.EarlyExaggerationIterations)
    {
      update.setZero();
      gains.setOnes();
    }
    const double exaggeration = early ? options.EarlyExaggeration : 1.0;
    const double momentum = early ? 0.5 : 0.8;
    Attraction(affinities, embedding, attraction, threads);
    z = dims == 2 ? InterpolatedRepulsion(embedding, repulsion, threads, options.Grid, &workspace)
                  : ExactRepulsion(embedding, repulsion, threads);
    const double inverseZ = 1.0 / z;
#pragma omp parallel for num_threads(threads)
    for (Eigen::Index i = 0; i < n; ++i)
    {
      for (Eigen::Index d = 0; d < dims; ++d)
      {
        const double gradient = exaggeration * attraction(i, d) - inverseZ * repulsion(i, d);
        double& gain = gains(i, d);
        gain = (gradient > 0.0) != (update(i, d) > 0.0) ? gain + 0.2 : std::max(gain * 0.8, 0.01);
        update(i, d) = momentum * update(i, d) - learningRate * gain * gradient;
        embedding(i, d) += update(i, d);
      }
    }
    if (iteration % 10 == 9)
    {
      ReportProgress(progress, static_cast<double>(iteration + 1) / options.NumberOfIterations);
    }
  }
  return z;
}

//------------------------------------------------------------------------------
TSNEResult ComputeTSNE(
  const ConstMatrixMap& data, const TSNEOptions& options, const ProgressCallback& progress)
{
  const Eigen::Index n = data.rows();
  CheckTSNEOptions(options, n);
  CheckFinite(data.data(), data.size(), "the data");
  const int threads = ResolveThreadCount(options.NumberOfThreads);
  // The graph counts the point itself in column 0. With t-SNE's many neighbours HNSW's queries
  // are slow: the exact search is as fast at 10,000 x 784 (1.1 s against 1.5-2.0 s) and stays
  // ahead up to about 15,000 samples.
  const int k = TSNENeighborCount(options.Perplexity, n) + 1;
  const ProgressCallback neighborProgress = ProgressPhase(progress, 0.0, 0.3);
  const NeighborGraph neighbors = n <= 15000
    ? ExactNeighbors(data, k, options.Distance, threads, neighborProgress)
    : Neighbors(data, k, options.Distance, threads, options.Seed, neighborProgress);
  const TSNEAffinities affinities =
    ComputeTSNEAffinities(neighbors, options.Perplexity, options.Distance, threads);
  ReportProgress(progress, 0.32);
  MatrixRMd embedding = TSNEInitialLayout(data, options);
  ReportProgress(progress, 0.35);
  OptimizeTSNE(embedding, affinities, options, ProgressPhase(progress, 0.35, 1.0));
  // The loss of the embedding returned, so one more Z.
  MatrixRMd unused;
  const double z = options.NumberOfComponents == 2
    ? InterpolatedRepulsion(embedding, unused, threads, options.Grid)
    : ExactRepulsion(embedding, unused, threads);
  TSNEResult result;
  result.Embedding = embedding.cast<float>();
  result.KLDivergence = TSNEKLDivergence(affinities, embedding, z, threads);
  return result;
}

} // namespace neurotour
