// Similarity between the representations of the same samples in different layers (or models):
// linear CKA (Kornblith et al. 2019) and the UMAP Tour's Procrustes similarity. Both work on the
// centred cross-products XᵀY, so n samples cost O(n·dx·dy) time and O(dx·dy) memory, never n².
#pragma once

#include "Common.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace neurotour
{

enum class SimilarityMeasure
{
  /// ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F), columns centred.
  CKA,
  /// ‖TᵀB‖_* / √(‖TᵀT‖_* ‖BᵀB‖_*), ‖·‖_* the nuclear norm, columns centred.
  Procrustes
};

/// The similarity from the centred cross-products XᵀY, XᵀX and YᵀY; NaN when X or Y is constant.
double Similarity(const Eigen::MatrixXd& xy, const Eigen::MatrixXd& xx, const Eigen::MatrixXd& yy,
  SimilarityMeasure measure);

/// The symmetric L×L matrix of similarities between layers; rows[l][m] is the row of the m-th
/// common sample in layer l (empty lists: all rows, in the same order in every layer).
Eigen::MatrixXd LayerSimilarityMatrix(const std::vector<ConstMatrixMap>& layers,
  const std::vector<std::vector<std::int64_t>>& rows, SimilarityMeasure measure,
  int numberOfThreads, const ProgressCallback& progress = {});

} // namespace neurotour
