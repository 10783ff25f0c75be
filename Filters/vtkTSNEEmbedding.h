/**
 * @class vtkTSNEEmbedding
 * @brief t-SNE embedding of a sample table's feature array.
 *
 * Reads `ArrayName` from a sample table or every table of a multiblock and adds the float32
 * array `Embedding` (NumberOfComponents components, 1 to 3); every input column is kept. The
 * input affinities use 3 x Perplexity neighbours (exact search up to 15,000 samples, HNSW
 * above), the optimiser is scikit-learn's (early exaggeration, momentum, gains), and in 2-D
 * the repulsion is interpolated on a grid and convolved by FFT (FIt-SNE's method), with the
 * kernel's near part summed exactly once the layout outgrows the grid; 1-D and 3-D use the
 * exact O(n^2) repulsion. The KL divergence of the result is field data `TSNEKLDivergence`. Deterministic
 * for a fixed Seed and NumberOfThreads.
 */
#ifndef vtkTSNEEmbedding_h
#define vtkTSNEEmbedding_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class NEUROTOURFILTERS_EXPORT vtkTSNEEmbedding : public vtkSampleTableAlgorithm
{
public:
  static vtkTSNEEmbedding* New();
  vtkTypeMacro(vtkTSNEEmbedding, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  enum MetricType
  {
    EUCLIDEAN = 0,
    COSINE = 1
  };
  enum InitializationType
  {
    PCA = 0,
    RANDOM = 1,
    ARRAY = 2
  };

  ///@{
  /// The feature array embedded. Default "Activations".
  vtkSetStringMacro(ArrayName);
  vtkGetStringMacro(ArrayName);
  ///@}

  ///@{
  /// Dimension of the embedding, 1 to 3. Default 2.
  vtkSetMacro(NumberOfComponents, int);
  vtkGetMacro(NumberOfComponents, int);
  ///@}

  ///@{
  /// The effective number of neighbours each sample's affinities spread over. Default 30.
  vtkSetMacro(Perplexity, double);
  vtkGetMacro(Perplexity, double);
  ///@}

  ///@{
  /// Factor on the attraction during the first EarlyExaggerationIterations. Default 12.
  vtkSetMacro(EarlyExaggeration, double);
  vtkGetMacro(EarlyExaggeration, double);
  vtkSetMacro(EarlyExaggerationIterations, int);
  vtkGetMacro(EarlyExaggerationIterations, int);
  ///@}

  ///@{
  /// Iterations in all, the early ones included. Default 1000.
  vtkSetMacro(NumberOfIterations, int);
  vtkGetMacro(NumberOfIterations, int);
  ///@}

  ///@{
  /// Step size; 0 (default) chooses max(n / EarlyExaggeration, 200).
  vtkSetMacro(LearningRate, double);
  vtkGetMacro(LearningRate, double);
  ///@}

  ///@{
  /// Input-space distance: EUCLIDEAN (default) or COSINE.
  vtkSetClampMacro(Metric, int, EUCLIDEAN, COSINE);
  vtkGetMacro(Metric, int);
  ///@}

  ///@{
  /// Starting layout: PCA (default), RANDOM, or ARRAY (the InitializationArray column).
  vtkSetClampMacro(Initialization, int, PCA, ARRAY);
  vtkGetMacro(Initialization, int);
  vtkSetStringMacro(InitializationArray);
  vtkGetStringMacro(InitializationArray);
  ///@}

  ///@{
  /// Random seed (random initialisation, approximate neighbours). Default 42.
  vtkSetMacro(Seed, int);
  vtkGetMacro(Seed, int);
  ///@}

  ///@{
  /// Threads; 0 (default) uses every core.
  vtkSetClampMacro(NumberOfThreads, int, 0, 1024);
  vtkGetMacro(NumberOfThreads, int);
  ///@}

protected:
  vtkTSNEEmbedding();
  ~vtkTSNEEmbedding() override;

  bool ProcessTable(vtkTable* input, vtkDataObject* output) override;

  char* ArrayName = nullptr;
  int NumberOfComponents = 2;
  double Perplexity = 30.0;
  double EarlyExaggeration = 12.0;
  int EarlyExaggerationIterations = 250;
  int NumberOfIterations = 1000;
  double LearningRate = 0.0;
  int Metric = EUCLIDEAN;
  int Initialization = PCA;
  char* InitializationArray = nullptr;
  int Seed = 42;
  int NumberOfThreads = 0;

private:
  vtkTSNEEmbedding(const vtkTSNEEmbedding&) = delete;
  void operator=(const vtkTSNEEmbedding&) = delete;
};

#endif
