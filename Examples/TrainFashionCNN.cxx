// Trains the small CNN of the Grand Tour article (convolutions, max-pooling, ReLU, fully
// connected layers, softmax in the loss) on Fashion-MNIST with LibTorch, and writes what
// NeuroTour tours: a TorchScript checkpoint per epoch (epoch 0 = untrained) and the per-class
// test loss per epoch.
//
//   NeuroTourTrainFashionCNN [--epochs 5] [--train-samples 60000] [--test-samples 10000]
//     [--output-dir Models] [--data-dir /usr/share/datasets/fashion-mnist] [--seed 42]
//
// Output: <output-dir>/fashion_cnn_epoch<E>.pt for E = 0..epochs (each loadable with
// torch::jit::load or torch.jit.load, forward(x: N x 1 x 28 x 28 in [0, 1]) -> N x 10 logits),
// and <output-dir>/per_class_loss.csv (epoch, loss_0..loss_9, loss_total, accuracy on the
// test images).
//
// The model is a torch::jit::Module whose methods are TorchScript source (define()), trained
// from C++, so each checkpoint is a proper TorchScript file with named submodules
// (conv1, pool1, relu1, conv2, pool2, relu2, fc1, relu3, fc2).
#include "IDXFormat.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <omp.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

namespace
{
struct Options
{
  int Epochs = 5;
  std::int64_t TrainSamples = 60000;
  std::int64_t TestSamples = 10000;
  std::string OutputDir = "Models";
  std::string DataDir = "/usr/share/datasets/fashion-mnist";
  std::uint64_t Seed = 42;
};

Options ParseOptions(int argc, char* argv[])
{
  Options options;
  for (int i = 1; i < argc; ++i)
  {
    const std::string option = argv[i];
    if (option == "--help" || option == "-h" || i + 1 >= argc)
    {
      std::cout << "usage: " << argv[0]
                << " [--epochs N] [--train-samples N] [--test-samples N] [--output-dir DIR]"
                   " [--data-dir DIR] [--seed N]\n";
      std::exit(option == "--help" || option == "-h" ? 0 : 2);
    }
    const std::string value = argv[++i];
    if (option == "--epochs")
      options.Epochs = std::stoi(value);
    else if (option == "--train-samples")
      options.TrainSamples = std::stoll(value);
    else if (option == "--test-samples")
      options.TestSamples = std::stoll(value);
    else if (option == "--output-dir")
      options.OutputDir = value;
    else if (option == "--data-dir")
      options.DataDir = value;
    else if (option == "--seed")
      options.Seed = std::stoull(value);
    else
    {
      std::cerr << "unknown option " << option << "\n";
      std::exit(2);
    }
  }
  return options;
}

struct DataSet
{
  torch::Tensor Images; // N x 1 x 28 x 28 float in [0, 1], as torchvision's ToTensor gives
  torch::Tensor Labels; // N int64
};

DataSet Load(const std::string& dataDir, const std::string& prefix, std::int64_t maximum)
{
  namespace formats = neurotour::formats;
  const std::string imagesPath = dataDir + "/" + prefix + "-images-idx3-ubyte.gz";
  auto images = formats::ReadIDX(imagesPath, maximum);
  auto labels = formats::ReadIDX(formats::LabelFileFor(imagesPath), maximum);
  const std::int64_t count = images.Shape.at(0);
  DataSet data;
  data.Images = torch::from_blob(images.Bytes.data(), { count, 1, 28, 28 }, torch::kUInt8)
                  .to(torch::kFloat32)
                  .div_(255.0f);
  data.Labels =
    torch::from_blob(labels.Bytes.data(), { count }, torch::kUInt8).to(torch::kInt64);
  return data;
}

// A submodule with TorchScript source; its parameters take nn's default initialisation.
torch::jit::Module Layer(const std::string& name, const std::string& body,
  const std::map<std::string, torch::Tensor>& parameters = {})
{
  torch::jit::Module layer(name);
  for (const auto& [parameter, value] : parameters)
  {
    layer.register_parameter(parameter, value.detach().clone(), false);
  }
  layer.define("def forward(self, x):\n  return " + body + "\n");
  return layer;
}

torch::jit::Module BuildModel()
{
  torch::nn::Conv2d conv1(torch::nn::Conv2dOptions(1, 10, 5));
  torch::nn::Conv2d conv2(torch::nn::Conv2dOptions(10, 20, 5));
  torch::nn::Linear fc1(320, 50);
  torch::nn::Linear fc2(50, 10);
  const std::string conv = "torch.conv2d(x, self.weight, self.bias)";
  const std::string linear = "torch.addmm(self.bias, x, self.weight.t())";
  torch::jit::Module model("FashionCNN");
  model.register_module("conv1",
    Layer("Conv1", conv, { { "weight", conv1->weight }, { "bias", conv1->bias } }));
  model.register_module("pool1", Layer("Pool1", "torch.max_pool2d(x, [2, 2])"));
  model.register_module("relu1", Layer("Relu1", "torch.relu(x)"));
  model.register_module("conv2",
    Layer("Conv2", conv, { { "weight", conv2->weight }, { "bias", conv2->bias } }));
  model.register_module("pool2", Layer("Pool2", "torch.max_pool2d(x, [2, 2])"));
  model.register_module("relu2", Layer("Relu2", "torch.relu(x)"));
  model.register_module(
    "fc1", Layer("Fc1", linear, { { "weight", fc1->weight }, { "bias", fc1->bias } }));
  model.register_module("relu3", Layer("Relu3", "torch.relu(x)"));
  model.register_module(
    "fc2", Layer("Fc2", linear, { { "weight", fc2->weight }, { "bias", fc2->bias } }));
  model.define(R"(
def forward(self, x):
  x = self.relu1.forward(self.pool1.forward(self.conv1.forward(x)))
  x = self.relu2.forward(self.pool2.forward(self.conv2.forward(x)))
  x = self.relu3.forward(self.fc1.forward(torch.flatten(x, 1)))
  return self.fc2.forward(x)
)");
  for (auto parameter : model.parameters())
  {
    parameter.requires_grad_(true);
  }
  return model;
}

// Writes one CSV row: per-class mean cross-entropy, total loss and accuracy on the test set.
void Evaluate(torch::jit::Module& model, const DataSet& test, int epoch, std::ofstream& csv)
{
  torch::NoGradGuard noGrad;
  auto logits = model.forward({ test.Images }).toTensor();
  auto losses = torch::nn::functional::cross_entropy(logits, test.Labels,
    torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
  const double accuracy = logits.argmax(1).eq(test.Labels).to(torch::kFloat64).mean().item<double>();
  csv << epoch;
  for (int label = 0; label < 10; ++label)
  {
    auto mask = test.Labels.eq(label);
    csv << "," << (mask.any().item<bool>() ? losses.masked_select(mask).mean().item<double>() : 0.0);
  }
  csv << "," << losses.mean().item<double>() << "," << accuracy << "\n" << std::flush;
  std::cout << "epoch " << epoch << ": test loss " << losses.mean().item<double>()
            << ", accuracy " << accuracy << std::endl;
}
} // namespace

int main(int argc, char* argv[])
{
  const Options options = ParseOptions(argc, argv);
  try
  {
    at::set_num_threads(omp_get_max_threads());
    torch::manual_seed(options.Seed);
    const DataSet train = Load(options.DataDir, "train", options.TrainSamples);
    const DataSet test = Load(options.DataDir, "t10k", options.TestSamples);
    std::filesystem::create_directories(options.OutputDir);
    std::ofstream csv(options.OutputDir + "/per_class_loss.csv");
    csv << "epoch";
    for (int label = 0; label < 10; ++label)
    {
      csv << ",loss_" << label;
    }
    csv << ",loss_total,accuracy\n";

    torch::jit::Module model = BuildModel();
    std::vector<torch::Tensor> parameters;
    for (const auto& parameter : model.parameters())
    {
      parameters.push_back(parameter);
    }
    torch::optim::Adam optimizer(parameters, torch::optim::AdamOptions(1e-3));
    const std::int64_t batchSize = 64;
    const std::int64_t count = train.Images.size(0);
    for (int epoch = 0; epoch <= options.Epochs; ++epoch)
    {
      const auto start = std::chrono::steady_clock::now();
      if (epoch > 0)
      {
        auto order = torch::randperm(count, torch::kInt64);
        for (std::int64_t first = 0; first < count; first += batchSize)
        {
          auto index = order.slice(0, first, std::min(first + batchSize, count));
          auto logits = model.forward({ train.Images.index_select(0, index) }).toTensor();
          auto loss =
            torch::nn::functional::cross_entropy(logits, train.Labels.index_select(0, index));
          optimizer.zero_grad();
          loss.backward();
          optimizer.step();
        }
      }
      Evaluate(model, test, epoch, csv);
      model.save(options.OutputDir + "/fashion_cnn_epoch" + std::to_string(epoch) + ".pt");
      const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
      std::cout << "  saved epoch " << epoch << " (" << seconds.count() << " s)" << std::endl;
    }
  }
  catch (const std::exception& error)
  {
    std::cerr << "NeuroTourTrainFashionCNN: " << error.what() << std::endl;
    return 1;
  }
  return 0;
}
