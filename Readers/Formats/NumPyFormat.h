// NumPy's .npy format (versions 1-3) and .npz archives of .npy members.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace neurotour
{
namespace formats
{

enum class NumPyType
{
  Bool,
  Int8,
  UInt8,
  Int16,
  UInt16,
  Int32,
  UInt32,
  Int64,
  UInt64,
  Float32,
  Float64,
  Unicode // fixed-width UTF-32 strings ('<U...')
};

struct NumPyArray
{
  NumPyType Type = NumPyType::Float32;
  int ItemSize = 4; // bytes per value (for Unicode: 4 x characters)
  std::vector<std::int64_t> Shape;
  std::vector<std::uint8_t> Bytes; // native byte order, C order

  std::int64_t Count() const;
  /// The values of a Unicode array as UTF-8 strings.
  std::vector<std::string> Strings() const;
};

/// Parses .npy bytes; `where` names the source in error messages. Fortran-ordered arrays come
/// back in C order, big-endian ones in native order.
/// `bytes` (moved in) becomes the array's storage.
NumPyArray ParseNpy(std::vector<std::uint8_t> bytes, const std::string& where);
/// Where an array's data should go: called with the array's name (in an .npz; "" for an
/// .npy) and its type and shape (no Bytes), it returns memory for Count() × ItemSize bytes,
/// or null for the array's own Bytes. (Arrays that need converting, big-endian or
/// Fortran-ordered, always go to Bytes.)
using Destination = std::function<void*(const std::string&, const NumPyArray&)>;

/// Reads an .npy; with a destination that takes it, the data is read straight into it and
/// the returned array's Bytes stay empty.
NumPyArray ReadNpy(const std::string& path, const Destination& destination = {});

/// Members of an .npz in archive order, with the ".npy" suffix dropped from their names.
std::vector<std::pair<std::string, NumPyArray>> ReadNpz(
  const std::string& path, const Destination& destination = {});

/// Where the channels of an image array (samples × …) are.
enum class ChannelOrder
{
  Automatic, // channels-last when only the last axis could be channels, else channels-first
  First,     // N × C × H × W (PyTorch's)
  Last       // N × H × W × C (as images are usually stored)
};

/// Whether `array` holds channels-last images under `order`: false for First and for arrays
/// that are not N × H × W × C. Automatic decides from the extents (a channel axis has 1, 3 or
/// 4 entries); when both the second and the last axis could be channels (N × 3 × 4 × 3) and
/// they differ, it throws FormatError naming `where` and asking for an explicit order.
bool IsChannelsLast(const NumPyArray& array, ChannelOrder order, const std::string& where);

/// N × H × W × C to N × C × H × W, in place (one sample's buffer extra).
void MoveChannelsFirst(NumPyArray& array);

std::vector<std::uint8_t> SerializeNpy(const NumPyArray& array);
/// A C-ordered array of the given type from raw native values.
NumPyArray MakeArray(NumPyType type, std::vector<std::int64_t> shape, const void* values);
NumPyArray MakeStringArray(const std::vector<std::string>& values);
void WriteNpz(const std::string& path,
  const std::vector<std::pair<std::string, NumPyArray>>& arrays, bool compress);

} // namespace formats
} // namespace neurotour
