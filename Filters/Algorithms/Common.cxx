#include "Common.h"

#include <omp.h>

#include <cmath>

namespace neurotour
{

int ResolveThreadCount(int requested)
{
  return requested > 0 ? requested : omp_get_max_threads();
}

void ReportProgress(const ProgressCallback& progress, double fraction)
{
  if (progress && !progress(fraction))
  {
    throw Aborted();
  }
}

ProgressCallback ProgressPhase(const ProgressCallback& progress, double from, double to)
{
  if (!progress)
  {
    return {};
  }
  return [&progress, from, to](double fraction) { return progress(from + (to - from) * fraction); };
}

void CheckFinite(const float* values, std::int64_t count, const std::string& what)
{
  std::int64_t bad = 0;
#pragma omp parallel for reduction(+ : bad)
  for (std::int64_t i = 0; i < count; ++i)
  {
    bad += std::isfinite(values[i]) ? 0 : 1;
  }
  if (bad > 0)
  {
    throw InvalidInput(what + " holds " + std::to_string(bad) + " NaN or infinite value(s)");
  }
}

} // namespace neurotour
