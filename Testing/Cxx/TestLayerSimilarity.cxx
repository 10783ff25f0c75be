// Linear CKA and the Procrustes similarity against their definitions and invariances.
#include "LayerSimilarity.h"
#include "Procrustes.h"
#include "TestMatrices.h"

#include <Eigen/SVD>

#include <gtest/gtest.h>

#include <cmath>

using namespace neurotour;
using namespace neurotour::fixtures;

namespace
{

Eigen::MatrixXd Centred(const MatrixRM& m)
{
  const Eigen::MatrixXd d = m.cast<double>();
  return d.rowwise() - d.colwise().mean();
}

/// CKA in its original Gram (n × n) form, HSIC(K, L) = tr(K H L H): an independent formula.
double GramCKA(const MatrixRM& x, const MatrixRM& y)
{
  const Eigen::MatrixXd kx = Centred(x) * Centred(x).transpose();
  const Eigen::MatrixXd ky = Centred(y) * Centred(y).transpose();
  return (kx.array() * ky.array()).sum() / (kx.norm() * ky.norm());
}

double DirectProcrustesSimilarity(const MatrixRM& t, const MatrixRM& b)
{
  auto nuclear = [](const Eigen::MatrixXd& m)
  {
    return Eigen::JacobiSVD<Eigen::MatrixXd>(m).singularValues().sum();
  };
  const Eigen::MatrixXd ct = Centred(t);
  const Eigen::MatrixXd cb = Centred(b);
  return nuclear(ct.transpose() * cb) /
    std::sqrt(nuclear(ct.transpose() * ct) * nuclear(cb.transpose() * cb));
}

Eigen::MatrixXd Similarities(const std::vector<MatrixRM>& layers, SimilarityMeasure measure,
  int threads = 2)
{
  std::vector<ConstMatrixMap> views;
  for (const auto& layer : layers)
  {
    views.push_back(View(layer));
  }
  return LayerSimilarityMatrix(views, std::vector<std::vector<std::int64_t>>(layers.size()),
    measure, threads);
}

} // namespace

TEST(LayerSimilarity, CKAOfALayerWithItselfIsOne)
{
  const MatrixRM x = RandomMatrix(400, 20, 1);
  const Eigen::MatrixXd s = Similarities({ x }, SimilarityMeasure::CKA);
  EXPECT_NEAR(s(0, 0), 1.0, 1e-12);
}

TEST(LayerSimilarity, InvariantToOrthogonalTransformsAndIsotropicScaling)
{
  const MatrixRM x = RandomMatrix(500, 6, 2);
  const Eigen::MatrixXd q = RandomRotation(6, 3);
  const MatrixRM moved = ((4.5 * x.cast<double>() * q).array() + 10.0).matrix().cast<float>();
  const MatrixRM other = RandomMatrix(500, 4, 4) + 0.3f * x.leftCols(4);
  for (SimilarityMeasure measure : { SimilarityMeasure::CKA, SimilarityMeasure::Procrustes })
  {
    const Eigen::MatrixXd s = Similarities({ x, moved, other }, measure);
    EXPECT_NEAR(s(0, 1), 1.0, 1e-6);
    EXPECT_NEAR(s(0, 2), s(1, 2), 1e-6);
    EXPECT_NEAR(s(2, 0), s(0, 2), 0.0);
    EXPECT_LT(s(0, 2), 0.9);
  }
}

TEST(LayerSimilarity, FeatureFormEqualsTheGramForm)
{
  const MatrixRM x = RandomMatrix(300, 12, 5);
  const MatrixRM y = RandomMatrix(300, 7, 6) + 0.5f * x.leftCols(7);
  const Eigen::MatrixXd s = Similarities({ x, y }, SimilarityMeasure::CKA, 1);
  EXPECT_NEAR(s(0, 1), GramCKA(x, y), 1e-9);
  const Eigen::MatrixXd p = Similarities({ x, y }, SimilarityMeasure::Procrustes, 1);
  EXPECT_NEAR(p(0, 1), DirectProcrustesSimilarity(x, y), 1e-9);
  EXPECT_NEAR(p(0, 0), 1.0, 1e-12);
}

TEST(LayerSimilarity, RowsAreMatchedBySampleId)
{
  const MatrixRM x = RandomMatrix(200, 5, 7);
  const MatrixRM y = RandomMatrix(200, 3, 8) + x.leftCols(3);
  // The second layer holds the same samples reversed, plus 50 samples the first lacks.
  MatrixRM reversed = RandomMatrix(250, 3, 9);
  std::vector<std::int64_t> idsX(200), idsY(250);
  for (int i = 0; i < 200; ++i)
  {
    idsX[i] = 1000 + i;
    reversed.row(199 - i) = y.row(i);
    idsY[199 - i] = 1000 + i;
  }
  for (int i = 200; i < 250; ++i)
  {
    idsY[i] = 5000 + i;
  }
  const auto rows = MatchSampleIdsAcross({ idsX, idsY });
  ASSERT_EQ(rows[0].size(), 200u);
  const Eigen::MatrixXd matched =
    LayerSimilarityMatrix({ View(x), View(reversed) }, rows, SimilarityMeasure::CKA, 2);
  EXPECT_NEAR(matched(0, 1), GramCKA(x, y), 1e-9);
}

TEST(LayerSimilarity, ConstantLayerAndTooFewSamplesThrow)
{
  const MatrixRM x = RandomMatrix(50, 3, 10);
  // Every sample the same; 0.1 is inexact in binary, but float sums in double are exact.
  const MatrixRM flat = MatrixRM::Constant(50, 2, 0.1f);
  EXPECT_THROW(Similarities({ x, flat }, SimilarityMeasure::CKA), InvalidInput);
  EXPECT_THROW(Similarities({ x, flat }, SimilarityMeasure::Procrustes), InvalidInput);
  const MatrixRM one = RandomMatrix(1, 3, 11);
  EXPECT_THROW(Similarities({ one, one }, SimilarityMeasure::CKA), InvalidInput);
  const MatrixRM other = RandomMatrix(40, 3, 12);
  EXPECT_THROW(Similarities({ x, other }, SimilarityMeasure::CKA), InvalidInput);
}
