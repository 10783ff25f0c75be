// Which files an IDX reader reads (train/test pairing, labels by name) and how their samples
// are read and checked together, on the tiny fixtures (5 images of 2 x 3, labels 3 ... 5).
#include "FormatError.h"
#include "IDXDataset.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace neurotour::formats;

namespace
{

std::string Data(const std::string& name)
{
  return std::string(NEUROTOUR_TEST_DATA_DIR) + "/" + name;
}

bool Always(double)
{
  return true;
}

/// The tiny fixture twice, as a train file (raw) and a test file (gzipped).
std::vector<IDXFiles> TinyTrainAndTest()
{
  return { { Data("tiny-images-idx3-ubyte"), Data("tiny-labels-idx1-ubyte"), TrainSplit },
    { Data("tiny-images-idx3-ubyte.gz"), Data("tiny-labels-idx1-ubyte.gz"), TestSplit } };
}

} // namespace

TEST(IDXDataset, TellsTheSplitByName)
{
  EXPECT_EQ(IDXSplitOf("/d/train-images-idx3-ubyte.gz"), TrainSplit);
  EXPECT_EQ(IDXSplitOf("/d/t10k-images-idx3-ubyte.gz"), TestSplit);
  EXPECT_EQ(IDXSplitOf("test-images.idx"), TestSplit);
  EXPECT_EQ(IDXSplitOf("/train/pictures.idx"), UnknownSplit); // the folder does not count
}

TEST(IDXDataset, PairsALoneFileWithItsLabels)
{
  const std::vector<IDXFiles> byName = PairIDXFiles("/d/train-images-idx3-ubyte.gz", "", false);
  ASSERT_EQ(byName.size(), 1u);
  EXPECT_EQ(byName[0].Images, "/d/train-images-idx3-ubyte.gz");
  EXPECT_EQ(byName[0].Labels, "/d/train-labels-idx1-ubyte.gz");
  EXPECT_EQ(byName[0].Split, TrainSplit);

  const std::vector<IDXFiles> given = PairIDXFiles("/d/pictures", "/e/classes", false);
  ASSERT_EQ(given.size(), 1u);
  EXPECT_EQ(given[0].Labels, "/e/classes");
  EXPECT_EQ(given[0].Split, UnknownSplit);

  EXPECT_EQ(PairIDXFiles("/d/pictures", "", false)[0].Labels, "");
}

TEST(IDXDataset, PairsTrainAndTestFromEitherFile)
{
  for (const char* chosen : { "/d/train-images-idx3-ubyte.gz", "/d/t10k-images-idx3-ubyte.gz" })
  {
    const std::vector<IDXFiles> files = PairIDXFiles(chosen, "/ignored", true);
    ASSERT_EQ(files.size(), 2u) << chosen;
    EXPECT_EQ(files[0].Images, "/d/train-images-idx3-ubyte.gz");
    EXPECT_EQ(files[0].Labels, "/d/train-labels-idx1-ubyte.gz");
    EXPECT_EQ(files[0].Split, TrainSplit);
    EXPECT_EQ(files[1].Images, "/d/t10k-images-idx3-ubyte.gz");
    EXPECT_EQ(files[1].Labels, "/d/t10k-labels-idx1-ubyte.gz");
    EXPECT_EQ(files[1].Split, TestSplit);
  }
}

TEST(IDXDataset, RefusesToCombineUnconventionalNames)
{
  // "test-..." is a test split but has no t10k counterpart to pair with "train-...".
  for (const char* name : { "/d/pictures.gz", "/d/test-images.gz" })
  {
    try
    {
      PairIDXFiles(name, "", true);
      FAIL() << "no error for " << name;
    }
    catch (const FormatError& error)
    {
      EXPECT_NE(std::string(error.what()).find("CombineTrainAndTest"), std::string::npos);
    }
  }
}

TEST(IDXDataset, ReadsFilesInOrderUpToTheMaximum)
{
  const IDXSamples all = ReadIDXSamples(TinyTrainAndTest(), 0, Always);
  EXPECT_EQ(all.Count(), 10);
  ASSERT_EQ(all.Labels.size(), 2u);
  EXPECT_EQ(all.Splits, (std::vector<IDXSplit>{ TrainSplit, TestSplit }));
  EXPECT_TRUE(all.KnownSplits());
  EXPECT_EQ(all.ImageShape(), (std::vector<int>{ 1, 2, 3 }));

  const IDXSamples seven = ReadIDXSamples(TinyTrainAndTest(), 7, Always);
  ASSERT_EQ(seven.Images.size(), 2u);
  EXPECT_EQ(seven.Images[0].Shape[0], 5);
  EXPECT_EQ(seven.Images[1].Shape[0], 2);
  EXPECT_EQ(seven.Labels[1].Shape[0], 2);

  const IDXSamples three = ReadIDXSamples(TinyTrainAndTest(), 3, Always);
  EXPECT_EQ(three.Images.size(), 1u); // the test file is not opened
  EXPECT_EQ(three.Count(), 3);
}

TEST(IDXDataset, HasNoLabelsWhenAFileHasNone)
{
  std::vector<IDXFiles> files = TinyTrainAndTest();
  files[1].Labels.clear();
  files[1].Split = UnknownSplit;
  const IDXSamples samples = ReadIDXSamples(files, 0, Always);
  EXPECT_EQ(samples.Count(), 10);
  EXPECT_TRUE(samples.Labels.empty());
  EXPECT_FALSE(samples.KnownSplits());
}

TEST(IDXDataset, RejectsFilesThatDoNotGoTogether)
{
  const std::string images = Data("tiny-images-idx3-ubyte");
  const std::string labels = Data("tiny-labels-idx1-ubyte");
  const auto errorOf = [](const std::vector<IDXFiles>& files)
  {
    try
    {
      ReadIDXSamples(files, 0, Always);
    }
    catch (const FormatError& error)
    {
      return std::string(error.what());
    }
    return std::string();
  };
  EXPECT_NE(errorOf({ { labels, "", UnknownSplit } }).find(labels + ": holds a 1-D array"),
    std::string::npos);
  EXPECT_NE(errorOf({ { images, images, UnknownSplit } }).find(images + ": 5 labels for the 5 images"),
    std::string::npos);
}

TEST(IDXDataset, StopsWhenProgressSaysSo)
{
  int calls = 0;
  const IDXSamples samples = ReadIDXSamples(TinyTrainAndTest(), 0,
    [&calls](double fraction)
    {
      EXPECT_DOUBLE_EQ(fraction, 0.5 * calls);
      return ++calls < 2;
    });
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(samples.Images.size(), 1u);
}

TEST(IDXDataset, KnowsTheDatasetByPath)
{
  EXPECT_EQ(IDXDatasetOf("/usr/share/Fashion-MNIST/t10k-images-idx3-ubyte.gz"), "fashion-mnist");
  EXPECT_EQ(IDXDatasetOf("/data/mnist/train-images-idx3-ubyte"), "mnist");
  EXPECT_EQ(IDXDatasetOf("/data/pictures"), "mnist");
}
