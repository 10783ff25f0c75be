// Random matrices and rotations for the algorithm tests (known answers are built from them).
#pragma once

#include "Common.h"

#include <Eigen/QR>

#include <random>

namespace neurotour_testing
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

} // namespace neurotour_testing
