#include "TorchModel.h"

#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

namespace neurotour
{
namespace
{
using torch::jit::Graph;
using torch::jit::Node;
using torch::jit::Value;

// The first line of a LibTorch message (the rest is a C++ or TorchScript stack trace).
std::string FirstLine(const std::string& message)
{
  const auto end = message.find('\n');
  return end == std::string::npos ? message : message.substr(0, end);
}

std::string ShapeText(const std::vector<std::int64_t>& shape)
{
  std::ostringstream text;
  for (std::size_t i = 0; i < shape.size(); ++i)
  {
    text << (i ? " x " : "") << shape[i];
  }
  return text.str();
}

std::string JoinNames(const std::vector<std::string>& names)
{
  std::string text;
  for (const auto& name : names)
  {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

// The qualified name of the module object `value` (a chain of prim::GetAttr from `self`,
// whose name is `selfPath`), or nothing when it is not such a chain.
std::optional<std::string> ModulePath(Value* value, Value* self, const std::string& selfPath)
{
  if (value == self)
  {
    return selfPath;
  }
  Node* node = value->node();
  if (node->kind() != c10::prim::GetAttr)
  {
    return std::nullopt;
  }
  auto parent = ModulePath(node->input(0), self, selfPath);
  if (!parent)
  {
    return std::nullopt;
  }
  const std::string& attribute = node->s(c10::attr::name);
  return parent->empty() ? attribute : *parent + "." + attribute;
}

torch::jit::GraphFunction& CalledFunction(Node* call)
{
  auto type = call->input(0)->type()->expect<c10::ClassType>();
  return torch::jit::toGraphFunction(type->getMethod(call->s(c10::attr::name)));
}

// A call of a submodule's forward. The tracer names a module's second, third, ... call in one
// trace forward1, forward2, ...: those are calls of the same layer.
bool IsLayerCall(Node* node, const std::string& path)
{
  if (node->kind() != c10::prim::CallMethod || path.empty() || node->outputs().size() != 1 ||
    node->output()->type()->kind() != c10::TypeKind::TensorType)
  {
    return false;
  }
  const std::string& method = node->s(c10::attr::name);
  return method.compare(0, 7, "forward") == 0 &&
    std::all_of(method.begin() + 7, method.end(), [](char c) { return std::isdigit(c); });
}

// Walks a method's graph in execution order, descending into every method it calls, and
// appends each submodule whose forward() returns a tensor when that forward() completes.
void ListLayers(torch::jit::Block* block, Value* self, const std::string& selfPath,
  std::vector<std::string>& names, std::set<std::string>& seen)
{
  for (Node* node : block->nodes())
  {
    for (torch::jit::Block* inner : node->blocks())
    {
      ListLayers(inner, self, selfPath, names, seen);
    }
    if (node->kind() != c10::prim::CallMethod)
    {
      continue;
    }
    auto path = ModulePath(node->input(0), self, selfPath);
    if (!path)
    {
      continue;
    }
    auto graph = CalledFunction(node).graph();
    ListLayers(graph->block(), graph->inputs()[0], *path, names, seen);
    if (IsLayerCall(node, *path) && seen.insert(*path).second)
    {
      names.push_back(*path);
    }
  }
}

bool IsStrictAncestor(const std::string& path, const std::set<std::string>& targets)
{
  for (const auto& target : targets)
  {
    if (path.empty() ? !target.empty()
                     : target.size() > path.size() && target.compare(0, path.size(), path) == 0 &&
          target[path.size()] == '.')
    {
      return true;
    }
  }
  return false;
}

// What is stored for a captured layer: its feature maps average-pooled, or else a copy (models
// modify tensors in place afterwards, as ResNet's `out += identity` does to bn2's output).
// Done inside the graph, so a pooled layer costs no extra copy. Pooling only shrinks: a map
// already at most pooled_size on a side is kept as it is (adaptive pooling would enlarge a
// 512 x 1 x 1 layer to 512 x 16 x 16 copies of each value).
const char* const CaptureSource = R"(
def capture(x: Tensor, pooled_size: int) -> Tensor:
    if pooled_size > 0 and x.dim() == 4 and (x.size(2) > pooled_size or x.size(3) > pooled_size):
        return torch.adaptive_avg_pool2d(x, [min(x.size(2), pooled_size), min(x.size(3), pooled_size)])
    return x.clone()
)";

// After `position`, stores capture(value) under `name` in the capture dictionary; a later
// call of the same module overwrites it, as a PyTorch forward hook filling a dict would.
void InsertCapture(Graph& graph, Node* position, Value* dict, const std::string& name,
  Value* value, int pooledSize)
{
  static const auto unit = torch::jit::compile(CaptureSource);
  static const auto capture = torch::jit::toGraphFunction(unit->get_function("capture")).graph();
  torch::jit::WithInsertPoint guard(position);
  std::unordered_map<Value*, Value*> valueMap;
  Value* stored =
    torch::jit::insertGraph(graph, *capture, { value, graph.insertConstant(pooledSize) }, valueMap)
      .at(0);
  graph.insert(c10::aten::_set_item, { dict, graph.insertConstant(name), stored });
}

/**
 * The general capture method: a copy of forward() whose calls on the way to each chosen
 * submodule are inlined (only those: the rest of the model runs as it was scripted), with
 * each chosen submodule's output stored in a Dict[str, Tensor] that the copy returns beside
 * the model output. It works at any depth, inside branches and loops, for scripted and
 * traced models alike.
 */
std::shared_ptr<Graph> CaptureGraph(
  torch::jit::Module& module, const std::set<std::string>& targets, int pooledSize)
{
  auto graph = torch::jit::toGraphFunction(module.get_method("forward").function()).graph()->copy();
  Value* self = graph->inputs()[0];
  Node* dictNode = graph->createDict(c10::StringType::get(), c10::TensorType::get(), {}, {});
  dictNode->insertAfter(graph->block()->param_node());
  Value* dict = dictNode->output();

  for (bool inlined = true; inlined;)
  {
    inlined = false;
    for (Node* call : torch::jit::findAllNodes(*graph, c10::prim::CallMethod, true))
    {
      auto path = ModulePath(call->input(0), self, "");
      if (!path || !IsStrictAncestor(*path, targets))
      {
        continue;
      }
      const bool capture = IsLayerCall(call, *path) && targets.count(*path);
      Node* next = call->next();
      // The callee's own graph: its optimized graph would have every call inlined, names lost.
      auto& callee = CalledFunction(call);
      auto outputs = torch::jit::inlineCallTo(call, &callee, callee.graph().get());
      if (capture)
      {
        InsertCapture(*graph, next, dict, *path, outputs.at(0), pooledSize);
      }
      inlined = true;
      break; // the node list changed: scan again
    }
  }
  for (Node* call : torch::jit::findAllNodes(*graph, c10::prim::CallMethod, true))
  {
    auto path = ModulePath(call->input(0), self, "");
    if (path && IsLayerCall(call, *path) && targets.count(*path))
    {
      InsertCapture(*graph, call->next(), dict, *path, call->output(), pooledSize);
    }
  }
  Node* result = graph->createTuple({ graph->outputs()[0], dict });
  result->insertBefore(graph->return_node());
  graph->eraseOutput(0);
  graph->registerOutput(result->output());
  return graph;
}

// d loss / d input, computed on a thread of its own: once Python has imported torch in this
// process (pvpython scripts do), LibTorch's autograd engine refuses to run on a thread holding
// Python's lock, which the pipeline thread of pvpython does.
torch::Tensor InputGradient(const torch::Tensor& loss, const torch::Tensor& input)
{
  torch::Tensor gradient;
  std::exception_ptr failure;
  std::thread worker(
    [&]
    {
      try
      {
        gradient = torch::autograd::grad({ loss }, { input })[0];
      }
      catch (...)
      {
        failure = std::current_exception();
      }
    });
  worker.join();
  if (failure)
  {
    std::rethrow_exception(failure);
  }
  return gradient;
}

// A model output that is a tuple (e.g. Inception's) contributes its first tensor.
torch::Tensor OutputTensor(const c10::IValue& output)
{
  if (output.isTensor())
  {
    return output.toTensor();
  }
  if (output.isTuple())
  {
    for (const auto& element : output.toTupleRef().elements())
    {
      if (element.isTensor())
      {
        return element.toTensor();
      }
    }
  }
  return {};
}
} // namespace

//------------------------------------------------------------------------------
std::int64_t TorchSamples::ValuesPerSample() const
{
  return std::accumulate(
    this->SampleShape.begin(), this->SampleShape.end(), std::int64_t(1), std::multiplies<>());
}

//------------------------------------------------------------------------------
struct TorchModel::Internals
{
  std::string Path;
  torch::jit::Module Module;
  std::vector<std::string> Layers;
  // The capture function for the last chosen layers and pooling (rebuilt when they change).
  std::set<std::string> CaptureTargets;
  int CapturePooledSize = 0;
  std::unique_ptr<torch::jit::GraphFunction> CaptureFunction;

  void CheckSamples(const TorchSamples& samples) const
  {
    if (samples.NumberOfSamples <= 0)
    {
      throw InvalidInput("the input table has no samples");
    }
    if ((samples.Bytes == nullptr) == (samples.Floats == nullptr) || samples.SampleShape.empty())
    {
      throw InvalidInput("the input has no pixel values");
    }
    if (samples.Floats)
    {
      CheckFinite(samples.Floats, samples.NumberOfSamples * samples.ValuesPerSample(), "Pixels");
    }
    if (!(samples.Std > 0.0f) || !std::isfinite(samples.Mean))
    {
      throw InvalidInput("Normalization needs a finite mean and a positive standard deviation");
    }
  }

  // Samples [first, first + count) in [0, 1], as a new tensor N x SampleShape.
  torch::Tensor Scaled(const TorchSamples& samples, std::int64_t first, std::int64_t count) const
  {
    std::vector<std::int64_t> shape{ count };
    shape.insert(shape.end(), samples.SampleShape.begin(), samples.SampleShape.end());
    const std::int64_t offset = first * samples.ValuesPerSample();
    if (samples.Bytes)
    {
      auto bytes = torch::from_blob(const_cast<std::uint8_t*>(samples.Bytes + offset), shape,
        torch::kUInt8);
      return bytes.to(torch::kFloat32).div_(255.0f);
    }
    return torch::from_blob(const_cast<float*>(samples.Floats + offset), shape, torch::kFloat32)
      .clone();
  }

  torch::Tensor Normalized(const TorchSamples& samples, torch::Tensor scaled) const
  {
    if (samples.Mean == 0.0f && samples.Std == 1.0f)
    {
      return scaled;
    }
    return (scaled - samples.Mean) / samples.Std;
  }

  // The model output and the captured layers for one batch; errors name the sample shape.
  std::pair<torch::Tensor, c10::Dict<std::string, torch::Tensor>> Run(
    const TorchSamples& samples, const torch::Tensor& input)
  {
    torch::jit::Stack stack{ this->Module._ivalue(), input };
    try
    {
      this->CaptureFunction->run(stack);
    }
    catch (const std::exception& error)
    {
      throw InvalidInput("the model " + this->Path + " does not accept samples of shape " +
        ShapeText(samples.SampleShape) + " (a batch of " + ShapeText(input.sizes().vec()) +
        "): " + FirstLine(error.what()));
    }
    auto result = stack.back().toTupleRef().elements();
    return { OutputTensor(result[0]), c10::impl::toTypedDict<std::string, torch::Tensor>(
                                        result[1].toGenericDict()) };
  }

  void PrepareCapture(const std::vector<std::string>& layers, int pooledSize)
  {
    std::set<std::string> targets;
    for (const auto& layer : layers)
    {
      if (std::find(this->Layers.begin(), this->Layers.end(), layer) == this->Layers.end())
      {
        throw InvalidInput("the model " + this->Path + " has no layer '" + layer +
          "'; its layers are: " + JoinNames(this->Layers));
      }
      targets.insert(layer);
    }
    if (!this->CaptureFunction || targets != this->CaptureTargets ||
      pooledSize != this->CapturePooledSize)
    {
      this->CaptureFunction = std::make_unique<torch::jit::GraphFunction>(
        "neurotour_capture", CaptureGraph(this->Module, targets, pooledSize), nullptr);
      this->CaptureTargets = targets;
      this->CapturePooledSize = pooledSize;
    }
  }

  // The layers in network order, "input" first when asked for.
  std::vector<std::string> Blocks(const TorchCaptureRequest& request) const
  {
    std::vector<std::string> blocks;
    if (request.IncludeInput)
    {
      blocks.emplace_back("input");
    }
    for (const auto& layer : this->Layers)
    {
      if (std::find(request.Layers.begin(), request.Layers.end(), layer) != request.Layers.end())
      {
        blocks.push_back(layer);
      }
    }
    return blocks;
  }

  void Predict(const torch::Tensor& output, const TorchSamples& samples, std::int64_t first,
    const int* classes, TorchPredictions& predictions) const
  {
    if (!output.defined() || output.dim() != 2)
    {
      return;
    }
    const std::int64_t count = output.size(0);
    const std::int64_t numberOfClasses = output.size(1);
    auto logProbabilities = torch::log_softmax(output.to(torch::kFloat32), 1);
    auto predicted = logProbabilities.argmax(1).to(torch::kInt32).contiguous();
    std::vector<std::int64_t> chosen(count);
    for (std::int64_t i = 0; i < count; ++i)
    {
      const int label = classes ? classes[i] : predicted[i].item<int>();
      if (label < 0 || label >= numberOfClasses)
      {
        throw InvalidInput("class " + std::to_string(label) + " (sample " +
          std::to_string(first + i) + ") is outside the model's " +
          std::to_string(numberOfClasses) + " outputs");
      }
      chosen[i] = label;
    }
    auto index = torch::from_blob(chosen.data(), { count, 1 }, torch::kInt64);
    auto chosenLog = logProbabilities.gather(1, index).squeeze(1).contiguous();
    const float* logValues = chosenLog.data_ptr<float>();
    const int* predictedValues = predicted.data_ptr<int>();
    predictions.Prediction.resize(first + count);
    predictions.Confidence.resize(first + count);
    std::copy(predictedValues, predictedValues + count, predictions.Prediction.begin() + first);
    std::transform(logValues, logValues + count, predictions.Confidence.begin() + first,
      [](float value) { return std::exp(value); });
    // The softmax layer of the Grand Tour article: what the network believes, per class.
    auto probabilities = logProbabilities.exp().contiguous();
    predictions.NumberOfClasses = static_cast<int>(numberOfClasses);
    predictions.Probabilities.resize((first + count) * numberOfClasses);
    std::copy(probabilities.data_ptr<float>(), probabilities.data_ptr<float>() + count * numberOfClasses,
      predictions.Probabilities.begin() + first * numberOfClasses);
    if (samples.Labels)
    {
      predictions.Loss.resize(first + count);
      std::transform(logValues, logValues + count, predictions.Loss.begin() + first,
        [](float value) { return -value; });
    }
  }
};

//------------------------------------------------------------------------------
TorchModel::TorchModel(const std::string& path)
  : Impl(new Internals)
{
  this->Impl->Path = path;
  if (!std::ifstream(path).good())
  {
    throw InvalidInput("cannot open the model file '" + path + "'");
  }
  try
  {
    this->Impl->Module = torch::jit::load(path, torch::kCPU);
  }
  catch (const std::exception& error)
  {
    throw InvalidInput(
      "'" + path + "' is not a TorchScript model file: " + FirstLine(error.what()));
  }
  auto& module = this->Impl->Module;
  module.eval();
  // The bridge never trains: no parameter gradients, so FGSM differentiates the input only.
  for (auto parameter : module.parameters())
  {
    parameter.requires_grad_(false);
  }
  auto forward = module.find_method("forward");
  if (!forward || forward->num_inputs() != 2)
  {
    throw InvalidInput("the model " + path + " needs a forward() that takes one tensor");
  }
  // One thread pool: LibTorch's OpenMP threads, as many as the algorithms layer uses.
  at::set_num_threads(ResolveThreadCount(0));
  auto graph = torch::jit::toGraphFunction(forward->function()).graph();
  std::set<std::string> seen;
  ListLayers(graph->block(), graph->inputs()[0], "", this->Impl->Layers, seen);
}

TorchModel::~TorchModel() = default;

const std::string& TorchModel::Path() const
{
  return this->Impl->Path;
}

const std::vector<std::string>& TorchModel::LayerNames() const
{
  return this->Impl->Layers;
}

std::vector<std::string> TorchModel::TopLevelLayerNames() const
{
  std::vector<std::string> names;
  std::copy_if(this->Impl->Layers.begin(), this->Impl->Layers.end(), std::back_inserter(names),
    [](const std::string& name) { return name.find('.') == std::string::npos; });
  return names;
}

//------------------------------------------------------------------------------
std::vector<TorchCapturedLayer> TorchModel::PlanCapture(
  const TorchSamples& samples, const TorchCaptureRequest& request)
{
  this->Impl->CheckSamples(samples);
  if (request.BatchSize <= 0)
  {
    throw InvalidInput("BatchSize must be positive");
  }
  this->Impl->PrepareCapture(request.Layers, request.PooledSize);
  torch::NoGradGuard noGrad;
  auto probe = this->Impl->Normalized(samples, this->Impl->Scaled(samples, 0, 1));
  auto [output, captured] = this->Impl->Run(samples, probe);
  (void)output;

  std::vector<TorchCapturedLayer> blocks;
  double bytes = 0.0;
  for (const auto& name : this->Impl->Blocks(request))
  {
    TorchCapturedLayer block;
    block.Name = name;
    if (name == "input")
    {
      block.SampleShape = samples.SampleShape;
    }
    else
    {
      if (!captured.contains(name))
      {
        throw InvalidInput("the layer '" + name + "' was not run by the model's forward() " +
          "(it sits in a branch the model did not take)");
      }
      auto map = captured.at(name);
      block.SampleShape.assign(map.sizes().begin() + 1, map.sizes().end());
    }
    bytes += 4.0 * samples.NumberOfSamples *
      std::accumulate(block.SampleShape.begin(), block.SampleShape.end(), std::int64_t(1),
        std::multiplies<>());
    blocks.push_back(std::move(block));
  }
  const double megabytes = bytes / (1024.0 * 1024.0);
  if (megabytes > request.MemoryLimitMB)
  {
    std::ostringstream message;
    message << "the activations would take " << static_cast<long long>(megabytes)
            << " MB, more than MemoryLimitMB (" << request.MemoryLimitMB << "): set PooledSize "
            << "(e.g. 4, to average-pool each feature map to 4 x 4), choose fewer Layers, use "
            << "fewer samples, or raise MemoryLimitMB";
    throw InvalidInput(message.str());
  }
  return blocks;
}

//------------------------------------------------------------------------------
void TorchModel::Capture(const TorchSamples& samples, const TorchCaptureRequest& request,
  std::vector<TorchCapturedLayer>& blocks, TorchPredictions& predictions,
  const ProgressCallback& progress)
{
  this->Impl->CheckSamples(samples);
  this->Impl->PrepareCapture(request.Layers, request.PooledSize);
  torch::NoGradGuard noGrad;
  predictions = TorchPredictions();
  const std::int64_t total = samples.NumberOfSamples;
  for (std::int64_t first = 0; first < total; first += request.BatchSize)
  {
    const std::int64_t count = std::min<std::int64_t>(request.BatchSize, total - first);
    auto input = this->Impl->Normalized(samples, this->Impl->Scaled(samples, first, count));
    auto [output, captured] = this->Impl->Run(samples, input);
    for (auto& block : blocks)
    {
      auto values = block.Name == "input" ? input : captured.at(block.Name);
      values = values.to(torch::kFloat32).contiguous().reshape({ count, -1 });
      const std::int64_t width = values.size(1);
      std::copy_n(values.data_ptr<float>(), count * width, block.Values + first * width);
    }
    this->Impl->Predict(
      output, samples, first, samples.Labels ? samples.Labels + first : nullptr, predictions);
    ReportProgress(progress, static_cast<double>(first + count) / total);
  }
}

//------------------------------------------------------------------------------
std::vector<std::vector<float>> TorchModel::AdversarialSteps(const TorchSamples& samples,
  int targetLabel, double epsilon, int numberOfSteps, std::vector<TorchPredictions>& predictions,
  const ProgressCallback& progress)
{
  this->Impl->CheckSamples(samples);
  if (numberOfSteps < 0 || !(epsilon >= 0.0))
  {
    throw InvalidInput("NumberOfSteps and Epsilon must not be negative");
  }
  const std::int64_t total = samples.NumberOfSamples;
  const std::int64_t width = samples.ValuesPerSample();
  std::vector<std::vector<float>> steps(numberOfSteps + 1, std::vector<float>(total * width));
  predictions.assign(numberOfSteps + 1, TorchPredictions());
  const int batchSize = 256;
  std::vector<int> targets(batchSize, targetLabel);
  for (std::int64_t first = 0; first < total; first += batchSize)
  {
    const std::int64_t count = std::min<std::int64_t>(batchSize, total - first);
    auto target = torch::full({ count }, targetLabel, torch::kInt64);
    auto x = this->Impl->Scaled(samples, first, count);
    for (int step = 0; step <= numberOfSteps; ++step)
    {
      std::copy_n(x.data_ptr<float>(), count * width, steps[step].data() + first * width);
      x.requires_grad_(step < numberOfSteps);
      torch::Tensor logits;
      try
      {
        logits = OutputTensor(this->Impl->Module.forward({ this->Impl->Normalized(samples, x) }));
      }
      catch (const std::exception& error)
      {
        throw InvalidInput("the model " + this->Impl->Path +
          " does not accept samples of shape " + ShapeText(samples.SampleShape) + ": " +
          FirstLine(error.what()));
      }
      if (!logits.defined() || logits.dim() != 2)
      {
        throw InvalidInput("FGSM needs a model whose output is one row of class scores per sample");
      }
      this->Impl->Predict(logits.detach(), samples, first, targets.data(), predictions[step]);
      if (step < numberOfSteps)
      {
        auto loss = torch::nn::functional::cross_entropy(logits, target,
          torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
        auto gradient = InputGradient(loss, x);
        // Targeted: step down the target's loss, staying a valid image.
        x = (x.detach() - epsilon * gradient.sign()).clamp(0.0, 1.0);
      }
      ReportProgress(progress,
        (static_cast<double>(first) + count * (step + 1.0) / (numberOfSteps + 1)) / total);
    }
  }
  // Confidence is the target's probability; the loss against the true class is not asked for.
  for (auto& step : predictions)
  {
    step.Loss.clear();
  }
  return steps;
}

} // namespace neurotour
