#include "LayerSimilarity.h"

#include "Procrustes.h"

#include <Eigen/SVD>

#include <cmath>
#include <limits>
#include <string>

namespace neurotour
{

//------------------------------------------------------------------------------
double Similarity(const Eigen::MatrixXd& xy, const Eigen::MatrixXd& xx, const Eigen::MatrixXd& yy,
  SimilarityMeasure measure)
{
  double numerator = 0.0;
  double denominator = 0.0;
  if (measure == SimilarityMeasure::CKA)
  {
    numerator = xy.squaredNorm();
    denominator = xx.norm() * yy.norm();
  }
  else
  {
    // XᵀX is positive semi-definite: its nuclear norm is its trace.
    Eigen::BDCSVD<Eigen::MatrixXd> svd(xy);
    numerator = svd.singularValues().sum();
    denominator = std::sqrt(xx.trace() * yy.trace());
  }
  return denominator > 0.0 ? numerator / denominator : std::numeric_limits<double>::quiet_NaN();
}

//------------------------------------------------------------------------------
Eigen::MatrixXd LayerSimilarityMatrix(const std::vector<ConstMatrixMap>& layers,
  const std::vector<std::vector<std::int64_t>>& rows, SimilarityMeasure measure,
  int numberOfThreads, const ProgressCallback& progress)
{
  const std::size_t count = layers.size();
  if (rows.size() != count)
  {
    throw InvalidInput("one row list per layer is needed");
  }
  std::int64_t samples = -1;
  for (std::size_t l = 0; l < count; ++l)
  {
    const std::int64_t n = rows[l].empty() ? layers[l].rows() : std::int64_t(rows[l].size());
    if (samples >= 0 && n != samples)
    {
      throw InvalidInput("layer " + std::to_string(l) + " has " + std::to_string(n) +
        " samples, layer 0 has " + std::to_string(samples));
    }
    samples = n;
  }
  if (count > 0 && samples < 2)
  {
    throw InvalidInput("the layers share " + std::to_string(std::max<std::int64_t>(samples, 0)) +
      " sample(s); similarity needs at least 2");
  }
  // Each layer's own cross-product once, then one pass per pair.
  const double steps = double(count * (count + 1) / 2);
  double done = 0.0;
  const ProgressCallback stepProgress = [&](double fraction)
  {
    return !progress || progress((done + fraction) / steps);
  };
  std::vector<Eigen::MatrixXd> grams;
  for (std::size_t l = 0; l < count; ++l)
  {
    grams.push_back(
      CenteredCrossProduct(layers[l], rows[l], layers[l], rows[l], numberOfThreads, stepProgress));
    if (!(grams.back().trace() > 0.0))
    {
      // Both measures divide by the layer's centred norm: 0/0 would be reported as NaN.
      throw InvalidInput("layer " + std::to_string(l) +
        " has the same features for every common sample (zero variance): its similarity to "
        "any layer is undefined");
    }
    done += 1.0;
  }
  Eigen::MatrixXd similarity = Eigen::MatrixXd::Zero(count, count);
  for (std::size_t l = 0; l < count; ++l)
  {
    similarity(l, l) = Similarity(grams[l], grams[l], grams[l], measure);
    for (std::size_t m = l + 1; m < count; ++m)
    {
      const Eigen::MatrixXd cross =
        CenteredCrossProduct(layers[l], rows[l], layers[m], rows[m], numberOfThreads, stepProgress);
      similarity(l, m) = similarity(m, l) = Similarity(cross, grams[l], grams[m], measure);
      done += 1.0;
    }
  }
  return similarity;
}

} // namespace neurotour
