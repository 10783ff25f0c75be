/**
 * @class vtkEmbeddingQuality
 * @brief How well each embedding keeps classes apart and neighbourhoods intact, as a table.
 *
 * The input is a sample table or a multiblock of them (one per layer). The output has one row
 * per table: `Block` (the block or layer name), then
 * - SameClassDistance, DifferentClassDistance: mean distance of same-class / different-class
 *   pairs, CentroidSpread: mean over classes of the mean distance to the class centroid,
 *   CentroidSeparation: mean distance between class centroids, each divided by the mean
 *   distance of all pairs (Ruman 2021, "Analysis of activations in neural networks");
 * - KNNAccuracy: k-NN classification accuracy by resubstitution (scikit-learn's
 *   KNeighborsClassifier fit and predicted on the same points);
 * - Trustworthiness and Continuity (Venna & Kaski; as sklearn.manifold.trustworthiness) of
 *   ArrayName against ReferenceArrayName, NaN when no reference array is named;
 * - NumberOfPoints, and SampledPoints: the samples behind the pairwise means, all of them up
 *   to 20,000 and a seeded uniform subset of 20,000 above (every other metric is exact).
 * Labels come from `Label`; without it the class metrics are NaN. A time-varying input gives
 * the metrics of the requested time step, so PlotDataOverTime plots them over epochs.
 */
#ifndef vtkEmbeddingQuality_h
#define vtkEmbeddingQuality_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class NEUROTOURFILTERS_EXPORT vtkEmbeddingQuality : public vtkSampleTableAlgorithm
{
public:
  static vtkEmbeddingQuality* New();
  vtkTypeMacro(vtkEmbeddingQuality, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// The embedding measured. Default "Embedding".
  vtkSetStringMacro(ArrayName);
  vtkGetStringMacro(ArrayName);
  ///@}

  ///@{
  /// The space the embedding came from (e.g. "Activations" or "Pixels") for trustworthiness and
  /// continuity. Default "" (not computed).
  vtkSetStringMacro(ReferenceArrayName);
  vtkGetStringMacro(ReferenceArrayName);
  ///@}

  ///@{
  /// k of the k-NN classifier, trustworthiness and continuity. Default 10.
  vtkSetMacro(NumberOfNeighbors, int);
  vtkGetMacro(NumberOfNeighbors, int);
  ///@}

protected:
  vtkEmbeddingQuality();
  ~vtkEmbeddingQuality() override;

  int FillOutputPortInformation(int port, vtkInformation* info) override;
  bool ProcessInput(vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo,
    vtkDataObject* output) override;

  char* ArrayName = nullptr;
  char* ReferenceArrayName = nullptr;
  int NumberOfNeighbors = 10;

private:
  vtkEmbeddingQuality(const vtkEmbeddingQuality&) = delete;
  void operator=(const vtkEmbeddingQuality&) = delete;
};

#endif
