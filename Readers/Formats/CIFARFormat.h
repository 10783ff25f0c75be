// CIFAR-10's binary batches (data_batch_1.bin ... test_batch.bin): records of one label byte
// and a 3 x 32 x 32 image, red then green then blue planes (channels-first, as models take
// them). The Grand Tour article's third data set.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace neurotour
{
namespace formats
{

constexpr int CIFARSide = 32;
constexpr int CIFARChannels = 3;
constexpr std::int64_t CIFARImageBytes = CIFARChannels * CIFARSide * CIFARSide;

struct CIFARImages
{
  std::vector<std::uint8_t> Pixels; // count x 3072
  std::vector<std::int32_t> Labels; // count, 0..9
};

/// Appends the first `maximum` images of a batch file (all when negative) to `images`.
/// Throws FormatError when the file is not a whole number of records or a label is above 9.
void ReadCIFAR(const std::string& path, std::int64_t maximum, CIFARImages& images);

/// The class names of batches.meta.txt beside `path` (one per line, blank lines dropped), or
/// none when there is no such file.
std::vector<std::string> ReadCIFARLabelNames(const std::string& path);

} // namespace formats
} // namespace neurotour
