// Shared vocabulary of the algorithms layer: matrix views, progress/abort, threads, errors.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace neurotour
{

/// Samples are rows: a VTK multi-component array is exactly this layout, so it maps without a copy.
using MatrixRM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixRMd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMatrixMap = Eigen::Map<const MatrixRM>;
using MatrixMap = Eigen::Map<MatrixRM>;

/// Reports progress in [0, 1]; returns false when the caller wants the computation to stop.
/// Algorithms call it from the thread that called them, between chunks of work, never from
/// worker threads (ParaView's progress handler is not thread-safe).
using ProgressCallback = std::function<bool(double fraction)>;

/// Thrown for input the algorithm cannot work on; the message names the problem.
class InvalidInput : public std::invalid_argument
{
public:
  using std::invalid_argument::invalid_argument;
};

/// Thrown when the progress callback asked to stop.
class Aborted : public std::runtime_error
{
public:
  Aborted()
    : std::runtime_error("aborted")
  {
  }
};

/// 0 means every core OpenMP offers; anything else is used as given.
int ResolveThreadCount(int requested);

/// Calls progress(fraction) if set and throws Aborted when it returns false.
void ReportProgress(const ProgressCallback& progress, double fraction);

/// A step's progress: its [0, 1] mapped onto [from, to] of `progress` (which must outlive
/// it); empty when `progress` is.
ProgressCallback ProgressPhase(const ProgressCallback& progress, double from, double to);

/// Throws InvalidInput naming `what` if any value is NaN or infinite.
void CheckFinite(const float* values, std::int64_t count, const std::string& what);

} // namespace neurotour
