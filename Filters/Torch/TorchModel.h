// Layer 2: a TorchScript model seen through plain C++ (PIMPL), so the VTK filters that use it
// never include LibTorch. Loads a model on the CPU, lists the submodules it calls, runs
// batches capturing chosen submodules' outputs, and perturbs samples with FGSM.
#pragma once

#include "Common.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace neurotour
{

/// Samples handed to the model: N rows of prod(SampleShape) values, 8-bit (scaled to [0, 1]
/// as torchvision's ToTensor does) or float32 (taken as already scaled).
struct TorchSamples
{
  std::int64_t NumberOfSamples = 0;
  std::vector<std::int64_t> SampleShape; // e.g. {1, 28, 28}; the model sees N x SampleShape
  const std::uint8_t* Bytes = nullptr;   // exactly one of Bytes and Floats is set
  const float* Floats = nullptr;
  const int* Labels = nullptr; // optional (nullptr): true classes for Confidence and Loss
  float Mean = 0.0f;           // normalisation applied after the [0, 1] scaling
  float Std = 1.0f;

  std::int64_t ValuesPerSample() const;
};

/// Per-sample results of the model's own output (its logits).
struct TorchPredictions
{
  std::vector<int> Prediction;    // arg max of the output
  std::vector<float> Confidence;  // softmax probability of the true (or target) class
  std::vector<float> Loss;        // cross-entropy against the true class (empty without labels)
  std::vector<float> Probabilities; // softmax of the output, row-major N x NumberOfClasses
  int NumberOfClasses = 0;
};

/// What ActivationExtraction computes for one batch size and pooling.
struct TorchCaptureRequest
{
  std::vector<std::string> Layers; // qualified submodule names, any order
  int BatchSize = 256;
  int PooledSize = 0;  // > 0: average-pool each 4-D feature map to PooledSize x PooledSize
  bool IncludeInput = true;
  double MemoryLimitMB = 4096;
};

/// One captured block: a layer's output per sample, row-major N x prod(SampleShape).
struct TorchCapturedLayer
{
  std::string Name; // "input" for the model input
  std::vector<std::int64_t> SampleShape;
  float* Values = nullptr; // filled by Capture(); the caller owns the storage
};

class TorchModel
{
public:
  /// Loads a TorchScript file on the CPU. Throws InvalidInput for a missing or corrupt file
  /// or a model whose forward() does not take exactly one tensor.
  explicit TorchModel(const std::string& path);
  ~TorchModel();
  TorchModel(const TorchModel&) = delete;
  TorchModel& operator=(const TorchModel&) = delete;

  const std::string& Path() const;

  /// Qualified names (e.g. "layer1.1.conv2") of the submodules whose forward() returns a
  /// tensor, in the order their outputs are first computed by the model's forward().
  const std::vector<std::string>& LayerNames() const;

  /// The layers among LayerNames() that are direct children of the model (a default choice).
  std::vector<std::string> TopLevelLayerNames() const;

  /**
   * Plans a capture: checks the layer names (an unknown one is an error listing the valid
   * ones), runs one sample to learn each block's per-sample shape (an error names the sample
   * shape when the model rejects it) and refuses when N x the blocks' sizes would exceed
   * MemoryLimitMB. Returns the blocks in network order ("input" first when included), with
   * Values unset.
   */
  std::vector<TorchCapturedLayer> PlanCapture(
    const TorchSamples& samples, const TorchCaptureRequest& request);

  /**
   * Runs every batch once, filling each planned block's Values (N x its size) and the
   * predictions. Progress is reported after each batch (Aborted is thrown when asked to stop).
   */
  void Capture(const TorchSamples& samples, const TorchCaptureRequest& request,
    std::vector<TorchCapturedLayer>& blocks, TorchPredictions& predictions,
    const ProgressCallback& progress = nullptr);

  /**
   * Targeted iterative FGSM (Goodfellow et al. 2015): numberOfSteps steps of
   * x <- clip(x - epsilon * sign(grad_x CE(model(x), target)), 0, 1) in the [0, 1] pixel
   * space. Returns numberOfSteps + 1 arrays of N x values (step 0 = the scaled input) and
   * fills one TorchPredictions per step, whose Confidence is the target's probability.
   */
  std::vector<std::vector<float>> AdversarialSteps(const TorchSamples& samples, int targetLabel,
    double epsilon, int numberOfSteps, std::vector<TorchPredictions>& predictions,
    const ProgressCallback& progress = nullptr);

private:
  struct Internals;
  std::unique_ptr<Internals> Impl;
};

} // namespace neurotour
