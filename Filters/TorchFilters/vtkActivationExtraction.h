/**
 * @class vtkActivationExtraction
 * @brief Runs a TorchScript model over a sample table and captures chosen layers.
 *
 * The input is a sample table with `Pixels` (uint8, scaled to [0, 1] as torchvision's
 * ToTensor does, or float taken as already scaled) and field data `SampleShape` (e.g. 1 28 28;
 * the model sees batches N x SampleShape). The model is loaded from ModelFile, or from
 * ModelFiles (one checkpoint per epoch: the output's time steps are the epochs). Layers are
 * qualified submodule names (e.g. `layer1.1.conv2`) of any depth; GetLayerNamesInfo() lists
 * the model's layers in execution order after RequestInformation.
 *
 * The output is a multiblock of sample tables, one block per layer in network order and named
 * after it (the input first, named "input", when IncludeInput is on). Each block keeps all the
 * input's columns (`Pixels` too, shared, not copied: the Grand Tour view draws them as
 * thumbnails) and adds `Activations` (float32; feature maps average-pooled to
 * at most PooledSize x PooledSize when PooledSize > 0), the model's per-sample `Prediction`,
 * `Confidence` (softmax probability of the true `Label`, or of the prediction without labels),
 * `Loss` (cross-entropy, with labels only) and `Probabilities` (the softmax of the model's
 * output, one component per class), and field data `SampleShape` and `LayerName`.
 * One forward pass per batch captures all the layers. The filter estimates the output size
 * first and refuses, naming PooledSize, when it would exceed MemoryLimitMB.
 */
#ifndef vtkActivationExtraction_h
#define vtkActivationExtraction_h

#include "NeuroTourTorchFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

#include <memory> // for std::unique_ptr
#include <string> // for std::string
#include <vector> // for std::vector

class vtkStringArray;

class NEUROTOURTORCHFILTERS_EXPORT vtkActivationExtraction : public vtkSampleTableAlgorithm
{
public:
  static vtkActivationExtraction* New();
  vtkTypeMacro(vtkActivationExtraction, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// The TorchScript model file (used when no ModelFiles are given). Default none.
  vtkSetStringMacro(ModelFile);
  vtkGetStringMacro(ModelFile);
  ///@}

  ///@{
  /// One model file per epoch; the output's time steps are the epochs: the numbers in names
  /// like `*_epoch3.pt` when every file has a distinct one, else 0, 1, 2, ... in the given
  /// order. Default none.
  void AddModelFile(const char* path);
  void RemoveAllModelFiles();
  int GetNumberOfModelFiles() const;
  const char* GetModelFileName(int index) const;
  ///@}

  ///@{
  /// The layers captured (qualified submodule names). Default none, meaning the model's direct
  /// children.
  void AddLayer(const char* name);
  void RemoveAllLayers();
  ///@}

  /// The model's layers in execution order (filled by RequestInformation).
  vtkStringArray* GetLayerNamesInfo();

  ///@{
  /// Samples per forward pass. Default 256.
  vtkSetMacro(BatchSize, int);
  vtkGetMacro(BatchSize, int);
  ///@}

  ///@{
  /// Average-pool each feature map larger than PooledSize x PooledSize down to at most that
  /// (never enlarging one); 0 (default) keeps them whole.
  vtkSetClampMacro(PooledSize, int, 0, 1024);
  vtkGetMacro(PooledSize, int);
  ///@}

  ///@{
  /// Add the model input (after scaling and normalisation) as the first block. Default on.
  vtkSetMacro(IncludeInput, bool);
  vtkGetMacro(IncludeInput, bool);
  vtkBooleanMacro(IncludeInput, bool);
  ///@}

  ///@{
  /// Split each layer of feature maps (C x H x W) into C blocks, one per filter (channel),
  /// named "<layer>_filter<c>", whose Activations are that channel's H x W values (after
  /// PooledSize): per-filter embeddings and measures, as the activations report computes them.
  /// Flat layers and the input stay whole. Default off.
  vtkSetMacro(SplitChannels, bool);
  vtkGetMacro(SplitChannels, bool);
  vtkBooleanMacro(SplitChannels, bool);
  ///@}

  ///@{
  /// Mean and standard deviation subtracted from / divided into the [0, 1] pixels, as the
  /// model was trained. Default 0, 1 (none).
  vtkSetVector2Macro(Normalization, double);
  vtkGetVector2Macro(Normalization, double);
  ///@}

  ///@{
  /// Refuse to run when the activations would take more megabytes than this. Default 4096.
  vtkSetClampMacro(MemoryLimitMB, double, 1.0, 1.0e7);
  vtkGetMacro(MemoryLimitMB, double);
  ///@}

  ///@{
  /// The device the model runs on. Default "cpu" (the only one this build offers).
  vtkSetStringMacro(Device);
  vtkGetStringMacro(Device);
  ///@}

protected:
  vtkActivationExtraction();
  ~vtkActivationExtraction() override;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  int FillOutputPortInformation(int port, vtkInformation* info) override;
  int RequestInformation(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;
  bool ProcessInput(vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo,
    vtkDataObject* output) override;

  char* ModelFile = nullptr;
  int BatchSize = 256;
  int PooledSize = 0;
  bool IncludeInput = true;
  bool SplitChannels = false;
  double Normalization[2] = { 0.0, 1.0 };
  double MemoryLimitMB = 4096.0;
  char* Device = nullptr;

private:
  vtkActivationExtraction(const vtkActivationExtraction&) = delete;
  void operator=(const vtkActivationExtraction&) = delete;

  // The model files in time order and their time values.
  void ResolveModelFiles(std::vector<std::string>& files, std::vector<double>& times) const;

  std::vector<std::string> ModelFiles;
  std::vector<std::string> Layers;
  struct Internals;
  std::unique_ptr<Internals> Impl;
};

#endif
