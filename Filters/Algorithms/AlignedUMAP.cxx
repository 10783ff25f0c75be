#include "AlignedUMAP.h"

#include "Procrustes.h"
#include "UMAPOptimizer.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <unordered_map>

namespace neurotour
{

namespace
{

/// For each offset o in [-w, w] \ {0} whose slice exists: the counterpart row in slice s + o
/// (or -1) and the pull weight of that offset.
struct SlicePulls
{
  std::vector<int> Offsets;
  std::vector<std::vector<std::int32_t>> Partner; // per offset, per row
  std::vector<float> Weight;                      // per offset
};

} // namespace

//------------------------------------------------------------------------------
AlignedUMAPResult ComputeAlignedUMAP(const std::vector<ConstMatrixMap>& slices,
  const std::vector<std::vector<std::int64_t>>& ids, const AlignedUMAPOptions& options,
  const ProgressCallback& progress)
{
  const int count = static_cast<int>(slices.size());
  if (count < 1 || ids.size() != slices.size())
  {
    throw InvalidInput("Aligned UMAP needs at least one slice and sample ids for each");
  }
  if (options.Initialization == UMAPInitialization::Array)
  {
    throw InvalidInput("Aligned UMAP starts from spectral, random or PCA layouts, not an array");
  }
  if (options.AlignmentWindowSize < 0 || !(options.AlignmentRegularization >= 0.0f))
  {
    throw InvalidInput("the alignment window and regularization must not be negative");
  }
  for (int s = 0; s < count; ++s)
  {
    CheckUMAPOptions(options, slices[s].rows());
    if (static_cast<std::int64_t>(ids[s].size()) != slices[s].rows())
    {
      throw InvalidInput("slice " + std::to_string(s) + " has " + std::to_string(slices[s].rows()) +
        " rows but " + std::to_string(ids[s].size()) + " sample ids");
    }
    if (slices[s].cols() < 1)
    {
      throw InvalidInput("slice " + std::to_string(s) + " has no features");
    }
    CheckFinite(slices[s].data(), slices[s].size(), "slice " + std::to_string(s));
  }

  // Rows by sample id, checked before the costly graphs: neighbouring slices are tied together
  // only through the samples they share.
  std::vector<std::unordered_map<std::int64_t, std::int32_t>> rowOf(count);
  for (int s = 0; s < count; ++s)
  {
    rowOf[s].reserve(ids[s].size());
    for (std::size_t i = 0; i < ids[s].size(); ++i)
    {
      if (!rowOf[s].emplace(ids[s][i], static_cast<std::int32_t>(i)).second)
      {
        throw InvalidInput("sample id " + std::to_string(ids[s][i]) + " repeats in slice " +
          std::to_string(s));
      }
    }
  }
  for (int s = 1; s < count; ++s)
  {
    const bool shared = std::any_of(ids[s].begin(), ids[s].end(),
      [&](std::int64_t id) { return rowOf[s - 1].count(id) > 0; });
    if (!shared)
    {
      throw InvalidInput("slices " + std::to_string(s - 1) + " and " + std::to_string(s) +
        " share no sample id, so nothing aligns their embeddings (Aligned UMAP pulls together "
        "the samples neighbouring slices share)");
    }
  }

  // 1. One fuzzy graph per slice (the only per-slice work umap-learn keeps from its fits).
  std::vector<FuzzyGraph> graphs;
  for (int s = 0; s < count; ++s)
  {
    const NeighborGraph neighbors = Neighbors(slices[s], options.NumberOfNeighbors,
      options.Distance, options.NumberOfThreads, options.Seed,
      ProgressPhase(progress, 0.4 * s / count, 0.4 * (s + 1) / count));
    graphs.push_back(FuzzySimplicialSet(
      neighbors, options.SetOpMixRatio, options.LocalConnectivity, options.NumberOfThreads));
  }

  // 2. Relations by sample id and the pull weights. The window is symmetric
  // (-w .. +w): umap-learn loops range(-w, w) and so skips +w, pulling a slice toward its
  // predecessors more than toward its successors; the pull is a symmetric objective, so both
  // ends of each pair get it here. The weight is lambda * exp(-(|o| - 1)) for every related
  // sample: umap-learn 0.5.3 meant to scale it by the Jaccard overlap of the sample's
  // neighbourhoods, but indexes with in1d's uint8 result, which numba takes as integer indices
  // (not a mask), so its "overlap" is |N_b| / |N_a| ~ 1 (mean 0.98-1.02 on the benchmark). Its
  // alignment_regularisation, and so ours, is the weight of an unscaled pull; a true Jaccard
  // (0.17-0.7 between noisy epochs) pulled up to 6x more weakly than umap-learn does.
  std::vector<SlicePulls> pulls(count);
  for (int s = 0; s < count; ++s)
  {
    const std::int64_t n = slices[s].rows();
    for (int o = -options.AlignmentWindowSize; o <= options.AlignmentWindowSize; ++o)
    {
      const int t = s + o;
      if (o == 0 || t < 0 || t >= count)
      {
        continue;
      }
      std::vector<std::int32_t> partner(n, -1);
      for (std::int64_t i = 0; i < n; ++i)
      {
        const auto found = rowOf[t].find(ids[s][i]);
        partner[i] = found == rowOf[t].end() ? -1 : found->second;
      }
      pulls[s].Offsets.push_back(o);
      pulls[s].Partner.push_back(std::move(partner));
      pulls[s].Weight.push_back(
        options.AlignmentRegularization * std::exp(-(std::abs(o) - 1.0f)));
    }
  }
  ReportProgress(progress, 0.45);

  // 3. Initial layouts, each rotated onto the previous slice at the shared samples.
  AlignedUMAPResult result;
  result.Embeddings.resize(count);
  for (int s = 0; s < count; ++s)
  {
    UMAPOptions sliceOptions = options;
    sliceOptions.Seed = options.Seed + static_cast<std::uint64_t>(s);
    MatrixRM layout = InitialLayout(slices[s], graphs[s], sliceOptions);
    if (s > 0)
    {
      const RowMatch match = MatchSampleIds(ids[s], ids[s - 1]);
      if (match.Size() > options.NumberOfComponents)
      {
        const ConstMatrixMap source(layout.data(), layout.rows(), layout.cols());
        const MatrixRM& previous = result.Embeddings[s - 1];
        const Alignment alignment = FitAlignment(source,
          ConstMatrixMap(previous.data(), previous.rows(), previous.cols()), match,
          AlignmentMethod::Orthogonal, false, options.NumberOfThreads);
        MatrixRM rotated(layout.rows(), layout.cols());
        ApplyAlignment(
          alignment, source, MatrixMap(rotated.data(), rotated.rows(), rotated.cols()));
        layout = std::move(rotated);
      }
    }
    result.Embeddings[s] = std::move(layout);
  }
  ReportProgress(progress, 0.5);

  // 4. Joint SGD: every slice's UMAP epoch with the alignment pull, slices in a seeded
  // shuffled order each epoch (as umap-learn), the same kernel as UMAP.
  const int epochs = options.NumberOfEpochs > 0 ? options.NumberOfEpochs : 200;
  result.NumberOfEpochs = epochs;
  const int threads = ResolveThreadCount(options.NumberOfThreads);
  const auto [a, b] = FitCurveParameters(options.MinimumDistance, options.Spread);
  std::vector<detail::LayoutOptimizer> optimizers;
  for (int s = 0; s < count; ++s)
  {
    optimizers.emplace_back(graphs[s], epochs, options.NegativeSampleRate, threads);
  }
  const int dims = options.NumberOfComponents;
  std::vector<int> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 shuffler(options.Seed);
  for (int epoch = 0; epoch < epochs; ++epoch)
  {
    std::shuffle(order.begin(), order.end(), shuffler);
    const float alpha = options.LearningRate * (1.0f - float(epoch) / float(epochs));
    for (int s : order)
    {
      const SlicePulls& sp = pulls[s];
      auto pull = [&](std::int32_t vertex, int d, float value)
      {
        float total = 0.0f;
        for (std::size_t k = 0; k < sp.Offsets.size(); ++k)
        {
          const std::int32_t partner = sp.Partner[k][vertex];
          if (partner >= 0)
          {
            const float other = result.Embeddings[s + sp.Offsets[k]](partner, d);
            total -= detail::Clip(sp.Weight[k] * (value - other));
          }
        }
        return total;
      };
      optimizers[s].RunEpoch(result.Embeddings[s].data(), dims, epoch, alpha, a, b,
        options.RepulsionStrength, options.Seed + 0x9E3779B9ull * static_cast<std::uint64_t>(s),
        pull);
    }
    ReportProgress(progress, 0.5 + 0.48 * double(epoch + 1) / epochs);
  }
  for (int s = 0; s < count; ++s)
  {
    result.Losses.push_back(FuzzyCrossEntropy(
      graphs[s], result.Embeddings[s], a, b, options.Seed, options.NumberOfThreads));
  }
  ReportProgress(progress, 1.0);
  return result;
}

} // namespace neurotour
