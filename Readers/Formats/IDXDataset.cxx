#include "IDXDataset.h"

#include "FormatError.h"

#include <algorithm>
#include <cctype>

namespace neurotour
{
namespace formats
{
namespace
{
std::string FileNameOf(const std::string& path)
{
  return path.substr(path.find_last_of('/') + 1);
}

/// `path` with the first `from` of its file name replaced by `to`; "" when there is none.
std::string Sibling(const std::string& path, const std::string& from, const std::string& to)
{
  const std::size_t nameStart = path.size() - FileNameOf(path).size();
  const std::size_t at = path.find(from, nameStart);
  return at == std::string::npos ? "" : path.substr(0, at) + to + path.substr(at + from.size());
}
} // namespace

//------------------------------------------------------------------------------
IDXSplit IDXSplitOf(const std::string& path)
{
  const std::string name = FileNameOf(path);
  if (name.rfind("train", 0) == 0)
  {
    return TrainSplit;
  }
  return name.rfind("t10k", 0) == 0 || name.rfind("test", 0) == 0 ? TestSplit : UnknownSplit;
}

//------------------------------------------------------------------------------
std::vector<IDXFiles> PairIDXFiles(
  const std::string& imagesPath, const std::string& labelsPath, bool combineTrainAndTest)
{
  const IDXSplit split = IDXSplitOf(imagesPath);
  if (!combineTrainAndTest)
  {
    return { { imagesPath, labelsPath.empty() ? LabelFileFor(imagesPath) : labelsPath, split } };
  }
  const std::string train = split == TestSplit ? Sibling(imagesPath, "t10k", "train") : imagesPath;
  const std::string test = split == TrainSplit ? Sibling(imagesPath, "train", "t10k") : imagesPath;
  if (split == UnknownSplit || train.empty() || test.empty())
  {
    throw FormatError(imagesPath,
      "CombineTrainAndTest needs MNIST-style names (train-images-idx3-ubyte.gz beside "
      "t10k-images-idx3-ubyte.gz)");
  }
  return { { train, LabelFileFor(train), TrainSplit }, { test, LabelFileFor(test), TestSplit } };
}

//------------------------------------------------------------------------------
IDXSamples ReadIDXSamples(const std::vector<IDXFiles>& files, std::int64_t maximumSamples,
  const std::function<bool(double)>& progress)
{
  IDXSamples samples;
  std::int64_t remaining = maximumSamples;
  bool everyFileHasLabels = true;
  for (std::size_t f = 0; f < files.size(); ++f)
  {
    if ((maximumSamples > 0 && remaining == 0) || !progress(static_cast<double>(f) / files.size()))
    {
      break;
    }
    IDXArray images = ReadIDX(files[f].Images, remaining);
    if (images.Shape.size() < 2)
    {
      throw FormatError(files[f].Images, "holds a " + std::to_string(images.Shape.size()) +
          "-D array, not images (is it a labels file?)");
    }
    if (!samples.Images.empty() &&
      (images.ValuesPerItem() != samples.Images.front().ValuesPerItem() ||
        images.Type != samples.Images.front().Type))
    {
      throw FormatError(
        files[f].Images, "images differ in size or type from " + files.front().Images);
    }
    everyFileHasLabels = everyFileHasLabels && !files[f].Labels.empty();
    if (!files[f].Labels.empty())
    {
      IDXArray labels = ReadIDX(files[f].Labels, images.Shape[0]);
      if (labels.ItemsInFile != images.ItemsInFile || labels.Shape.size() != 1)
      {
        throw FormatError(files[f].Labels, std::to_string(labels.ItemsInFile) +
            " labels for the " + std::to_string(images.ItemsInFile) + " images of " +
            files[f].Images);
      }
      samples.Labels.push_back(std::move(labels));
    }
    if (maximumSamples > 0)
    {
      remaining -= images.Shape[0];
    }
    samples.Images.push_back(std::move(images));
    samples.Splits.push_back(files[f].Split);
  }
  if (!everyFileHasLabels)
  {
    samples.Labels.clear();
  }
  return samples;
}

//------------------------------------------------------------------------------
std::int64_t IDXSamples::Count() const
{
  std::int64_t count = 0;
  for (const IDXArray& images : this->Images)
  {
    count += images.Shape[0];
  }
  return count;
}

//------------------------------------------------------------------------------
std::vector<int> IDXSamples::ImageShape() const
{
  if (this->Images.empty())
  {
    return {};
  }
  const std::vector<std::int64_t>& shape = this->Images.front().Shape;
  std::vector<int> imageShape(shape.begin() + 1, shape.end());
  if (imageShape.size() == 2)
  {
    imageShape.insert(imageShape.begin(), 1); // one channel
  }
  return imageShape;
}

//------------------------------------------------------------------------------
bool IDXSamples::KnownSplits() const
{
  return std::all_of(this->Splits.begin(), this->Splits.end(),
    [](IDXSplit split) { return split != UnknownSplit; });
}

//------------------------------------------------------------------------------
std::string IDXDatasetOf(const std::string& path)
{
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(),
    [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("fashion") != std::string::npos ? "fashion-mnist" : "mnist";
}

} // namespace formats
} // namespace neurotour
