// PCA against known answers: data built from known orthonormal axes and variances, for both
// the Lanczos (covariance) path and the randomized path, and against a full eigensolver.
#include "PCA.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include <gtest/gtest.h>

#include <random>

using namespace neurotour;

namespace
{

/// n samples in d dimensions: latent coordinates with the given standard deviations along
/// random orthonormal axes, plus isotropic noise, shifted by a mean of 5.
struct Known
{
  MatrixRM Data;
  Eigen::MatrixXd Axes; // d x k
  std::vector<double> Variances;
  double TotalVariance;
};

Known MakeKnown(int n, int d, const std::vector<double>& deviations, double noise, unsigned seed)
{
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal;
  const int k = static_cast<int>(deviations.size());
  Eigen::MatrixXd random(d, k);
  for (int i = 0; i < random.size(); ++i)
  {
    random.data()[i] = normal(rng);
  }
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(random);
  Known known;
  known.Axes = qr.householderQ() * Eigen::MatrixXd::Identity(d, k);
  // Latent columns centred and exactly uncorrelated, so the sample's principal axes are the
  // generating axes (not a chance rotation of them).
  Eigen::MatrixXd latent(n, k);
  for (int i = 0; i < latent.size(); ++i)
  {
    latent.data()[i] = normal(rng);
  }
  latent = (latent.rowwise() - latent.colwise().mean()).eval();
  Eigen::HouseholderQR<Eigen::MatrixXd> latentQR(latent);
  latent = latentQR.householderQ() * Eigen::MatrixXd::Identity(n, k) * std::sqrt(n - 1.0);
  for (int c = 0; c < k; ++c)
  {
    latent.col(c) *= deviations[c];
  }
  Eigen::MatrixXd data = latent * known.Axes.transpose();
  for (int i = 0; i < data.size(); ++i)
  {
    data.data()[i] += noise * normal(rng) + 5.0;
  }
  known.Data = data.cast<float>();
  // Variances of the sample along each axis (what PCA should report, up to the noise).
  const Eigen::MatrixXd centred = data.rowwise() - data.colwise().mean();
  for (int c = 0; c < k; ++c)
  {
    known.Variances.push_back((centred * known.Axes.col(c)).squaredNorm() / (n - 1));
  }
  known.TotalVariance = centred.squaredNorm() / (n - 1);
  return known;
}

void ExpectRecovers(const Known& known, int k)
{
  const PCAResult pca = ComputePCA(
    ConstMatrixMap(known.Data.data(), known.Data.rows(), known.Data.cols()), k, 2);
  ASSERT_EQ(pca.Components.rows(), k);
  ASSERT_EQ(pca.Scores.rows(), known.Data.rows());
  ASSERT_EQ(pca.Scores.cols(), k);
  for (int c = 0; c < k; ++c)
  {
    const double cosine = std::abs(pca.Components.row(c).cast<double>().dot(known.Axes.col(c)));
    EXPECT_GT(cosine, 0.999) << "component " << c;
    EXPECT_NEAR(pca.ExplainedVariance[c], known.Variances[c], 0.01 * known.Variances[c]);
    EXPECT_NEAR(pca.ExplainedVarianceRatio[c], known.Variances[c] / known.TotalVariance, 0.01);
    // The scores' variance is the component's variance.
    const double variance = (pca.Scores.col(c).cast<double>().array() -
                              pca.Scores.col(c).cast<double>().mean())
                              .square()
                              .sum() /
      (known.Data.rows() - 1);
    EXPECT_NEAR(variance, pca.ExplainedVariance[c], 1e-3 * variance);
  }
  EXPECT_NEAR(pca.Mean.mean(), 5.0, 0.1);
}

} // namespace

TEST(PCA, RecoversKnownComponentsLanczos)
{
  ExpectRecovers(MakeKnown(3000, 200, { 10, 6, 4, 2.5 }, 0.02, 1), 4);
}

TEST(PCA, RecoversKnownComponentsSmallDimension)
{
  ExpectRecovers(MakeKnown(500, 12, { 5, 3 }, 0.02, 2), 2);
}

TEST(PCA, RecoversKnownComponentsRandomized)
{
  ExpectRecovers(MakeKnown(800, 2500, { 12, 8, 5 }, 0.01, 3), 3);
}

TEST(PCA, MatchesFullEigendecomposition)
{
  // Unstructured data: the top 10 eigenvalues of a full solve of the covariance.
  std::mt19937 rng(4);
  std::gamma_distribution<float> gamma(2.0f);
  MatrixRM data(2000, 150);
  for (int i = 0; i < data.size(); ++i)
  {
    data.data()[i] = gamma(rng) * (1 + i % 150) * 0.01f;
  }
  const PCAResult pca = ComputePCA(ConstMatrixMap(data.data(), data.rows(), data.cols()), 10, 2);
  const Eigen::MatrixXd x = data.cast<double>();
  const Eigen::MatrixXd centred = x.rowwise() - x.colwise().mean();
  const Eigen::MatrixXd covariance = centred.transpose() * centred / (data.rows() - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> full(covariance);
  const double total = covariance.trace();
  double ratioSum = 0.0;
  for (int c = 0; c < 10; ++c)
  {
    const double expected = full.eigenvalues()[149 - c];
    EXPECT_NEAR(pca.ExplainedVariance[c], expected, 1e-4 * expected);
    EXPECT_NEAR(pca.ExplainedVarianceRatio[c], expected / total, 1e-5);
    EXPECT_GT(std::abs(pca.Components.row(c).cast<double>().dot(full.eigenvectors().col(149 - c))),
      0.999);
    ratioSum += pca.ExplainedVarianceRatio[c];
  }
  EXPECT_LT(ratioSum, 1.0);
}

TEST(PCA, BadInput)
{
  MatrixRM data = MatrixRM::Random(10, 4);
  const ConstMatrixMap map(data.data(), 10, 4);
  EXPECT_THROW(ComputePCA(map, 0), InvalidInput);
  EXPECT_THROW(ComputePCA(map, 5), InvalidInput);
  EXPECT_THROW(ComputePCA(ConstMatrixMap(data.data(), 1, 4), 1), InvalidInput);
  data(2, 2) = std::numeric_limits<float>::infinity();
  EXPECT_THROW(ComputePCA(map, 2), InvalidInput);
}
