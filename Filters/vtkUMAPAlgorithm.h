/**
 * @class vtkUMAPAlgorithm
 * @brief The properties UMAP Embedding and Aligned UMAP share, in one place.
 *
 * An abstract base: vtkUMAPEmbedding embeds each table on its own, vtkAlignedUMAP embeds all
 * slices of its input together. Both read these properties into layer 1's UMAP options the
 * same way (UMAPFilterOptions.h). The numeric setters do not clamp: an out-of-range value
 * reaches layer 1, whose error names it, instead of silently becoming another value.
 */
#ifndef vtkUMAPAlgorithm_h
#define vtkUMAPAlgorithm_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class NEUROTOURFILTERS_EXPORT vtkUMAPAlgorithm : public vtkSampleTableAlgorithm
{
public:
  vtkTypeMacro(vtkUMAPAlgorithm, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  enum MetricType
  {
    EUCLIDEAN = 0,
    COSINE = 1
  };
  enum InitializationType
  {
    SPECTRAL = 0,
    RANDOM = 1,
    PCA = 2,
    ARRAY = 3
  };

  ///@{
  /// The feature array embedded. Default "Activations".
  vtkSetStringMacro(ArrayName);
  vtkGetStringMacro(ArrayName);
  ///@}

  ///@{
  /// Dimension of the embedding. Default 2.
  vtkSetMacro(NumberOfComponents, int);
  vtkGetMacro(NumberOfComponents, int);
  ///@}

  ///@{
  /// Neighbours per sample in the k-NN graph, the sample itself included (as umap-learn's
  /// n_neighbors). Default 15.
  vtkSetMacro(NumberOfNeighbors, int);
  vtkGetMacro(NumberOfNeighbors, int);
  ///@}

  ///@{
  /// How tightly points may pack in the embedding (umap-learn's min_dist). Default 0.1.
  vtkSetMacro(MinimumDistance, double);
  vtkGetMacro(MinimumDistance, double);
  ///@}

  ///@{
  /// Scale of the embedded points (umap-learn's spread). Default 1.0.
  vtkSetMacro(Spread, double);
  vtkGetMacro(Spread, double);
  ///@}

  ///@{
  /// Optimisation epochs; 0 chooses 500 up to 10,000 samples and 200 above. Default 0.
  vtkSetMacro(NumberOfEpochs, int);
  vtkGetMacro(NumberOfEpochs, int);
  ///@}

  ///@{
  /// Input-space distance: EUCLIDEAN (default) or COSINE.
  vtkSetClampMacro(Metric, int, EUCLIDEAN, COSINE);
  vtkGetMacro(Metric, int);
  ///@}

  ///@{
  /// Starting layout: SPECTRAL (default; random when the graph is disconnected), RANDOM, PCA,
  /// or ARRAY (the InitializationArray column).
  vtkSetClampMacro(Initialization, int, SPECTRAL, ARRAY);
  vtkGetMacro(Initialization, int);
  ///@}

  ///@{
  /// Column holding the starting layout (NumberOfComponents components) when Initialization
  /// is ARRAY. Default "" (none).
  vtkSetStringMacro(InitializationArray);
  vtkGetStringMacro(InitializationArray);
  ///@}

  ///@{
  /// Random seed. Default 42.
  vtkSetMacro(Seed, int);
  vtkGetMacro(Seed, int);
  ///@}

  ///@{
  /// Threads; 0 (default) uses every core.
  vtkSetClampMacro(NumberOfThreads, int, 0, 1024);
  vtkGetMacro(NumberOfThreads, int);
  ///@}

protected:
  vtkUMAPAlgorithm();
  ~vtkUMAPAlgorithm() override;

  char* ArrayName = nullptr;
  int NumberOfComponents = 2;
  int NumberOfNeighbors = 15;
  double MinimumDistance = 0.1;
  double Spread = 1.0;
  int NumberOfEpochs = 0;
  int Metric = EUCLIDEAN;
  int Initialization = SPECTRAL;
  char* InitializationArray = nullptr;
  int Seed = 42;
  int NumberOfThreads = 0;

private:
  vtkUMAPAlgorithm(const vtkUMAPAlgorithm&) = delete;
  void operator=(const vtkUMAPAlgorithm&) = delete;
};

#endif
