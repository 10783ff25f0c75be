// t-SNE (van der Maaten & Hinton 2008) with the sparse input affinities of Barnes-Hut t-SNE
// (3 x perplexity neighbours) and, in 2-D, the repulsion interpolated on a grid and convolved
// by FFT (Linderman et al. 2019, FIt-SNE), which makes an iteration O(n). The optimiser is the
// one scikit-learn, openTSNE and FIt-SNE share: early exaggeration, momentum, and per-coordinate
// gains. The pieces are public so tests reach each one.
#pragma once

#include "Common.h"
#include "NearestNeighbors.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace neurotour
{

/// The joint input affinities P: symmetric, no diagonal, summing to 1, in CSR form.
struct TSNEAffinities
{
  std::int64_t NumberOfPoints = 0;
  std::vector<std::int64_t> RowStart; // NumberOfPoints + 1 offsets
  std::vector<std::int32_t> Columns;
  std::vector<float> Values;

  /// P_ij, 0 when absent.
  float Value(std::int64_t i, std::int32_t j) const;
};

/// Conditional affinities p_j|i = exp(-beta_i d_ij^2) / sum over each row's neighbours, beta_i
/// bisected so that their entropy is log(perplexity) (scikit-learn's _binary_search_perplexity),
/// then P = (P + P^T) / sum. The graph's column 0 is the point itself and is skipped.
/// Euclidean distances are squared first, cosine ones are not (as scikit-learn).
TSNEAffinities ComputeTSNEAffinities(
  const NeighborGraph& graph, double perplexity, Metric metric, int numberOfThreads = 0);

/// The neighbours scikit-learn's Barnes-Hut t-SNE uses: min(n - 1, floor(3 perplexity + 1)).
int TSNENeighborCount(double perplexity, std::int64_t numberOfPoints);

/// The repulsive part of the gradient, sum_j q_ij^2 (y_i - y_j) with q_ij = 1 / (1 + |y_i -
/// y_j|^2), unnormalised, in `forces` (n x dims), and Z = sum_{i != j} q_ij as return value.
/// Exact: O(n^2), any dimension.
double ExactRepulsion(const MatrixRMd& embedding, MatrixRMd& forces, int numberOfThreads = 0);

/// The grid of InterpolatedRepulsion: Lagrange nodes per box (at most 8), FIt-SNE's node
/// spacing (3 per unit, the kernel's scale), and the fewest and most boxes per side. A layout
/// too wide for MaximumBoxes at that spacing gets a coarser grid, and the kernel's part within
/// NearFieldSpacings node spacings is then summed exactly over near pairs. The near pairs cost
/// ~n^2 / boxes^2 and the FFT ~boxes^2, so MaximumBoxes 0 takes 0.25 sqrt(n), at least 15: on
/// Fashion-MNIST near the fastest at 2,500, 10,000 and 70,000 samples (0.35 sqrt(n), at least
/// 30, before the near sum ran 8-wide). On the final layout of 10,000, FIt-SNE's fixed spacing
/// took 5.5x the time with 3x the force error (2.9% vs 0.9%).
struct RepulsionGrid
{
  int NodesPerBox = 3;
  double FinestSpacing = 1.0 / 3.0;
  int MinimumBoxes = 10;
  int MaximumBoxes = 0;
  double NearFieldSpacings = 4.0;
};

/// InterpolatedRepulsion's grids and FFT plans, kept between the calls of one optimisation:
/// allocating them each iteration cost a third of its time.
class RepulsionWorkspace
{
public:
  RepulsionWorkspace();
  ~RepulsionWorkspace();
  RepulsionWorkspace(const RepulsionWorkspace&) = delete;
  RepulsionWorkspace& operator=(const RepulsionWorkspace&) = delete;

  struct Buffers;
  /// The buffers and plans for an L x L grid, made anew only when L changes.
  Buffers& Prepare(int side);

private:
  std::unique_ptr<Buffers> Storage;
};

/// The same by polynomial interpolation on an equispaced grid and FFT convolution with the
/// kernel; 2-D only.
double InterpolatedRepulsion(const MatrixRMd& embedding, MatrixRMd& forces,
  int numberOfThreads = 0, const RepulsionGrid& grid = {}, RepulsionWorkspace* workspace = nullptr);

/// The attractive part, sum_j P_ij q_ij (y_i - y_j), in `forces`.
void Attraction(const TSNEAffinities& affinities, const MatrixRMd& embedding, MatrixRMd& forces,
  int numberOfThreads = 0);

/// KL(P || Q) = sum P_ij log(P_ij / (q_ij / Z)) for the given normalisation Z.
double TSNEKLDivergence(const TSNEAffinities& affinities, const MatrixRMd& embedding, double z,
  int numberOfThreads = 0);

enum class TSNEInitialization
{
  PCA,    // the first principal components, scaled to standard deviation 1e-4 on axis 1
  Random, // N(0, 1e-4)
  Array
};

struct TSNEOptions
{
  int NumberOfComponents = 2; // 2 uses the interpolated repulsion, 1 and 3 the exact one
  double Perplexity = 30.0;
  double EarlyExaggeration = 12.0;
  int EarlyExaggerationIterations = 250;
  int NumberOfIterations = 1000; // in all, the early-exaggeration ones included
  double LearningRate = 0.0;     // 0: max(n / EarlyExaggeration, 50)
  Metric Distance = Metric::Euclidean;
  TSNEInitialization Initialization = TSNEInitialization::PCA;
  const float* InitializationArray = nullptr; // n x NumberOfComponents, row-major (Array only)
  std::uint64_t Seed = 42;
  int NumberOfThreads = 0;
  RepulsionGrid Grid; // 2-D only
};

/// Throws InvalidInput naming the first option out of range for n samples.
void CheckTSNEOptions(const TSNEOptions& options, std::int64_t numberOfPoints);

/// The learning rate the options give for n samples.
double TSNELearningRate(const TSNEOptions& options, std::int64_t numberOfPoints);

/// The starting layout for the chosen initialisation.
MatrixRMd TSNEInitialLayout(const ConstMatrixMap& data, const TSNEOptions& options);

/// Gradient descent on `embedding` (n x dims) in place: EarlyExaggerationIterations with the
/// attraction exaggerated and momentum 0.5, the rest with momentum 0.8, gains and updates
/// restarted between the two as scikit-learn does. Returns the last Z.
double OptimizeTSNE(MatrixRMd& embedding, const TSNEAffinities& affinities,
  const TSNEOptions& options, const ProgressCallback& progress = {});

struct TSNEResult
{
  MatrixRM Embedding;
  double KLDivergence = 0.0; // of the final embedding
};

/// The whole fit. Progress: neighbours 0-30%, affinities 30-32%, initialisation 32-35%,
/// optimisation 35-100%.
TSNEResult ComputeTSNE(const ConstMatrixMap& data, const TSNEOptions& options,
  const ProgressCallback& progress = {});

} // namespace neurotour
