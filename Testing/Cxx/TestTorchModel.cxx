// The Torch bridge on a tiny TorchScript model built here: a nested block, a skip connection
// and a module called twice, so capture must reach inside submodules, not just top-level ones.
#include "TorchModel.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <numeric>

namespace
{
using neurotour::InvalidInput;

torch::jit::Module Leaf(const std::string& type, const std::string& source,
  const std::map<std::string, torch::Tensor>& parameters)
{
  torch::jit::Module module(type);
  for (const auto& [name, value] : parameters)
  {
    module.register_parameter(name, value, false);
  }
  module.define(source);
  return module;
}

struct TinyModel
{
  torch::Tensor ConvWeight = torch::randn({ 2, 1, 3, 3 });
  torch::Tensor ConvBias = torch::randn({ 2 });
  torch::Tensor SkipWeight = torch::randn({ 2, 1, 1, 1 });
  torch::Tensor FcWeight = torch::randn({ 3, 32 });
  torch::Tensor FcBias = torch::randn({ 3 });
  std::string Path;

  // forward(x) = fc(flatten(act(block(x) + skip(x)))), block(x) = act(conv(x)): `act` is
  // one module the model calls twice at different depths.
  explicit TinyModel(const std::string& name)
  {
    torch::manual_seed(7);
    auto conv = Leaf("Conv", "def forward(self, x):\n  return torch.conv2d(x, self.weight, self.bias, 1, 1)\n",
      { { "weight", ConvWeight }, { "bias", ConvBias } });
    auto act = Leaf("Act", "def forward(self, x):\n  return torch.relu(x)\n", {});
    auto skip = Leaf("Skip", "def forward(self, x):\n  return torch.conv2d(x, self.weight)\n",
      { { "weight", SkipWeight } });
    auto fc = Leaf("Fc", "def forward(self, x):\n  return torch.addmm(self.bias, x, self.weight.t())\n",
      { { "weight", FcWeight }, { "bias", FcBias } });
    torch::jit::Module block("Block");
    block.register_module("conv", conv);
    block.register_module("act", act);
    block.define("def forward(self, x):\n  return self.act.forward(self.conv.forward(x))\n");
    torch::jit::Module root("Tiny");
    root.register_module("block", block);
    root.register_module("skip", skip);
    root.register_module("fc", fc);
    root.define("def forward(self, x):\n"
                "  y = self.block.act.forward(self.block.forward(x) + self.skip.forward(x))\n"
                "  return self.fc.forward(torch.flatten(y, 1))\n");
    Path = std::string(NEUROTOUR_TEST_OUTPUT_DIR) + "/" + name + ".pt";
    root.save(Path);
  }
};

struct Samples
{
  torch::Tensor Pixels;
  std::vector<int> Labels;
  neurotour::TorchSamples View;

  explicit Samples(std::int64_t count)
    : Pixels(torch::rand({ count, 1, 4, 4 }))
  {
    for (std::int64_t i = 0; i < count; ++i)
    {
      Labels.push_back(static_cast<int>(i % 3));
    }
    View.NumberOfSamples = count;
    View.SampleShape = { 1, 4, 4 };
    View.Floats = Pixels.data_ptr<float>();
    View.Labels = Labels.data();
  }
};

std::map<std::string, torch::Tensor> CaptureAll(neurotour::TorchModel& model, const Samples& samples,
  neurotour::TorchCaptureRequest request, neurotour::TorchPredictions& predictions)
{
  auto blocks = model.PlanCapture(samples.View, request);
  std::map<std::string, torch::Tensor> result;
  for (auto& block : blocks)
  {
    std::vector<std::int64_t> shape{ samples.View.NumberOfSamples };
    shape.insert(shape.end(), block.SampleShape.begin(), block.SampleShape.end());
    result[block.Name] = torch::zeros(shape);
    block.Values = result[block.Name].data_ptr<float>();
  }
  model.Capture(samples.View, request, blocks, predictions);
  return result;
}

std::string ErrorOf(const std::function<void()>& action)
{
  try
  {
    action();
  }
  catch (const InvalidInput& error)
  {
    return error.what();
  }
  return "";
}
} // namespace

TEST(TorchModel, ListsNestedLayersInExecutionOrder)
{
  TinyModel tiny("tiny_list");
  neurotour::TorchModel model(tiny.Path);
  EXPECT_EQ(model.LayerNames(),
    (std::vector<std::string>{ "block.conv", "block.act", "block", "skip", "fc" }));
  EXPECT_EQ(model.TopLevelLayerNames(), (std::vector<std::string>{ "block", "skip", "fc" }));
}

TEST(TorchModel, CapturedLayersEqualTheComputationByHand)
{
  TinyModel tiny("tiny_capture");
  neurotour::TorchModel model(tiny.Path);
  Samples samples(37);
  neurotour::TorchCaptureRequest request;
  request.Layers = { "fc", "block.conv", "block.act", "block" };
  request.BatchSize = 16; // three batches, the last one short
  neurotour::TorchPredictions predictions;
  auto captured = CaptureAll(model, samples, request, predictions);

  auto conv = torch::conv2d(samples.Pixels, tiny.ConvWeight, tiny.ConvBias, 1, 1);
  auto block = torch::relu(conv);
  auto sum = torch::relu(block + torch::conv2d(samples.Pixels, tiny.SkipWeight));
  auto logits = torch::addmm(tiny.FcBias, sum.flatten(1), tiny.FcWeight.t());
  EXPECT_TRUE(torch::allclose(captured.at("input"), samples.Pixels));
  EXPECT_TRUE(torch::allclose(captured.at("block.conv"), conv, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(captured.at("block"), block, 1e-5, 1e-6));
  // `act` runs twice; like a forward hook filling a dict, the capture keeps its last output.
  EXPECT_TRUE(torch::allclose(captured.at("block.act"), sum, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(captured.at("fc"), logits, 1e-5, 1e-6));

  auto logProbabilities = torch::log_softmax(logits, 1);
  for (int i = 0; i < 37; ++i)
  {
    EXPECT_EQ(predictions.Prediction[i], logits[i].argmax().item<int>());
    const float expected = logProbabilities[i][samples.Labels[i]].item<float>();
    EXPECT_NEAR(predictions.Confidence[i], std::exp(expected), 1e-5);
    EXPECT_NEAR(predictions.Loss[i], -expected, 1e-5);
  }
}

TEST(TorchModel, PoolsFeatureMapsAndNormalises)
{
  TinyModel tiny("tiny_pool");
  neurotour::TorchModel model(tiny.Path);
  Samples samples(5);
  samples.View.Mean = 0.5f;
  samples.View.Std = 0.25f;
  neurotour::TorchCaptureRequest request;
  request.Layers = { "block.conv", "fc" };
  request.PooledSize = 2;
  request.IncludeInput = false;
  auto blocks = model.PlanCapture(samples.View, request);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].SampleShape, (std::vector<std::int64_t>{ 2, 2, 2 }));
  EXPECT_EQ(blocks[1].SampleShape, (std::vector<std::int64_t>{ 3 }));

  neurotour::TorchPredictions predictions;
  auto captured = CaptureAll(model, samples, request, predictions);
  auto conv = torch::conv2d((samples.Pixels - 0.5) / 0.25, tiny.ConvWeight, tiny.ConvBias, 1, 1);
  // Average of each 2 x 2 quadrant of the 4 x 4 map, by hand.
  for (int quadrantRow = 0; quadrantRow < 2; ++quadrantRow)
  {
    for (int quadrantColumn = 0; quadrantColumn < 2; ++quadrantColumn)
    {
      auto quadrant = conv.slice(2, 2 * quadrantRow, 2 * quadrantRow + 2)
                        .slice(3, 2 * quadrantColumn, 2 * quadrantColumn + 2)
                        .mean({ 2, 3 });
      auto pooled = captured.at("block.conv").select(3, quadrantColumn).select(2, quadrantRow);
      EXPECT_TRUE(torch::allclose(pooled, quadrant, 1e-5, 1e-6));
    }
  }

  // Pooling only shrinks: 4 x 4 maps pooled to 8 stay the 4 x 4 maps themselves.
  request.PooledSize = 8;
  blocks = model.PlanCapture(samples.View, request);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].SampleShape, (std::vector<std::int64_t>{ 2, 4, 4 }));
  captured = CaptureAll(model, samples, request, predictions);
  EXPECT_TRUE(torch::allclose(captured.at("block.conv"), conv, 1e-5, 1e-6));
}

TEST(TorchModel, FGSMRaisesTheTargetProbability)
{
  TinyModel tiny("tiny_fgsm");
  neurotour::TorchModel model(tiny.Path);
  Samples samples(20);
  std::vector<neurotour::TorchPredictions> predictions;
  const int target = 2;
  auto steps = model.AdversarialSteps(samples.View, target, 0.02, 5, predictions);
  ASSERT_EQ(steps.size(), 6u);
  ASSERT_EQ(predictions.size(), 6u);
  EXPECT_TRUE(torch::allclose(
    torch::from_blob(steps[0].data(), { 20, 1, 4, 4 }), samples.Pixels));
  auto mean = [](const std::vector<float>& values)
  { return std::accumulate(values.begin(), values.end(), 0.0) / values.size(); };
  for (int step = 1; step <= 5; ++step)
  {
    EXPECT_GT(mean(predictions[step].Confidence), mean(predictions[step - 1].Confidence));
    for (std::size_t i = 0; i < steps[step].size(); ++i)
    {
      ASSERT_LE(std::abs(steps[step][i] - steps[step - 1][i]), 0.02f + 1e-6f);
      ASSERT_GE(steps[step][i], 0.0f);
      ASSERT_LE(steps[step][i], 1.0f);
    }
  }
}

TEST(TorchModel, BadInputGivesClearErrors)
{
  const std::string missing = std::string(NEUROTOUR_TEST_OUTPUT_DIR) + "/no_such_model.pt";
  EXPECT_NE(ErrorOf([&] { neurotour::TorchModel model(missing); }).find("cannot open"),
    std::string::npos);
  const std::string corrupt = std::string(NEUROTOUR_TEST_OUTPUT_DIR) + "/corrupt_model.pt";
  std::ofstream(corrupt) << "this is not a TorchScript archive";
  EXPECT_NE(ErrorOf([&] { neurotour::TorchModel model(corrupt); })
              .find("is not a TorchScript model file"),
    std::string::npos);

  TinyModel tiny("tiny_errors");
  neurotour::TorchModel model(tiny.Path);
  Samples samples(4);
  neurotour::TorchCaptureRequest request;
  request.Layers = { "block.nope" };
  EXPECT_NE(ErrorOf([&] { model.PlanCapture(samples.View, request); })
              .find("has no layer 'block.nope'; its layers are: block.conv, block.act, block, "
                    "skip, fc"),
    std::string::npos);

  request.Layers = { "fc" };
  auto wrongShape = samples.View;
  wrongShape.SampleShape = { 1, 3, 3 };
  EXPECT_NE(ErrorOf([&] { model.PlanCapture(wrongShape, request); })
              .find("does not accept samples of shape 1 x 3 x 3"),
    std::string::npos);

  auto empty = samples.View;
  empty.NumberOfSamples = 0;
  EXPECT_NE(ErrorOf([&] { model.PlanCapture(empty, request); }).find("no samples"),
    std::string::npos);

  samples.Pixels[1][0][2][3] = std::nanf("");
  EXPECT_NE(ErrorOf([&] { model.PlanCapture(samples.View, request); }).find("NaN"),
    std::string::npos);

  Samples many(4000);
  request.Layers = { "block.conv" };
  request.MemoryLimitMB = 0.1;
  EXPECT_NE(ErrorOf([&] { model.PlanCapture(many.View, request); }).find("set PooledSize"),
    std::string::npos);
}

TEST(TorchModel, ProgressPerBatchAndAbort)
{
  TinyModel tiny("tiny_abort");
  neurotour::TorchModel model(tiny.Path);
  Samples samples(50);
  neurotour::TorchCaptureRequest request;
  request.Layers = { "fc" };
  request.BatchSize = 10;
  auto blocks = model.PlanCapture(samples.View, request);
  std::vector<std::vector<float>> storage;
  for (auto& block : blocks)
  {
    storage.emplace_back(50 * std::accumulate(block.SampleShape.begin(), block.SampleShape.end(),
                                std::int64_t(1), std::multiplies<>()));
    block.Values = storage.back().data();
  }
  neurotour::TorchPredictions predictions;
  std::vector<double> reported;
  model.Capture(samples.View, request, blocks, predictions,
    [&](double fraction)
    {
      reported.push_back(fraction);
      return true;
    });
  EXPECT_EQ(reported, (std::vector<double>{ 0.2, 0.4, 0.6, 0.8, 1.0 }));
  int calls = 0;
  EXPECT_THROW(model.Capture(samples.View, request, blocks, predictions,
                 [&](double) { return ++calls < 2; }),
    neurotour::Aborted);
  EXPECT_EQ(calls, 2); // stopped after the second batch, not at the end
}
