// The UMAP SGD kernel shared by UMAP and Aligned UMAP (internal to layer 1).
//
// Parallel scheme (deterministic for a fixed seed and thread count): each thread owns a
// contiguous range of vertices and the edges whose head it owns (edges are in CSR order). A
// thread updates its own vertices in place and reads them live; vertices of other threads are
// read from a snapshot taken at the start of the epoch, and pushes to them (the "move other"
// half of an attractive step) are accumulated in the thread's delta buffer and added at the
// end of the epoch in thread order. With one thread this is exactly umap-learn's serial loop.
// A transform (new samples placed into a fitted layout) moves only the heads: tails and
// negative samples are rows of the fixed fitted layout, so threads share nothing and the result
// does not depend on the thread count.
// Random numbers come from a counter-based generator keyed on (seed, epoch, edge), so no
// stream is shared between threads.
#pragma once

#include "UMAP.h"

#include <Eigen/Core>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>
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
  /// With `fixedTails` (fixedTailCount rows of the layout's width), the graph's columns index
  /// those rows, which stay where they are (umap-learn's transform, move_other=False).
  LayoutOptimizer(const FuzzyGraph& graph, int numberOfEpochs, int negativeSampleRate,
    int numberOfThreads, const float* fixedTails = nullptr, std::int64_t fixedTailCount = 0);

  std::int64_t NumberOfVertices() const { return this->Vertices; }
  std::int64_t NumberOfEdges() const { return static_cast<std::int64_t>(this->Head.size()); }

  /// One epoch over `embedding` (NumberOfVertices x dims, row-major). `pull(vertex, d, value)`
  /// returns the extra (already clipped) gradient of coordinate d of a vertex at `value`.
  template <class Pull>
  void RunEpoch(float* embedding, int dims, int epoch, float alpha, float a, float b,
    float gamma, std::uint64_t seed, const Pull& pull);

private:
  template <bool Transform, class Pull>
  void RunEpochFor(float* embedding, int dims, int epoch, float alpha, float a, float b,
    float gamma, std::uint64_t seed, const Pull& pull);

  /// One epoch for a fixed dimension (0: any) and mode (Transform: fixed tails), chosen at
  /// compile time so the fit's kernel carries no test for the transform.
  template <int Dims, bool Transform, class Pull>
  void RunEpochFixed(float* embedding, int dims, int epoch, float alpha, float a, float b,
    float gamma, std::uint64_t seed, const Pull& pull);

  std::int64_t Vertices = 0;
  int Threads = 1;
  const float* FixedTails = nullptr;
  std::int64_t TailVertices = 0; // where tails and negative samples are drawn from
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
  if (this->FixedTails)
  {
    this->RunEpochFor<true>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
  }
  else
  {
    this->RunEpochFor<false>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
  }
}

template <bool Transform, class Pull>
void LayoutOptimizer::RunEpochFor(float* embedding, int dims, int epoch, float alpha, float a,
  float b, float gamma, std::uint64_t seed, const Pull& pull)
{
  switch (dims)
  {
    case 2:
      this->RunEpochFixed<2, Transform>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
      break;
    case 3:
      this->RunEpochFixed<3, Transform>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
      break;
    case 15:
      this->RunEpochFixed<15, Transform>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
      break;
    default:
      this->RunEpochFixed<0, Transform>(embedding, dims, epoch, alpha, a, b, gamma, seed, pull);
  }
}

/// Bit i set when edge first + i is due in this epoch (NextSample <= epoch), for width <= 32
/// edges: a vectorised scan instead of one unpredictable branch per edge.
inline std::uint32_t DueEdges(const float* nextSample, int width, float epoch)
{
  std::uint32_t due = 0;
  if (width == 32)
  {
    for (int i = 0; i < 32; ++i)
    {
      due |= static_cast<std::uint32_t>(nextSample[i] <= epoch) << i;
    }
  }
  else
  {
    for (int i = 0; i < width; ++i)
    {
      due |= static_cast<std::uint32_t>(nextSample[i] <= epoch) << i;
    }
  }
  return due;
}

/// Coordinate d of the rows of a batch's lanes, built in registers: writing the lanes to
/// memory and reading them back as one vector would stall on store forwarding.
inline Batch LaneCoordinates(const float* const* rows, int d)
{
  static_assert(BatchLanes == 8, "one argument per lane");
  return Batch(rows[0][d], rows[1][d], rows[2][d], rows[3][d], rows[4][d], rows[5][d],
    rows[6][d], rows[7][d]);
}

/// How the kernel holds a point: 9 to 16 coordinates as two overlapping parts of 8 (one SIMD
/// register each; coordinates held by both are updated alike, so they stay equal), other fixed
/// sizes as one part in registers, run-time sizes in place in the layout.
template <int Dims>
struct PointParts
{
  static constexpr bool Split = Dims > 8 && Dims <= 16;
  static constexpr int Count = Split ? 2 : 1;
  static constexpr int PartSize = Split ? 8 : (Dims > 0 ? Dims : Eigen::Dynamic);
  using Value = Eigen::Array<float, PartSize, 1>;
  using Part = std::conditional_t<(Dims > 0), Value, Eigen::Map<Value>>;

  Part P[Count];

  /// First coordinate of part p.
  static int Offset(int p, int dims) { return p == 0 ? 0 : dims - 8; }
  static int Size(int dims) { return Split ? 8 : dims; }

  static PointParts Load(float* row, int dims)
  {
    if constexpr (Split)
    {
      return { { Row(row, 0, dims), Row(row, 1, dims) } };
    }
    else if constexpr (Dims > 0)
    {
      return { { Row(row, 0, dims) } };
    }
    else
    {
      return { { Part(row, dims) } };
    }
  }

  void Store(float* row, int dims) const
  {
    if constexpr (Dims > 0)
    {
      for (int p = 0; p < Count; ++p)
      {
        Eigen::Map<Value>(row + Offset(p, dims)) = this->P[p];
      }
    }
  }

  /// Part p of a row of the layout.
  static Eigen::Map<const Value> Row(const float* row, int p, int dims)
  {
    return Eigen::Map<const Value>(row + Offset(p, dims), Size(dims));
  }

  float Coordinate(int d, int dims) const
  {
    return Split && d >= 8 ? this->P[1][d - Offset(1, dims)] : this->P[0][d];
  }
};

/// target += Clip(gradient + pull(vertex, offset + d, value)) * alpha for each coordinate d of
/// a part; without a pull the gradient is already clipped.
template <class Pull, class Target, class Value, class Gradient>
void Move(Target& target, const Value& value, const Gradient& gradient, float alpha,
  std::int32_t vertex, int offset, const Pull& pull)
{
  if constexpr (std::is_same_v<Pull, NoPull>)
  {
    target += gradient * alpha;
  }
  else
  {
    for (Eigen::Index d = 0; d < target.size(); ++d)
    {
      target[d] +=
        Clip(gradient[d] + pull(vertex, offset + static_cast<int>(d), value[d])) * alpha;
    }
  }
}

template <int Dims, bool Transform, class Pull>
void LayoutOptimizer::RunEpochFixed(float* embedding, int runtimeDims, int epoch, float alpha,
  float a, float b, float gamma, std::uint64_t seed, const Pull& pull)
{
  using Parts = PointParts<Dims>;
  const int dims = Dims > 0 ? Dims : runtimeDims;
  // Rows are mapped writable for the moving side; fixed tails are only ever read.
  float* fixedTails = const_cast<float*>(this->FixedTails);
  const bool shared = this->Threads > 1 && !Transform;
  if (shared)
  {
    this->Snapshot.resize(static_cast<std::size_t>(this->Vertices) * dims);
    for (auto& delta : this->Deltas)
    {
      delta.resize(this->Snapshot.size(), 0.0f);
    }
  }
  float* snapshot = this->Snapshot.data();
  const float epochValue = static_cast<float>(epoch);
  const std::uint64_t epochKey =
    seed * 0xD1B54A32D192ED03ull + std::uint64_t(epoch) * 0x9E3779B97F4A7C15ull;

#pragma omp parallel num_threads(this->Threads)
  {
    const int thread = omp_get_thread_num();
    const std::int32_t firstVertex = this->ThreadVertexStart[thread];
    const std::int32_t endVertex = this->ThreadVertexStart[thread + 1];
    const std::size_t firstOwned = static_cast<std::size_t>(firstVertex) * dims;
    const std::size_t endOwned = static_cast<std::size_t>(endVertex) * dims;
    float* delta = nullptr;
    if (shared)
    {
      std::copy(embedding + firstOwned, embedding + endOwned, snapshot + firstOwned);
      delta = this->Deltas[thread].data();
#pragma omp barrier
    }
    auto owned = [&](std::int32_t v) { return !shared || (v >= firstVertex && v < endVertex); };
    typename Parts::Value gradient(Parts::Size(dims));
    // umap-learn pushes coincident points apart by the clip bound.
    const typename Parts::Value push = Parts::Value::Constant(Parts::Size(dims), 4.0f);

    const std::int64_t endEdge = this->ThreadEdgeStart[thread + 1];
    for (std::int64_t block = this->ThreadEdgeStart[thread]; block < endEdge; block += 32)
    {
      std::uint32_t due = DueEdges(this->NextSample.data() + block,
        static_cast<int>(std::min<std::int64_t>(32, endEdge - block)), epochValue);
      for (; due != 0; due &= due - 1)
      {
        const std::int64_t e = block + __builtin_ctz(due);
        const std::int32_t j = this->Head[e];
        const std::int32_t k = this->Tail[e];
        float* current = embedding + static_cast<std::size_t>(j) * dims;
        Parts position = Parts::Load(current, dims);
        const int negatives =
          static_cast<int>((epochValue - this->NextNegative[e]) / this->EpochsPerNegative[e]);
        std::uint64_t state = epochKey ^ (static_cast<std::uint64_t>(e) * 0xBF58476D1CE4E5B9ull);

        // Lane 0 of the first batch is the attraction to k, the other lanes negative samples;
        // each batch's distances are taken from the point's position at the batch's start.
        bool attract = true;
        int remaining = negatives;
        std::int32_t targets[BatchLanes];
        float* rows[BatchLanes];
        while (attract || remaining > 0)
        {
          int count = 0;
          if (attract)
          {
            targets[count++] = k;
          }
          for (; count < BatchLanes && remaining > 0; --remaining)
          {
            targets[count++] = UniformIndex(SplitMix64(state), this->TailVertices);
          }
          for (int l = 0; l < BatchLanes; ++l)
          {
            // Unused lanes read the moving point's row: any valid row will do.
            float* tails = nullptr;
            if constexpr (Transform)
            {
              tails = fixedTails;
            }
            else
            {
              tails = owned(targets[l]) ? embedding : snapshot;
            }
            rows[l] = l >= count ? current : tails + static_cast<std::size_t>(targets[l]) * dims;
          }
          Batch squared = Batch::Zero();
          for (int d = 0; d < dims; ++d)
          {
            squared += (position.Coordinate(d, dims) - LaneCoordinates(rows, d)).square();
          }
          // Repulsion coefficients of all lanes at once: 2 gamma b / ((0.001 + d^2)(1 + a d^2b)).
          const Batch power = Powers(squared, b);
          const Batch affinity = a * power + 1.0f;
          const Batch repulsion = (2.0f * gamma * b) / ((squared + 0.001f) * affinity);

          int l = 0;
          if (attract)
          {
            attract = false;
            l = 1;
            // -2ab d^(2(b-1)) / (1 + a d^2b), as d^2b / d^2: one pow per update.
            const float attraction = squared[0] > 0.0f
              ? -2.0f * a * b * power[0] / (squared[0] * affinity[0])
              : 0.0f;
            // Both parts of `pushed` are read before either is written back; a fixed tail is
            // not pushed.
            const Parts other = Parts::Load(rows[0], dims);
            if constexpr (Transform)
            {
              for (int p = 0; p < Parts::Count; ++p)
              {
                gradient = (attraction * (position.P[p] - other.P[p])).max(-4.0f).min(4.0f);
                Move(position.P[p], position.P[p], gradient, alpha, j, Parts::Offset(p, dims), pull);
              }
            }
            else
            {
              float* pushed =
                owned(k) ? rows[0] : delta + static_cast<std::size_t>(k) * dims;
              Parts target = Parts::Load(pushed, dims);
              for (int p = 0; p < Parts::Count; ++p)
              {
                const int offset = Parts::Offset(p, dims);
                gradient = (attraction * (position.P[p] - other.P[p])).max(-4.0f).min(4.0f);
                Move(position.P[p], position.P[p], gradient, alpha, j, offset, pull);
                Move(target.P[p], other.P[p], -gradient, alpha, k, offset, pull);
              }
              target.Store(pushed, dims);
            }
            this->NextSample[e] += this->EpochsPerSample[e];
          }
          for (; l < count; ++l)
          {
            const bool repel = squared[l] > 0.0f && repulsion[l] > 0.0f;
            if (!repel && squared[l] <= 0.0f && j == targets[l])
            {
              continue;
            }
            for (int p = 0; p < Parts::Count; ++p)
            {
              const int offset = Parts::Offset(p, dims);
              if (repel)
              {
                Move(position.P[p], position.P[p],
                  (repulsion[l] * (position.P[p] - Parts::Row(rows[l], p, dims)))
                    .max(-4.0f)
                    .min(4.0f),
                  alpha, j, offset, pull);
              }
              else
              {
                Move(position.P[p], position.P[p], push, alpha, j, offset, pull);
              }
            }
          }
          position.Store(current, dims);
        }
        this->NextNegative[e] += static_cast<float>(negatives) * this->EpochsPerNegative[e];
      }
    }

    if (shared)
    {
      // Each thread adds every thread's pushes to its own vertices, in thread order, and
      // clears them for the next epoch.
#pragma omp barrier
      for (auto& other : this->Deltas)
      {
        float* pushes = other.data();
        for (std::size_t i = firstOwned; i < endOwned; ++i)
        {
          embedding[i] += pushes[i];
          pushes[i] = 0.0f;
        }
      }
    }
  }
}

} // namespace detail
} // namespace neurotour
