#include "Procrustes.h"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

namespace neurotour
{

namespace
{

std::unordered_map<std::int64_t, std::int64_t> IndexIds(const std::vector<std::int64_t>& ids,
  const std::string& what)
{
  std::unordered_map<std::int64_t, std::int64_t> rows;
  rows.reserve(ids.size());
  for (std::size_t row = 0; row < ids.size(); ++row)
  {
    if (!rows.emplace(ids[row], static_cast<std::int64_t>(row)).second)
    {
      throw InvalidInput("SampleId " + std::to_string(ids[row]) + " occurs more than once" + what);
    }
  }
  return rows;
}

std::int64_t RowCount(const ConstMatrixMap& data, const std::vector<std::int64_t>& rows)
{
  return rows.empty() ? data.rows() : static_cast<std::int64_t>(rows.size());
}

std::int64_t RowAt(const std::vector<std::int64_t>& rows, std::int64_t m)
{
  return rows.empty() ? m : rows[m];
}

/// Columns truncated or zero-padded to `columns`.
Eigen::MatrixXd ResizeColumns(const Eigen::MatrixXd& m, Eigen::Index columns)
{
  Eigen::MatrixXd resized = Eigen::MatrixXd::Zero(m.rows(), columns);
  const Eigen::Index common = std::min(columns, m.cols());
  resized.leftCols(common) = m.leftCols(common);
  return resized;
}

Eigen::RowVectorXd ResizeColumns(const Eigen::RowVectorXd& v, Eigen::Index columns)
{
  Eigen::RowVectorXd resized = Eigen::RowVectorXd::Zero(columns);
  const Eigen::Index common = std::min(columns, v.cols());
  resized.leftCols(common) = v.leftCols(common);
  return resized;
}

/// Σ‖row - mean‖² over the listed rows.
double CenteredSquaredNorm(const ConstMatrixMap& data, const std::vector<std::int64_t>& rows,
  const Eigen::RowVectorXd& mean)
{
  double sum = 0.0;
  for (std::int64_t m = 0; m < RowCount(data, rows); ++m)
  {
    sum += (data.row(RowAt(rows, m)).cast<double>() - mean).squaredNorm();
  }
  return sum;
}

/// (x - center) · map + offset for every row of x.
void TransformRows(const ConstMatrixMap& x, const Eigen::RowVectorXd& center,
  const Eigen::MatrixXd& map, const Eigen::RowVectorXd& offset, MatrixMap output, int threads)
{
  constexpr Eigen::Index chunk = 1024;
  const Eigen::Index chunks = (x.rows() + chunk - 1) / chunk;
#pragma omp parallel for num_threads(threads) schedule(static)
  for (Eigen::Index c = 0; c < chunks; ++c)
  {
    const Eigen::Index first = c * chunk;
    const Eigen::Index rows = std::min(chunk, x.rows() - first);
    Eigen::MatrixXd block = x.middleRows(first, rows).cast<double>();
    block.rowwise() -= center;
    Eigen::MatrixXd moved = block * map;
    moved.rowwise() += offset;
    output.middleRows(first, rows) = moved.cast<float>();
  }
}

} // namespace

//------------------------------------------------------------------------------
RowMatch MatchSampleIds(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b,
  const char* what)
{
  const std::string context = what && *what ? std::string(" in ") + what : std::string();
  IndexIds(a, context);
  const auto rowsOfB = IndexIds(b, context);
  RowMatch match;
  for (std::size_t row = 0; row < a.size(); ++row)
  {
    const auto found = rowsOfB.find(a[row]);
    if (found != rowsOfB.end())
    {
      match.First.push_back(static_cast<std::int64_t>(row));
      match.Second.push_back(found->second);
    }
  }
  return match;
}

//------------------------------------------------------------------------------
std::vector<std::vector<std::int64_t>> MatchSampleIdsAcross(
  const std::vector<std::vector<std::int64_t>>& ids)
{
  std::vector<std::vector<std::int64_t>> rows(ids.size());
  if (ids.empty())
  {
    return rows;
  }
  std::vector<std::unordered_map<std::int64_t, std::int64_t>> indexes;
  for (std::size_t t = 0; t < ids.size(); ++t)
  {
    indexes.push_back(IndexIds(ids[t], " in table " + std::to_string(t)));
  }
  for (std::size_t row = 0; row < ids[0].size(); ++row)
  {
    std::vector<std::int64_t> found{ static_cast<std::int64_t>(row) };
    for (std::size_t t = 1; t < ids.size(); ++t)
    {
      const auto hit = indexes[t].find(ids[0][row]);
      if (hit == indexes[t].end())
      {
        break;
      }
      found.push_back(hit->second);
    }
    if (found.size() == ids.size())
    {
      for (std::size_t t = 0; t < ids.size(); ++t)
      {
        rows[t].push_back(found[t]);
      }
    }
  }
  return rows;
}

//------------------------------------------------------------------------------
Eigen::RowVectorXd ColumnMeans(const ConstMatrixMap& data, const std::vector<std::int64_t>& rows,
  int numberOfThreads)
{
  const std::int64_t n = RowCount(data, rows);
  const int threads = ResolveThreadCount(numberOfThreads);
  std::vector<Eigen::RowVectorXd> partial(threads, Eigen::RowVectorXd::Zero(data.cols()));
#pragma omp parallel num_threads(threads)
  {
    Eigen::RowVectorXd& sum = partial[omp_get_thread_num()];
#pragma omp for schedule(static)
    for (std::int64_t m = 0; m < n; ++m)
    {
      sum += data.row(RowAt(rows, m)).cast<double>();
    }
  }
  Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(data.cols());
  for (const auto& sum : partial)
  {
    mean += sum;
  }
  return n > 0 ? Eigen::RowVectorXd(mean / double(n)) : mean;
}

//------------------------------------------------------------------------------
Eigen::MatrixXd CenteredCrossProduct(const ConstMatrixMap& x,
  const std::vector<std::int64_t>& rowsX, const ConstMatrixMap& y,
  const std::vector<std::int64_t>& rowsY, int numberOfThreads, const ProgressCallback& progress)
{
  const std::int64_t n = RowCount(x, rowsX);
  if (RowCount(y, rowsY) != n)
  {
    throw InvalidInput("cross-product of tables with different numbers of rows");
  }
  const int threads = ResolveThreadCount(numberOfThreads);
  const Eigen::RowVectorXd meanX = ColumnMeans(x, rowsX, threads);
  const Eigen::RowVectorXd meanY = ColumnMeans(y, rowsY, threads);
  // Centred rows in double: float sums of n·d products lose the digits CKA's ratios need.
  // A Gram matrix (x is y) needs only its lower triangle: half the work.
  const bool gram = x.data() == y.data() && x.cols() == y.cols() && rowsX == rowsY;
  constexpr std::int64_t chunk = 1024;
  const std::int64_t chunks = (n + chunk - 1) / chunk;
  const std::int64_t chunksPerReport = std::max<std::int64_t>(threads * 2, 1);
  std::vector<Eigen::MatrixXd> partial(threads, Eigen::MatrixXd::Zero(x.cols(), y.cols()));
  for (std::int64_t group = 0; group < chunks; group += chunksPerReport)
  {
    const std::int64_t groupEnd = std::min(chunks, group + chunksPerReport);
#pragma omp parallel num_threads(threads)
    {
      Eigen::MatrixXd& sum = partial[omp_get_thread_num()];
      Eigen::MatrixXd a, b;
#pragma omp for schedule(static)
      for (std::int64_t c = group; c < groupEnd; ++c)
      {
        const std::int64_t first = c * chunk;
        const std::int64_t rows = std::min(chunk, n - first);
        a.resize(rows, x.cols());
        for (std::int64_t r = 0; r < rows; ++r)
        {
          a.row(r) = x.row(RowAt(rowsX, first + r)).cast<double>() - meanX;
        }
        if (gram)
        {
          sum.selfadjointView<Eigen::Lower>().rankUpdate(a.transpose());
          continue;
        }
        b.resize(rows, y.cols());
        for (std::int64_t r = 0; r < rows; ++r)
        {
          b.row(r) = y.row(RowAt(rowsY, first + r)).cast<double>() - meanY;
        }
        sum.noalias() += a.transpose() * b;
      }
    }
    ReportProgress(progress, double(groupEnd) / chunks);
  }
  Eigen::MatrixXd total = Eigen::MatrixXd::Zero(x.cols(), y.cols());
  for (const auto& sum : partial)
  {
    total += sum;
  }
  if (gram)
  {
    total = total.selfadjointView<Eigen::Lower>();
  }
  return total;
}

//------------------------------------------------------------------------------
Eigen::MatrixXd NearestOrthogonal(const Eigen::MatrixXd& c)
{
  Eigen::BDCSVD<Eigen::MatrixXd> svd(c, Eigen::ComputeFullU | Eigen::ComputeFullV);
  return svd.matrixU() * svd.matrixV().transpose();
}

//------------------------------------------------------------------------------
Alignment FitAlignment(const ConstMatrixMap& source, const ConstMatrixMap& reference,
  const RowMatch& match, AlignmentMethod method, bool allowScaling, int numberOfThreads)
{
  if (source.cols() != reference.cols())
  {
    throw InvalidInput("the input has " + std::to_string(source.cols()) +
      " components but the reference has " + std::to_string(reference.cols()));
  }
  if (match.Size() < 2)
  {
    throw InvalidInput("the input and the reference share " + std::to_string(match.Size()) +
      " SampleId(s); alignment needs at least 2 common samples");
  }
  const int threads = ResolveThreadCount(numberOfThreads);
  Alignment result;
  result.SourceCenter = ColumnMeans(source, match.First, threads);
  result.ReferenceCenter = ColumnMeans(reference, match.Second, threads);
  const Eigen::MatrixXd cross =
    CenteredCrossProduct(source, match.First, reference, match.Second, threads);
  const double referenceNorm = CenteredSquaredNorm(reference, match.Second, result.ReferenceCenter);
  if (!(referenceNorm > 0.0))
  {
    throw InvalidInput("the reference's common samples all sit at one point");
  }

  Eigen::MatrixXd map;
  if (method == AlignmentMethod::Orthogonal)
  {
    map = NearestOrthogonal(cross);
  }
  else
  {
    // argmax tr(WᵀXᵀY) under ‖W‖_F fixed is W ∝ XᵀY, the direction linear CKA scores;
    // ‖W‖²_F = d is the constraint an orthogonal map satisfies, so the scales compare.
    const double norm = cross.norm();
    if (!(norm > 0.0))
    {
      throw InvalidInput("the input and the reference are uncorrelated: the CKA map is zero");
    }
    map = std::sqrt(double(cross.cols())) / norm * cross;
  }
  // ⟨X W, Y⟩ and ‖X W‖² from the cross-products, without another pass for the orthogonal map.
  const double inner = (map.array() * cross.array()).sum();
  double mappedNorm = 0.0;
  if (method == AlignmentMethod::Orthogonal)
  {
    mappedNorm = CenteredSquaredNorm(source, match.First, result.SourceCenter);
  }
  else
  {
    const Eigen::MatrixXd gram =
      CenteredCrossProduct(source, match.First, source, match.First, threads);
    mappedNorm = (map.transpose() * gram * map).trace();
  }
  if (!(mappedNorm > 0.0))
  {
    throw InvalidInput("the input's common samples all sit at one point");
  }
  result.Scale = allowScaling ? inner / mappedNorm : 1.0;
  result.Map = result.Scale * map;
  const double residual =
    result.Scale * result.Scale * mappedNorm - 2.0 * result.Scale * inner + referenceNorm;
  result.Residual = std::max(0.0, residual / referenceNorm);
  return result;
}

//------------------------------------------------------------------------------
void ApplyAlignment(const Alignment& alignment, const ConstMatrixMap& source, MatrixMap output)
{
  TransformRows(source, alignment.SourceCenter, alignment.Map, alignment.ReferenceCenter, output,
    ResolveThreadCount(0));
}

//------------------------------------------------------------------------------
std::vector<float> Movement(const ConstMatrixMap& aligned, const ConstMatrixMap& reference,
  const RowMatch& match)
{
  std::vector<float> movement(aligned.rows(), std::numeric_limits<float>::quiet_NaN());
  if (match.Size() == 0)
  {
    return movement;
  }
  const Eigen::RowVectorXd centerA = ColumnMeans(aligned, match.First, 0);
  const Eigen::RowVectorXd centerB = ColumnMeans(reference, match.Second, 0);
  double normA = 0.0;
  double normB = 0.0;
  for (std::int64_t m = 0; m < match.Size(); ++m)
  {
    normA += (aligned.row(match.First[m]).cast<double>() - centerA).norm();
    normB += (reference.row(match.Second[m]).cast<double>() - centerB).norm();
  }
  normA = normA > 0.0 ? normA / match.Size() : 1.0;
  normB = normB > 0.0 ? normB / match.Size() : 1.0;
  for (std::int64_t m = 0; m < match.Size(); ++m)
  {
    const Eigen::RowVectorXd a = (aligned.row(match.First[m]).cast<double>() - centerA) / normA;
    const Eigen::RowVectorXd b = (reference.row(match.Second[m]).cast<double>() - centerB) / normB;
    movement[match.First[m]] = static_cast<float>((a - b).norm());
  }
  return movement;
}

//------------------------------------------------------------------------------
std::vector<MatrixRM> AlignLayers(const std::vector<ConstMatrixMap>& layers,
  const std::vector<RowMatch>& matches, LayerAlignmentMethod method, int numberOfThreads,
  const ProgressCallback& progress)
{
  if (matches.size() != layers.size())
  {
    throw InvalidInput("one row match per layer is needed");
  }
  const int threads = ResolveThreadCount(numberOfThreads);
  std::vector<MatrixRM> aligned;
  aligned.reserve(layers.size());
  if (layers.empty())
  {
    return aligned;
  }
  aligned.emplace_back(layers[0]);
  for (std::size_t k = 1; k < layers.size(); ++k)
  {
    const ConstMatrixMap& layer = layers[k];
    const ConstMatrixMap previous(aligned[k - 1].data(), aligned[k - 1].rows(),
      aligned[k - 1].cols());
    const RowMatch& match = matches[k];
    if (match.Size() < 2)
    {
      throw InvalidInput("layers " + std::to_string(k - 1) + " and " + std::to_string(k) +
        " share " + std::to_string(match.Size()) + " SampleId(s); at least 2 are needed");
    }
    const Eigen::RowVectorXd center = ColumnMeans(layer, match.First, threads);
    const Eigen::RowVectorXd previousCenter = ColumnMeans(previous, match.Second, threads);
    // Xᵀ P with X this layer and P the previous aligned one (both centred, matched rows).
    Eigen::MatrixXd cross =
      CenteredCrossProduct(layer, match.First, previous, match.Second, threads);
    if (method == LayerAlignmentMethod::Linear)
    {
      // M = (PᵀP)⁺ PᵀX, M = U Σ Vᵀ; the target is P·S with S = U Σ Uᵀ, and XᵀP S = cross·S.
      const Eigen::MatrixXd gram =
        CenteredCrossProduct(previous, match.Second, previous, match.Second, threads);
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(gram);
      const Eigen::VectorXd values = eigen.eigenvalues();
      const double cutoff = std::max(values.maxCoeff(), 0.0) * 1e-10;
      const Eigen::VectorXd inverse =
        values.unaryExpr([cutoff](double v) { return v > cutoff ? 1.0 / v : 0.0; });
      const Eigen::MatrixXd pseudoInverse =
        eigen.eigenvectors() * inverse.asDiagonal() * eigen.eigenvectors().transpose();
      const Eigen::MatrixXd linearMap = pseudoInverse * cross.transpose();
      Eigen::BDCSVD<Eigen::MatrixXd> svd(linearMap, Eigen::ComputeThinU);
      const Eigen::MatrixXd stretch =
        svd.matrixU() * svd.singularValues().asDiagonal() * svd.matrixU().transpose();
      cross = cross * stretch;
    }
    const Eigen::MatrixXd rotation = NearestOrthogonal(ResizeColumns(cross, layer.cols()));
    aligned.emplace_back(layer.rows(), layer.cols());
    TransformRows(layer, center, rotation, ResizeColumns(previousCenter, layer.cols()),
      MatrixMap(aligned.back().data(), layer.rows(), layer.cols()), threads);
    ReportProgress(progress, double(k) / (layers.size() - 1));
  }
  return aligned;
}

} // namespace neurotour
