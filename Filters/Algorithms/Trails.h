// Trails: where each sample was at earlier time steps (epochs, adversarial steps), matched by
// SampleId, so a view can draw the path that led to its current place.
#pragma once

#include "Common.h"

#include <cstdint>
#include <vector>

namespace neurotour
{

/// One earlier time step: its samples' ids and their `dimension`-wide rows (row-major).
struct TrailStep
{
  const std::int64_t* Ids = nullptr;
  std::int64_t Count = 0;
  const float* Values = nullptr;
};

/// For each current sample (ids[r]), its rows at `steps` (oldest first), side by side:
/// out[(r · steps.size() + s) · dimension + d]; NaN where step s has no sample with that id.
/// Throws InvalidInput when an id repeats within a step (the match would be ambiguous) or the
/// dimension is below 1.
std::vector<float> AssembleTrails(const std::int64_t* ids, std::int64_t count, int dimension,
  const std::vector<TrailStep>& steps);

} // namespace neurotour
