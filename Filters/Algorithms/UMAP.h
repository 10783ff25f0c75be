// UMAP (McInnes, Healy & Melville 2018) as umap-learn 0.5 computes it: smooth k-NN distances,
// fuzzy union graph, a/b curve fit, spectral initialisation, SGD with negative sampling,
// plus the embedding's fuzzy cross-entropy. The pieces are public so that Aligned UMAP reuses
// them and tests reach each one.
#pragma once

#include "Common.h"
#include "NearestNeighbors.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace neurotour
{

/// A symmetric sparse graph without self edges, in CSR form (columns ascending in each row).
/// A transform's graph is bipartite instead: row i holds new sample i's edges to fitted
/// samples (columns index the fitted samples).
struct FuzzyGraph
{
  std::int64_t NumberOfPoints = 0;
  std::vector<std::int64_t> RowStart; // NumberOfPoints + 1 offsets
  std::vector<std::int32_t> Columns;
  std::vector<float> Weights;

  std::int64_t NumberOfEntries() const { return static_cast<std::int64_t>(Columns.size()); }
  /// Weight of (i, j), 0 when absent.
  float Weight(std::int64_t i, std::int32_t j) const;
};

/// rho (distance to the nearest non-zero neighbour) and sigma (bandwidth) per point, solved by
/// bisection so that sum_j exp(-max(0, d_ij - rho_i) / sigma_i) = log2(k) * bandwidth.
struct SmoothDistances
{
  std::vector<float> Rho;
  std::vector<float> Sigma;
};
SmoothDistances SmoothKNNDistances(const NeighborGraph& graph, float localConnectivity = 1.0f,
  float bandwidth = 1.0f, int numberOfThreads = 0);

/// The fuzzy simplicial set: memberships exp(-(d - rho) / sigma), then the fuzzy union
/// P + P^T - P o P^T (setOpMixRatio 1) blended toward the intersection P o P^T below 1.
FuzzyGraph FuzzySimplicialSet(const NeighborGraph& graph, float setOpMixRatio = 1.0f,
  float localConnectivity = 1.0f, int numberOfThreads = 0);

/// a, b of the low-dimensional similarity 1 / (1 + a d^2b), least-squares fitted
/// (Levenberg-Marquardt) to the curve min_dist/spread define, as umap-learn's find_ab_params.
std::pair<float, float> FitCurveParameters(float minimumDistance, float spread);

/// The spectral layout: eigenvectors 2..dims+1 of the normalised Laplacian (the largest of
/// I + D^-1/2 W D^-1/2 by Spectra). Returns an empty matrix when the graph is disconnected or
/// the solver does not converge, so the caller falls back to a random layout.
MatrixRM SpectralLayout(const FuzzyGraph& graph, int dims);

/// Number of connected components of the graph.
std::int64_t CountComponents(const FuzzyGraph& graph);

/// Fuzzy cross-entropy between the graph's memberships v and w = 1 / (1 + a |yi - yj|^2b) over
/// unordered pairs: exact on the edges; on the non-edges exact for small n, else estimated
/// from uniformly sampled pairs scaled to the number of non-edges (deterministic for a seed).
double FuzzyCrossEntropy(const FuzzyGraph& graph, const MatrixRM& embedding, float a, float b,
  std::uint64_t seed, int numberOfThreads = 0);

enum class UMAPInitialization
{
  Spectral,
  Random,
  PCA,
  Array
};

struct UMAPOptions
{
  int NumberOfComponents = 2;
  int NumberOfNeighbors = 15;
  float MinimumDistance = 0.1f;
  float Spread = 1.0f;
  int NumberOfEpochs = 0; // 0: 500 up to 10,000 samples, else 200
  Metric Distance = Metric::Euclidean;
  UMAPInitialization Initialization = UMAPInitialization::Spectral;
  const float* InitializationArray = nullptr; // n x NumberOfComponents, row-major (Array only)
  std::uint64_t Seed = 42;
  int NumberOfThreads = 0;
  float LearningRate = 1.0f;
  float RepulsionStrength = 1.0f;
  int NegativeSampleRate = 5;
  float SetOpMixRatio = 1.0f;
  float LocalConnectivity = 1.0f;
};

/// The epoch count umap-learn uses when none is given.
int DefaultNumberOfEpochs(std::int64_t numberOfPoints);

/// Throws InvalidInput naming the first option out of range for n samples.
void CheckUMAPOptions(const UMAPOptions& options, std::int64_t numberOfPoints);

/// The starting layout of umap-learn 0.5 for the chosen initialisation: spectral (random when
/// the graph is disconnected) or PCA scaled to max |coord| = 10 plus N(0, 1e-4) jitter, random
/// U(-10, 10), or the given array; finally each axis min-max scaled to [0, 10].
MatrixRM InitialLayout(const ConstMatrixMap& data, const FuzzyGraph& graph,
  const UMAPOptions& options);

/// Runs the SGD on `embedding` (n x dims) in place over the graph's edges.
void OptimizeLayout(MatrixRM& embedding, const FuzzyGraph& graph, float a, float b,
  const UMAPOptions& options, int numberOfEpochs, const ProgressCallback& progress = {});

struct UMAPResult
{
  MatrixRM Embedding;
  double Loss = 0.0; // FuzzyCrossEntropy of the final embedding
  int NumberOfEpochs = 0;
};

/// The whole fit. Progress: neighbours 0-40%, graph 40-45%, initialisation 45-50%, SGD 50-98%,
/// loss to 100%.
UMAPResult ComputeUMAP(const ConstMatrixMap& data, const UMAPOptions& options,
  const ProgressCallback& progress = {});

/// umap-learn's transform graph: memberships of new samples to their k nearest fitted samples
/// (`neighbors` from QueryNeighbors), with the local connectivity lowered by one, not
/// symmetrised. Cosine neighbours at distance 2 (opposite) are left out.
FuzzyGraph TransformGraph(const NeighborGraph& neighbors, Metric metric,
  float localConnectivity = 1.0f, int numberOfThreads = 0);

/// Where new samples start: at a fitted sample's place when one is a copy (membership 1),
/// else the membership-weighted mean of their neighbours' places; NaN without neighbours.
MatrixRM TransformInitialLayout(const FuzzyGraph& graph, const ConstMatrixMap& fittedEmbedding);

/// umap-learn's transform epochs: NumberOfEpochs / 3, or 100 up to 10,000 new samples and 30
/// above when NumberOfEpochs is 0.
int TransformNumberOfEpochs(const UMAPOptions& options, std::int64_t numberOfNewPoints);

/// Places new samples into a fitted embedding without moving it (umap-learn 0.5's
/// transform): TransformGraph, TransformInitialLayout, then the SGD with the fitted samples
/// fixed as attraction targets and negative samples, from a quarter of the learning rate.
/// `options` must be the fit's (neighbours, metric, min_dist, spread). Deterministic for a
/// seed, whatever the thread count. Progress: neighbours 0-60%, SGD 65-100%.
MatrixRM TransformUMAP(const ConstMatrixMap& fittedData, const ConstMatrixMap& fittedEmbedding,
  const ConstMatrixMap& newData, const UMAPOptions& options,
  const ProgressCallback& progress = {});

} // namespace neurotour
