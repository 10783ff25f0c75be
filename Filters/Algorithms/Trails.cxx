#include "Trails.h"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

namespace neurotour
{

std::vector<float> AssembleTrails(const std::int64_t* ids, std::int64_t count, int dimension,
  const std::vector<TrailStep>& steps)
{
  if (dimension < 1)
  {
    throw InvalidInput("a trail needs at least one coordinate per step");
  }
  const std::size_t width = steps.size() * static_cast<std::size_t>(dimension);
  std::vector<float> trails(
    static_cast<std::size_t>(count) * width, std::numeric_limits<float>::quiet_NaN());
  for (std::size_t s = 0; s < steps.size(); ++s)
  {
    const TrailStep& step = steps[s];
    std::unordered_map<std::int64_t, std::int64_t> rowOf;
    rowOf.reserve(static_cast<std::size_t>(step.Count));
    for (std::int64_t r = 0; r < step.Count; ++r)
    {
      if (!rowOf.emplace(step.Ids[r], r).second)
      {
        throw InvalidInput("SampleId " + std::to_string(step.Ids[r]) +
          " appears twice in one time step, so its trail is ambiguous");
      }
    }
    for (std::int64_t r = 0; r < count; ++r)
    {
      const auto found = rowOf.find(ids[r]);
      if (found == rowOf.end())
      {
        continue;
      }
      const float* from = step.Values + found->second * dimension;
      float* to = trails.data() + static_cast<std::size_t>(r) * width + s * dimension;
      std::copy(from, from + dimension, to);
    }
  }
  return trails;
}

} // namespace neurotour
