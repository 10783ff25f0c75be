// An IDX data set as MNIST-style readers see it: which files to read (an images file, its
// labels file, the train/test split), and their samples read and checked against each other.
// Plain C++: the VTK reader only turns the result into a sample table.
#pragma once

#include "IDXFormat.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace neurotour
{
namespace formats
{

/// The split a file name tells ("train-..." or "t10k-..."/"test-..."), as the `Split` column
/// stores it.
enum IDXSplit : int
{
  UnknownSplit = -1,
  TrainSplit = 0,
  TestSplit = 1
};

IDXSplit IDXSplitOf(const std::string& path);

/// An images file, its labels file ("" when none is known) and its split.
struct IDXFiles
{
  std::string Images;
  std::string Labels;
  IDXSplit Split = UnknownSplit;
};

/// The files to read for the images file `imagesPath`. Alone: that file, with `labelsPath` or
/// else the labels file named by the MNIST convention. With `combineTrainAndTest`: the train
/// files, then the test (t10k) files of the same directory. Throws FormatError when combining
/// is asked for a name that follows no train/t10k convention.
std::vector<IDXFiles> PairIDXFiles(
  const std::string& imagesPath, const std::string& labelsPath, bool combineTrainAndTest);

/// The samples of several IDX files, in file order.
struct IDXSamples
{
  std::vector<IDXArray> Images;  // one per file read
  std::vector<IDXArray> Labels;  // one per file read, or none when a file has no labels file
  std::vector<IDXSplit> Splits;  // one per file read

  std::int64_t Count() const;
  /// The shape of one image, C H W (one channel added to 2-D images).
  std::vector<int> ImageShape() const;
  bool KnownSplits() const;
};

/// Reads `files` in order, at most `maximumSamples` in all (0: all of them). Throws
/// FormatError when a file is broken or not images, when files differ in image size or type,
/// or when a labels file does not match its images. `progress(fraction)` is called before each
/// file; when it returns false, reading stops and what was read so far is returned.
IDXSamples ReadIDXSamples(const std::vector<IDXFiles>& files, std::int64_t maximumSamples,
  const std::function<bool(double)>& progress);

/// The well-known data set a path names: "fashion-mnist" when it mentions fashion (in any
/// case), else "mnist".
std::string IDXDatasetOf(const std::string& path);

} // namespace formats
} // namespace neurotour
