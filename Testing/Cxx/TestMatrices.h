// Random matrices and rotations for the algorithm tests (known answers are built from them).
#pragma once

#include "Common.h"

#include <Eigen/QR>

#include <random>

namespace neurotour
{
namespace fixtures
{

/// Standard normal entries, reproducible for a seed.
inline neurotour::MatrixRM RandomMatrix(Eigen::Index rows, Eigen::Index cols, unsigned seed)
{
  std::mt19937 random(seed);
  std::normal_distribution<float> normal;
  neurotour::MatrixRM m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i)
  {
    m.data()[i] = normal(random);
  }
  return m;
}

/// Standard normal entries with row r moved by (r % clusters) * spacing along every axis:
/// `clusters` overlapping blobs, reproducible for a seed.
inline neurotour::MatrixRM ClusteredMatrix(
  Eigen::Index rows, Eigen::Index cols, int clusters, float spacing, unsigned seed)
{
  neurotour::MatrixRM m = RandomMatrix(rows, cols, seed);
  for (Eigen::Index r = 0; r < rows; ++r)
  {
    m.row(r).array() += static_cast<float>(r % clusters) * spacing;
  }
  return m;
}

/// A random orthogonal d x d matrix (the Q of a Gaussian matrix).
inline Eigen::MatrixXd RandomRotation(Eigen::Index d, unsigned seed)
{
  return Eigen::HouseholderQR<Eigen::MatrixXd>(RandomMatrix(d, d, seed).cast<double>())
    .householderQ();
}

/// The layer-1 view of a matrix.
inline neurotour::ConstMatrixMap View(const neurotour::MatrixRM& m)
{
  return neurotour::ConstMatrixMap(m.data(), m.rows(), m.cols());
}

} // namespace fixtures
} // namespace neurotour
