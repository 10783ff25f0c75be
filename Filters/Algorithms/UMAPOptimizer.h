// The UMAP SGD kernel shared by UMAP and Aligned UMAP (internal to layer 1).
//
// Parallel scheme (deterministic for a fixed seed and thread count): each thread owns a
// contiguous range of vertices and the edges whose head it owns (edges are in CSR order). A
// thread updates its own vertices in place and reads them live; vertices of other threads are
// read from a snapshot taken at the start of the epoch, and pushes to them (the "move other"
// half of an attractive step) are accumulated in the thread's delta buffer and added at the
// end of the epoch in thread order. With one thread this is exactly umap-learn's serial loop.
// Random numbers come from a counter-based generator keyed on (seed, epoch, edge), so no
// stream is shared between threads.
#pragma once

#include "UMAP.h"

#include <Eigen/Core>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace neurotour
{
namespace detail
{

inline std::uint64_t SplitMix64(std::uint64_t& state)
{
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// A uniform index in [0, n) by Lemire's multiply-shift (no division).
inline std::int32_t UniformIndex(std::uint64_t random, std::int64_t n)
{
  return static_cast<std::int32_t>(((random >> 32) * static_cast<std::uint64_t>(n)) >> 32);
}

/// The SGD evaluates the similarity curve for an edge's attraction and its negative samples
/// together, one SIMD batch: the lanes are independent, so their pow and memory latencies
/// overlap instead of forming one dependency chain through the moving point.
constexpr int BatchLanes = 8;
using Batch = Eigen::Array<float, BatchLanes, 1>;

/// x^y per lane for x > 0 and y > 0 by Eigen's vectorised log and exp (0 gives a negligible
/// denormal; the kernel tests for zero distances itself).
inline Batch Powers(const Batch& x, float y)
{
  return (y * x.log()).exp();
}

inline float Clip(float value)
{
  return std::min(4.0f, std::max(-4.0f, value));
}

/// No alignment pull: plain UMAP.
struct NoPull
{
  float operator()(std::int32_t, int, float) const { return 0.0f; }
};

class LayoutOptimizer
{
public:
  /// Drops edges below w_max / numberOfEpochs and sets up umap-learn's sampling schedule.
  LayoutOptimizer(const FuzzyGraph& graph, int numberOfEpochs, int negativeSampleRate,
    int numberOfThreads);

  std::int64_t NumberOfVertices() const { return this->Vertices; }
  std::int64_t NumberOfEdges() const { return static_cast<std::int64_t>(this->Head.size()); }

  /// One epoch over `embedding` (NumberOfVertices x dims, row-major). `pull(vertex, d, value)`
  /// returns the extra (already clipped) gradient of coordinate d of a vertex at `value`.
  template <class Pull>
  void RunEpoch(float* embedding, int dims, int epoch, float alpha, float a, float b,
    float gamma, std::uint64_t seed, const Pull& pull);

private:
  template <int Dims, class Pull>
  void RunEpochFixed(float* embedding, int dims, int epoch, float alpha, float a, float b,
    float gamma, std::uint64_t seed, const Pull& pull);

  std::int64_t Vertices = 0;
  int Threads = 1;
  std::vector<std::int32_t> Head;
  std::vector<std::int32_t> Tail;
  std::vector<float> EpochsPerSample;
  std::vector<float> NextSample;
  std::vector<float> EpochsPerNegative;
  std::vector<float> NextNegative;
  std::vector<std::int64_t> ThreadEdgeStart;   // Threads + 1
  std::vector<std::int32_t> ThreadVertexStart; // Threads + 1
  std::vector<float> Snapshot;
  std::vector<std::vector<float>> Deltas;
};

template <class Pull>
void LayoutOptimizer::RunEpoch(float* embedding, int dims, int epoch, float alpha, float a,
  float b, float gamma, std::uint64_t seed, const Pull& pull)
{
  switch (dims)
  {
    case 2:
      this->RunEpochFixed<2>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
      break;
    case 3:
      this->RunEpochFixed<3>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
      break;
    case 15:
      this->RunEpochFixed<15>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
      break;
    default:
      this->RunEpochFixed<0>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
  }
}

template <int Dims, class Pull>
void LayoutOptimizer::RunEpochFixed(float* embedding, int runtimeDims, int epoch, float alpha,
  float a, float b, float gamma, std::uint64_t seed, const Pull& pull)
{
  const int dims = Dims > 0 ? Dims : runtimeDims;
  const std::size_t size = static_cast<std::size_t>(this->Vertices) * dims;
  const bool shared = this->Threads > 1;
  if (shared)
  {
    this->Snapshot.assign(embedding, embedding + size);
  }
  const float* snapshot = this->Snapshot.data();
  const float epochValue = static_cast<float>(epoch);
  const std::uint64_t epochKey = seed * 0xD1B54A32D192ED03ull + std::uint64_t(epoch) * 0x9E3779B97F4A7C15ull;

#pragma omp parallel num_threads(this->Threads)
  {
    const int thread = omp_get_thread_num();
    const std::int32_t firstVertex = this->ThreadVertexStart[thread];
    const std::int32_t endVertex = this->ThreadVertexStart[thread + 1];
    float* delta = nullptr;
    if (shared)
    {
      this->Deltas[thread].assign(size, 0.0f);
      delta = this->Deltas[thread].data();
    }
    auto owned = [&](std::int32_t v) { return !shared || (v >= firstVertex && v < endVertex); };

    for (std::int64_t e = this->ThreadEdgeStart[thread]; e < this->ThreadEdgeStart[thread + 1];
         ++e)
    {
      if (this->NextSample[e] > epochValue)
      {
        continue;
      }
      const std::int32_t j = this->Head[e];
      const std::int32_t k = this->Tail[e];
      float* current = embedding + static_cast<std::size_t>(j) * dims;
      const int negatives =
        static_cast<int>((epochValue - this->NextNegative[e]) / this->EpochsPerNegative[e]);
      std::uint64_t state = epochKey ^ (static_cast<std::uint64_t>(e) * 0xBF58476D1CE4E5B9ull);

      // Lane 0 of the first batch is the attraction to k, the other lanes negative samples;
      // each batch's distances are taken from the point's position at the batch's start.
      bool attract = true;
      int remaining = negatives;
      std::int32_t targets[BatchLanes];
      const float* rows[BatchLanes];
      Batch squared = Batch::Ones();
      while (attract || remaining > 0)
      {
        int count = 0;
        if (attract)
        {
          targets[count++] = k;
        }
        for (; count < BatchLanes && remaining > 0; --remaining)
        {
          targets[count++] = UniformIndex(SplitMix64(state), this->Vertices);
        }
        for (int l = 0; l < count; ++l)
        {
          rows[l] = (owned(targets[l]) ? embedding : snapshot) +
            static_cast<std::size_t>(targets[l]) * dims;
          float sum = 0.0f;
          for (int d = 0; d < dims; ++d)
          {
            const float diff = current[d] - rows[l][d];
            sum += diff * diff;
          }
          squared[l] = sum;
        }
        const Batch power = Powers(squared, b);

        int l = 0;
        if (attract)
        {
          attract = false;
          l = 1;
          const float distanceSquared = squared[0];
          // d^(2(b-1)) = d^2b / d^2: one pow per update.
          const float coefficient = distanceSquared > 0.0f
            ? -2.0f * a * b * (power[0] / distanceSquared) / (a * power[0] + 1.0f)
            : 0.0f;
          const bool ownOther = owned(k);
          float* other = const_cast<float*>(rows[0]);
          for (int d = 0; d < dims; ++d)
          {
            const float gradient = Clip(coefficient * (current[d] - other[d]));
            current[d] += Clip(gradient + pull(j, d, current[d])) * alpha;
            if (ownOther)
            {
              other[d] += Clip(-gradient + pull(k, d, other[d])) * alpha;
            }
            else
            {
              delta[static_cast<std::size_t>(k) * dims + d] +=
                Clip(-gradient + pull(k, d, other[d])) * alpha;
            }
          }
          this->NextSample[e] += this->EpochsPerSample[e];
        }
        for (; l < count; ++l)
        {
          const float negativeSquared = squared[l];
          if (negativeSquared <= 0.0f && j == targets[l])
          {
            continue;
          }
          const float repulsion = negativeSquared > 0.0f
            ? 2.0f * gamma * b / ((0.001f + negativeSquared) * (a * power[l] + 1.0f))
            : 0.0f;
          const float* negative = rows[l];
          for (int d = 0; d < dims; ++d)
          {
            // umap-learn pushes coincident points apart by the clip bound.
            const float gradient =
              repulsion > 0.0f ? Clip(repulsion * (current[d] - negative[d])) : 4.0f;
            current[d] += Clip(gradient + pull(j, d, current[d])) * alpha;
          }
        }
      }
      this->NextNegative[e] += static_cast<float>(negatives) * this->EpochsPerNegative[e];
    }
  }

  if (shared)
  {
    for (const auto& delta : this->Deltas)
    {
      for (std::size_t i = 0; i < size; ++i)
      {
        embedding[i] += delta[i];
      }
    }
  }
}

} // namespace detail
} // namespace neurotour
