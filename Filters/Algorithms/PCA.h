// Principal component analysis, centred and truncated to the leading components.
#pragma once

#include "Common.h"

#include <vector>

namespace neurotour
{

struct PCAResult
{
  MatrixRM Scores;     // n x k: the centred data projected on the components
  MatrixRM Components; // k x d: unit principal axes, by decreasing variance
  Eigen::VectorXf Mean;
  std::vector<double> ExplainedVariance;      // eigenvalues of the covariance (n - 1)
  std::vector<double> ExplainedVarianceRatio; // fraction of the total variance
};

/// The top `numberOfComponents` components without a full decomposition: the covariance
/// (accumulated over row chunks) and a Lanczos solver (Spectra) when d <= 2048, else a
/// randomized SVD with power iterations on the implicitly centred data. Each component's
/// largest loading is positive, so results are reproducible.
PCAResult ComputePCA(const ConstMatrixMap& data, int numberOfComponents, int numberOfThreads = 0,
  const ProgressCallback& progress = {});

} // namespace neurotour
