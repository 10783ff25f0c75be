// Orthogonal Procrustes, the CKA-induced map, movement and layer alignment against known answers.
#include "Procrustes.h"
#include "TestMatrices.h"

#include <Eigen/QR>

#include <gtest/gtest.h>

#include <cmath>

using namespace neurotour;
using namespace neurotour::fixtures;

namespace
{

RowMatch Identity(Eigen::Index n)
{
  RowMatch match;
  for (Eigen::Index i = 0; i < n; ++i)
  {
    match.First.push_back(i);
    match.Second.push_back(i);
  }
  return match;
}

/// s·(X - c)·Q + t, in float like a VTK array.
MatrixRM Transform(const MatrixRM& x, const Eigen::MatrixXd& q, double scale, double shift)
{
  Eigen::MatrixXd moved = scale * x.cast<double>() * q;
  moved.array() += shift;
  return moved.cast<float>();
}

} // namespace

TEST(Procrustes, RecoversRotationWithoutScaling)
{
  const MatrixRM source = RandomMatrix(300, 5, 1);
  const Eigen::MatrixXd rotation = RandomRotation(5, 2);
  const MatrixRM reference = Transform(source, rotation, 1.0, 3.0);
  const Alignment fit = FitAlignment(View(source), View(reference), Identity(300),
    AlignmentMethod::Orthogonal, false, 2);
  EXPECT_LT((fit.Map - rotation).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_DOUBLE_EQ(fit.Scale, 1.0);
  EXPECT_LT(fit.Residual, 1e-10);
  MatrixRM aligned(300, 5);
  ApplyAlignment(fit, View(source), MatrixMap(aligned.data(), 300, 5));
  EXPECT_LT((aligned - reference).cwiseAbs().maxCoeff(), 1e-5);
}

TEST(Procrustes, RecoversRotationAndScale)
{
  const MatrixRM source = RandomMatrix(300, 4, 3);
  const Eigen::MatrixXd rotation = RandomRotation(4, 4);
  const MatrixRM reference = Transform(source, rotation, 2.5, -1.0);
  const Alignment fit = FitAlignment(View(source), View(reference), Identity(300),
    AlignmentMethod::Orthogonal, true, 1);
  EXPECT_NEAR(fit.Scale, 2.5, 1e-6);
  EXPECT_LT((fit.Map / fit.Scale - rotation).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LT(fit.Residual, 1e-10);
}

TEST(Procrustes, ResidualIsTheRelativeMisfitOfTheAlignedRows)
{
  const MatrixRM source = RandomMatrix(200, 3, 5);
  MatrixRM reference = Transform(source, RandomRotation(3, 6), 0.5, 0.0);
  reference += 0.1f * RandomMatrix(200, 3, 7);
  for (bool scaling : { false, true })
  {
    const Alignment fit = FitAlignment(View(source), View(reference), Identity(200),
      AlignmentMethod::Orthogonal, scaling, 2);
    MatrixRM aligned(200, 3);
    ApplyAlignment(fit, View(source), MatrixMap(aligned.data(), 200, 3));
    const Eigen::MatrixXd centred =
      reference.cast<double>().rowwise() - reference.cast<double>().colwise().mean();
    const double expected =
      (aligned.cast<double>() - reference.cast<double>()).squaredNorm() / centred.squaredNorm();
    EXPECT_NEAR(fit.Residual, expected, 1e-6);
    EXPECT_GT(fit.Residual, 0.0);
  }
}

TEST(Procrustes, MatchesRowsBySampleIdWithPartialOverlap)
{
  const MatrixRM source = RandomMatrix(100, 3, 8);
  const Eigen::MatrixXd rotation = RandomRotation(3, 9);
  const MatrixRM moved = Transform(source, rotation, 1.0, 0.0);
  // The reference holds samples 40..139 in reverse order; the source 0..99.
  std::vector<std::int64_t> sourceIds(100), referenceIds(100);
  MatrixRM reference = MatrixRM::Zero(100, 3);
  for (int i = 0; i < 100; ++i)
  {
    sourceIds[i] = i;
    referenceIds[i] = 139 - i;
    if (referenceIds[i] < 100)
    {
      reference.row(i) = moved.row(referenceIds[i]);
    }
  }
  const RowMatch match = MatchSampleIds(sourceIds, referenceIds);
  ASSERT_EQ(match.Size(), 60);
  EXPECT_EQ(match.First[0], 40);
  EXPECT_EQ(match.Second[0], 99);
  const Alignment fit =
    FitAlignment(View(source), View(reference), match, AlignmentMethod::Orthogonal, false, 2);
  EXPECT_LT((fit.Map - rotation).cwiseAbs().maxCoeff(), 1e-6);
  // Applied to all rows, the unmatched ones too.
  MatrixRM aligned(100, 3);
  ApplyAlignment(fit, View(source), MatrixMap(aligned.data(), 100, 3));
  EXPECT_LT((aligned - moved).cwiseAbs().maxCoeff(), 1e-5);
}

TEST(Procrustes, CKAMapRecoversRotationOfWhitenedData)
{
  // With XᵀX = αI the CKA direction XᵀY = α·Q is the rotation itself.
  MatrixRM raw = RandomMatrix(500, 4, 10);
  Eigen::MatrixXd centred = raw.cast<double>().rowwise() - raw.cast<double>().colwise().mean();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(centred);
  const Eigen::MatrixXd whitened = 7.0 * Eigen::MatrixXd(qr.householderQ()).leftCols(4);
  const MatrixRM source = whitened.cast<float>();
  const Eigen::MatrixXd rotation = RandomRotation(4, 11);
  const MatrixRM reference = Transform(source, rotation, 1.0, 2.0);
  const Alignment fit =
    FitAlignment(View(source), View(reference), Identity(500), AlignmentMethod::CKA, false, 2);
  EXPECT_LT((fit.Map - rotation).cwiseAbs().maxCoeff(), 1e-5);
  EXPECT_LT(fit.Residual, 1e-8);
  // Frobenius norm² = d, as for an orthogonal map.
  EXPECT_NEAR(fit.Map.squaredNorm(), 4.0, 1e-9);
}

TEST(Procrustes, CKAMapWithScalingMinimisesTheMisfit)
{
  const MatrixRM source = RandomMatrix(400, 3, 12);
  const MatrixRM reference = Transform(source, RandomRotation(3, 13), 0.2, 0.0);
  const Alignment plain =
    FitAlignment(View(source), View(reference), Identity(400), AlignmentMethod::CKA, false, 2);
  const Alignment scaled =
    FitAlignment(View(source), View(reference), Identity(400), AlignmentMethod::CKA, true, 2);
  EXPECT_LT(scaled.Residual, plain.Residual);
  EXPECT_LT(scaled.Residual, 0.1);
}

TEST(Procrustes, MovementIsZeroForARigidMotionAndLargestWhereASampleMoved)
{
  const MatrixRM source = RandomMatrix(200, 2, 14);
  MatrixRM reference = Transform(source, RandomRotation(2, 15), 3.0, 1.0);
  const std::vector<float> still =
    Movement(View(Transform(source, Eigen::MatrixXd::Identity(2, 2), 3.0, 0.0)),
      View(Transform(source, Eigen::MatrixXd::Identity(2, 2), 1.0, 5.0)), Identity(200));
  for (float m : still)
  {
    EXPECT_LT(m, 1e-5);
  }
  reference.row(17) += Eigen::RowVector2f(20.0f, 0.0f);
  const Alignment fit = FitAlignment(View(source), View(reference), Identity(200),
    AlignmentMethod::Orthogonal, true, 2);
  MatrixRM aligned(200, 2);
  ApplyAlignment(fit, View(source), MatrixMap(aligned.data(), 200, 2));
  const std::vector<float> movement = Movement(View(aligned), View(reference), Identity(200));
  EXPECT_EQ(std::max_element(movement.begin(), movement.end()) - movement.begin(), 17);
}

TEST(Procrustes, UnmatchedRowsHaveNoMovement)
{
  const MatrixRM a = RandomMatrix(5, 2, 16);
  const RowMatch match = MatchSampleIds({ 1, 2, 3, 4, 5 }, { 5, 4, 3 });
  const std::vector<float> movement = Movement(View(a), View(a), match);
  EXPECT_TRUE(std::isnan(movement[0]));
  EXPECT_TRUE(std::isnan(movement[1]));
  EXPECT_FALSE(std::isnan(movement[2]));
}

TEST(Procrustes, BadInputIsRejectedWithAMessage)
{
  const MatrixRM a = RandomMatrix(10, 3, 17);
  const MatrixRM b = RandomMatrix(10, 2, 18);
  EXPECT_THROW(FitAlignment(View(a), View(b), Identity(10), AlignmentMethod::Orthogonal, false, 1),
    InvalidInput);
  const RowMatch none = MatchSampleIds({ 1, 2, 3 }, { 4, 5, 6 });
  EXPECT_EQ(none.Size(), 0);
  EXPECT_THROW(FitAlignment(View(a), View(a), none, AlignmentMethod::Orthogonal, false, 1),
    InvalidInput);
  EXPECT_THROW(MatchSampleIds({ 1, 1 }, { 1 }), InvalidInput);
  const MatrixRM flat = MatrixRM::Ones(10, 3);
  EXPECT_THROW(
    FitAlignment(View(a), View(flat), Identity(10), AlignmentMethod::Orthogonal, false, 1),
    InvalidInput);
}

TEST(LayerAlignment, ChainedProcrustesUndoesEachLayersRotation)
{
  const MatrixRM base = RandomMatrix(250, 3, 19);
  const MatrixRM layer1 = Transform(base, RandomRotation(3, 20), 1.0, 4.0);
  const MatrixRM layer2 = Transform(base, RandomRotation(3, 21), 1.0, -2.0);
  const std::vector<MatrixRM> aligned = AlignLayers({ View(base), View(layer1), View(layer2) },
    { RowMatch(), Identity(250), Identity(250) }, LayerAlignmentMethod::Procrustes, 2);
  ASSERT_EQ(aligned.size(), 3u);
  EXPECT_LT((aligned[0] - base).cwiseAbs().maxCoeff(), 0.0f + 1e-7f);
  EXPECT_LT((aligned[1] - base).cwiseAbs().maxCoeff(), 1e-5);
  EXPECT_LT((aligned[2] - base).cwiseAbs().maxCoeff(), 1e-5);
}

TEST(LayerAlignment, WiderLayerMatchesThePreviousOnItsLeadingCoordinates)
{
  // Layer 1 is layer 0 zero-padded to 4-D, then rotated: after alignment its first three
  // coordinates are layer 0 and the fourth is constant.
  const MatrixRM base = RandomMatrix(250, 3, 22);
  MatrixRM padded = MatrixRM::Zero(250, 4);
  padded.leftCols(3) = base;
  const MatrixRM wide = Transform(padded, RandomRotation(4, 23), 1.0, 1.0);
  const std::vector<MatrixRM> aligned = AlignLayers({ View(base), View(wide) },
    { RowMatch(), Identity(250) }, LayerAlignmentMethod::Procrustes, 2);
  ASSERT_EQ(aligned[1].cols(), 4);
  EXPECT_LT((aligned[1].leftCols(3) - base).cwiseAbs().maxCoeff(), 1e-5);
  EXPECT_LT(aligned[1].col(3).cwiseAbs().maxCoeff(), 1e-5);

  // Back to 3-D: the narrower layer is fitted against the first three coordinates.
  const MatrixRM narrow = Transform(base, RandomRotation(3, 24), 1.0, 0.0);
  const std::vector<MatrixRM> back = AlignLayers({ View(padded), View(narrow) },
    { RowMatch(), Identity(250) }, LayerAlignmentMethod::Procrustes, 2);
  EXPECT_LT((back[1] - base).cwiseAbs().maxCoeff(), 1e-5);
}

TEST(LayerAlignment, LinearLayersBecomePureStretches)
{
  // X1 = X0·M with M = U Σ Vᵀ: the Grand Tour alignment shows X1 as X0·U·Σ·Uᵀ (no rotation).
  const MatrixRM base = RandomMatrix(300, 3, 25);
  const Eigen::MatrixXd u = RandomRotation(3, 26);
  const Eigen::MatrixXd v = RandomRotation(3, 27);
  const Eigen::Vector3d sigma(3.0, 1.5, 0.5);
  const Eigen::MatrixXd linear = u * sigma.asDiagonal() * v.transpose();
  const MatrixRM next = Transform(base, linear, 1.0, 0.0);
  const std::vector<MatrixRM> aligned = AlignLayers({ View(base), View(next) },
    { RowMatch(), Identity(300) }, LayerAlignmentMethod::Linear, 2);
  const Eigen::RowVectorXd mean = base.cast<double>().colwise().mean();
  Eigen::MatrixXd expected =
    (base.cast<double>().rowwise() - mean) * u * sigma.asDiagonal() * u.transpose();
  expected.rowwise() += mean;
  EXPECT_LT((aligned[1].cast<double>() - expected).cwiseAbs().maxCoeff(), 1e-4);
}
