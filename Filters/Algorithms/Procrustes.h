// Making two representations of the same samples comparable: rows matched by SampleId, the
// centred cross-products they share, orthogonal Procrustes (with optional scale), the linear map
// induced by linear CKA, per-sample movement, and the chained alignment of a network's layers.
#pragma once

#include "Common.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace neurotour
{

/// Rows holding the same sample in two tables: First[m] in one, Second[m] in the other, in the
/// first table's row order.
struct RowMatch
{
  std::vector<std::int64_t> First;
  std::vector<std::int64_t> Second;

  std::int64_t Size() const { return static_cast<std::int64_t>(First.size()); }
};

/// Pairs the rows of `a` and `b` with equal ids. Throws InvalidInput when an id repeats inside
/// one table (`what` names the tables in the message).
RowMatch MatchSampleIds(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b,
  const char* what = "");

/// Rows of every table holding the ids common to all of them: result[t][m] is the row of the
/// m-th common sample in table t (ordered as in table 0).
std::vector<std::vector<std::int64_t>> MatchSampleIdsAcross(
  const std::vector<std::vector<std::int64_t>>& ids);

/// Column means of the listed rows (all rows when `rows` is empty), in double precision.
Eigen::RowVectorXd ColumnMeans(const ConstMatrixMap& data, const std::vector<std::int64_t>& rows,
  int numberOfThreads);

/// (X - mean X)ᵀ (Y - mean Y) over paired rows (rowsX[m] with rowsY[m]; empty lists = all rows
/// in order), accumulated in double precision in chunks: O(n·dx·dy) time, O(dx·dy) memory.
Eigen::MatrixXd CenteredCrossProduct(const ConstMatrixMap& x,
  const std::vector<std::int64_t>& rowsX, const ConstMatrixMap& y,
  const std::vector<std::int64_t>& rowsY, int numberOfThreads,
  const ProgressCallback& progress = {});

/// The orthogonal matrix Q maximising tr(Qᵀ C) (= U Vᵀ from C = U Σ Vᵀ). A reflection is allowed,
/// as in scipy.linalg.orthogonal_procrustes: a mirrored embedding is as valid as the original.
Eigen::MatrixXd NearestOrthogonal(const Eigen::MatrixXd& c);

enum class AlignmentMethod
{
  Orthogonal, ///< orthogonal Procrustes
  CKA         ///< W = c·XᵀY (centred), scaled so tr(WᵀW) = d as for an orthogonal map
};

/// aligned = (x - SourceCenter) · Map + ReferenceCenter; Map includes Scale.
struct Alignment
{
  Eigen::MatrixXd Map;
  Eigen::RowVectorXd SourceCenter;
  Eigen::RowVectorXd ReferenceCenter;
  double Scale = 1.0;
  /// ‖aligned - reference‖²_F / ‖reference - ReferenceCenter‖²_F over the matched rows: 0 for a
  /// perfect fit. With scaling and the orthogonal method it equals scipy.spatial.procrustes'
  /// disparity.
  double Residual = 0.0;
};

/// Fits the map from `source` onto `reference` over the matched rows (match.First in source,
/// match.Second in reference). Both must have the same number of columns.
Alignment FitAlignment(const ConstMatrixMap& source, const ConstMatrixMap& reference,
  const RowMatch& match, AlignmentMethod method, bool allowScaling, int numberOfThreads);

/// The alignment applied to every row of `source`, written to `output` (same shape).
void ApplyAlignment(const Alignment& alignment, const ConstMatrixMap& source, MatrixMap output);

/// Per matched pair, the distance between the aligned row and its reference row after each set
/// is divided by its mean centred row norm (the UMAP Tour's "movement"); NaN for rows of
/// `aligned` without a partner.
std::vector<float> Movement(const ConstMatrixMap& aligned, const ConstMatrixMap& reference,
  const RowMatch& match);

enum class LayerAlignmentMethod
{
  /// Orthogonal Procrustes of each layer onto the previous aligned layer.
  Procrustes,
  /// The Grand Tour article's SVD alignment for layers joined by a linear map: fit M with
  /// X_k ≈ X_{k-1} M (least squares), M = U Σ Vᵀ, and rotate layer k by V Uᵀ, so the step from
  /// layer k-1 to k is the pure stretch U Σ Uᵀ (x·U → x·U·Σ in a common frame), no rotation.
  Linear
};

/**
 * Rotates each layer (centred, then moved to the previous layer's centre) so that consecutive
 * layers are aligned; layer 0 stays as it is. matches[k] pairs the rows of layer k (First) with
 * those of layer k-1 (Second); matches[0] is unused. Layers may differ in dimension: each keeps
 * its own, and its rotation is fitted against the previous aligned layer's leading d_k columns
 * (zero-padded when the previous layer has fewer), so coordinate j means the same in both.
 */
std::vector<MatrixRM> AlignLayers(const std::vector<ConstMatrixMap>& layers,
  const std::vector<RowMatch>& matches, LayerAlignmentMethod method, int numberOfThreads,
  const ProgressCallback& progress = {});

} // namespace neurotour
