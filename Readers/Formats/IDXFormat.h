// The IDX format of MNIST-style data sets (http://yann.lecun.com/exdb/mnist/): a big-endian
// header (magic 0 0 type rank, then rank 32-bit extents) and the values, optionally gzipped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace neurotour
{
namespace formats
{

enum class IDXType : std::uint8_t
{
  UnsignedByte = 0x08,
  SignedByte = 0x09,
  Short = 0x0B,
  Int = 0x0C,
  Float = 0x0D,
  Double = 0x0E
};

struct IDXArray
{
  IDXType Type = IDXType::UnsignedByte;
  std::vector<std::int64_t> Shape; // first extent = number of items read
  std::int64_t ItemsInFile = 0;    // first extent as the header states it
  std::vector<std::uint8_t> Bytes; // values in native byte order, C order

  std::int64_t ValuesPerItem() const;
  int BytesPerValue() const;
  /// Value i converted to double (any type).
  double Value(std::int64_t i) const;
};

/// Reads an IDX file, gzipped or not. maximumItems > 0 reads only the first items.
/// Throws FormatError for a missing, truncated or corrupt file; memory grows only with the
/// data actually read, never with what the header claims.
IDXArray ReadIDX(const std::string& path, std::int64_t maximumItems = 0);

/// The labels file that goes with an images file by the MNIST naming convention
/// ("train-images-idx3-ubyte.gz" -> "train-labels-idx1-ubyte.gz"); "" when the name does not
/// follow it.
std::string LabelFileFor(const std::string& imagesPath);

} // namespace formats
} // namespace neurotour
