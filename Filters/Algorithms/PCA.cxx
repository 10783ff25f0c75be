#include "PCA.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <Spectra/MatOp/DenseSymMatProd.h>
#include <Spectra/SymEigsSolver.h>

#include <omp.h>

#include <algorithm>
#include <random>
#include <string>

namespace neurotour
{

namespace
{
using MatrixCd = Eigen::MatrixXd;

/// Covariance (d x d, double) accumulated over centred row chunks: float GEMMs on chunks of
/// a few thousand rows keep the precision, double sums keep it across chunks.
MatrixCd Covariance(const ConstMatrixMap& data, const Eigen::VectorXf& mean, int threads,
  const ProgressCallback& progress)
{
  const std::int64_t n = data.rows();
  const Eigen::Index d = data.cols();
  const std::int64_t chunk = 2048;
  const std::int64_t chunks = (n + chunk - 1) / chunk;
  std::vector<MatrixCd> partial(threads, MatrixCd::Zero(d, d));
  const std::int64_t round = std::max<std::int64_t>(threads * 4, 1);
  for (std::int64_t start = 0; start < chunks; start += round)
  {
    const std::int64_t stop = std::min(chunks, start + round);
#pragma omp parallel for num_threads(threads) schedule(static, 1)
    for (std::int64_t c = start; c < stop; ++c)
    {
      const std::int64_t first = c * chunk;
      const std::int64_t rows = std::min(chunk, n - first);
      const MatrixRM centred = data.middleRows(first, rows).rowwise() - mean.transpose();
      Eigen::MatrixXf product(d, d);
      product.noalias() = centred.transpose() * centred;
      partial[omp_get_thread_num()] += product.cast<double>();
    }
    ReportProgress(progress, 0.8 * double(stop) / chunks);
  }
  MatrixCd covariance = MatrixCd::Zero(d, d);
  for (const auto& p : partial)
  {
    covariance += p;
  }
  return covariance / static_cast<double>(n - 1);
}

/// Top-k eigenpairs of the covariance, eigenvalues decreasing.
void TopEigenpairs(const MatrixCd& covariance, int k, Eigen::VectorXd& values, MatrixCd& vectors)
{
  const Eigen::Index d = covariance.rows();
  if (d <= 64 || 3 * k >= d)
  {
    Eigen::SelfAdjointEigenSolver<MatrixCd> solver(covariance);
    values = solver.eigenvalues().reverse().head(k);
    vectors = solver.eigenvectors().rowwise().reverse().leftCols(k);
    return;
  }
  Spectra::DenseSymMatProd<double> op(covariance);
  const Eigen::Index ncv = std::min<Eigen::Index>(d, std::max(2 * k + 1, k + 20));
  Spectra::SymEigsSolver<Spectra::DenseSymMatProd<double>> solver(op, k, ncv);
  solver.init();
  solver.compute(Spectra::SortRule::LargestAlge, 1000, 1e-10);
  if (solver.info() != Spectra::CompInfo::Successful)
  {
    Eigen::SelfAdjointEigenSolver<MatrixCd> full(covariance);
    values = full.eigenvalues().reverse().head(k);
    vectors = full.eigenvectors().rowwise().reverse().leftCols(k);
    return;
  }
  values = solver.eigenvalues();
  vectors = solver.eigenvectors();
}

/// Randomized SVD (Halko, Martinsson & Tropp) of the implicitly centred data: the top-k right
/// singular vectors and the covariance eigenvalues s^2 / (n - 1).
void RandomizedTop(const ConstMatrixMap& data, const Eigen::VectorXf& mean, int k,
  const ProgressCallback& progress, Eigen::VectorXd& values, MatrixCd& vectors)
{
  const std::int64_t n = data.rows();
  const Eigen::Index d = data.cols();
  const Eigen::Index l = std::min<Eigen::Index>(std::min<Eigen::Index>(n, d), k + 10);
  std::mt19937_64 rng(12345);
  std::normal_distribution<float> normal;
  Eigen::MatrixXf omega(d, l);
  for (Eigen::Index i = 0; i < omega.size(); ++i)
  {
    omega.data()[i] = normal(rng);
  }
  const Eigen::RowVectorXf meanRow = mean.transpose();
  // X_c M = X M - 1 (mean^T M), and X_c^T Q = X^T Q - mean (1^T Q).
  auto times = [&](const Eigen::MatrixXf& m)
  {
    Eigen::MatrixXf y = data * m;
    y.rowwise() -= meanRow * m;
    return y;
  };
  auto transposeTimes = [&](const Eigen::MatrixXf& q)
  {
    Eigen::MatrixXf z = data.transpose() * q;
    z -= mean * q.colwise().sum();
    return z;
  };
  auto orthonormal = [](const Eigen::MatrixXf& m)
  {
    Eigen::HouseholderQR<Eigen::MatrixXf> qr(m);
    return Eigen::MatrixXf(qr.householderQ() * Eigen::MatrixXf::Identity(m.rows(), m.cols()));
  };
  Eigen::MatrixXf q = orthonormal(times(omega));
  constexpr int powerIterations = 6;
  for (int i = 0; i < powerIterations; ++i)
  {
    q = orthonormal(times(orthonormal(transposeTimes(q))));
    ReportProgress(progress, 0.8 * (i + 1) / powerIterations);
  }
  const Eigen::MatrixXd b = transposeTimes(q).transpose().cast<double>(); // l x d
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(b, Eigen::ComputeThinV);
  values = svd.singularValues().head(k).array().square() / static_cast<double>(n - 1);
  vectors = svd.matrixV().leftCols(k);
}

} // namespace

//------------------------------------------------------------------------------
PCAResult ComputePCA(const ConstMatrixMap& data, int numberOfComponents, int numberOfThreads,
  const ProgressCallback& progress)
{
  const std::int64_t n = data.rows();
  const Eigen::Index d = data.cols();
  if (n < 2 || d < 1)
  {
    throw InvalidInput("PCA needs at least 2 samples and 1 feature, got " + std::to_string(n) +
      " x " + std::to_string(d));
  }
  if (numberOfComponents < 1 || numberOfComponents > std::min<std::int64_t>(n, d))
  {
    throw InvalidInput("the number of components must be between 1 and min(samples, features) = " +
      std::to_string(std::min<std::int64_t>(n, d)) + ", got " +
      std::to_string(numberOfComponents));
  }
  CheckFinite(data.data(), data.size(), "the data");
  const int threads = ResolveThreadCount(numberOfThreads);
  const int k = numberOfComponents;

  Eigen::VectorXd sum = Eigen::VectorXd::Zero(d);
  Eigen::VectorXd squares = Eigen::VectorXd::Zero(d);
  for (std::int64_t i = 0; i < n; ++i)
  {
    const Eigen::VectorXd row = data.row(i).transpose().cast<double>();
    sum += row;
    squares += row.cwiseAbs2();
  }
  const Eigen::VectorXd meanD = sum / static_cast<double>(n);
  const double totalVariance =
    ((squares - static_cast<double>(n) * meanD.cwiseAbs2()) / static_cast<double>(n - 1))
      .cwiseMax(0.0)
      .sum();

  PCAResult result;
  result.Mean = meanD.cast<float>();
  Eigen::VectorXd values;
  MatrixCd vectors;
  if (d <= 2048)
  {
    TopEigenpairs(Covariance(data, result.Mean, threads, progress), k, values, vectors);
  }
  else
  {
    RandomizedTop(data, result.Mean, k, progress, values, vectors);
  }
  for (int c = 0; c < k; ++c)
  {
    Eigen::Index largest = 0;
    vectors.col(c).cwiseAbs().maxCoeff(&largest);
    if (vectors(largest, c) < 0.0)
    {
      vectors.col(c) *= -1.0;
    }
  }
  result.Components = vectors.transpose().cast<float>();
  result.Scores = data * result.Components.transpose();
  result.Scores.rowwise() -= (result.Components * result.Mean).transpose();
  for (int c = 0; c < k; ++c)
  {
    const double value = std::max(0.0, values[c]);
    result.ExplainedVariance.push_back(value);
    result.ExplainedVarianceRatio.push_back(totalVariance > 0.0 ? value / totalVariance : 0.0);
  }
  ReportProgress(progress, 1.0);
  return result;
}

} // namespace neurotour
