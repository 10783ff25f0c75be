#include "CIFARFormat.h"

#include "FormatError.h"

#include <algorithm>
#include <fstream>

namespace neurotour
{
namespace formats
{

//------------------------------------------------------------------------------
void ReadCIFAR(const std::string& path, std::int64_t maximum, CIFARImages& images)
{
  std::ifstream stream(path, std::ios::binary | std::ios::ate);
  if (!stream)
  {
    throw FormatError(path, "no such file or not readable");
  }
  constexpr std::int64_t record = 1 + CIFARImageBytes;
  const std::int64_t size = static_cast<std::int64_t>(stream.tellg());
  if (size == 0 || size % record != 0)
  {
    throw FormatError(path, "not CIFAR-10 binary: " + std::to_string(size) +
        " bytes is not a whole number of 3,073-byte records");
  }
  const std::int64_t count = maximum >= 0 ? std::min(size / record, maximum) : size / record;
  stream.seekg(0);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(count * record));
  if (!stream.read(
        reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())))
  {
    throw FormatError(path, "could not be read");
  }
  const std::size_t first = images.Labels.size();
  images.Labels.resize(first + count);
  images.Pixels.resize((first + count) * CIFARImageBytes);
  for (std::int64_t i = 0; i < count; ++i)
  {
    const std::uint8_t* at = bytes.data() + i * record;
    if (at[0] > 9)
    {
      throw FormatError(path, "record " + std::to_string(i) + " has label " +
          std::to_string(at[0]) + " (CIFAR-10 has 0 to 9)");
    }
    images.Labels[first + i] = at[0];
    std::copy_n(at + 1, CIFARImageBytes, images.Pixels.data() + (first + i) * CIFARImageBytes);
  }
}

//------------------------------------------------------------------------------
std::vector<std::string> ReadCIFARLabelNames(const std::string& path)
{
  const std::size_t slash = path.find_last_of('/');
  std::ifstream stream(
    (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "batches.meta.txt");
  std::vector<std::string> names;
  for (std::string line; std::getline(stream, line) && names.size() < 10;)
  {
    line.erase(line.find_last_not_of(" \r\t") + 1);
    if (!line.empty())
    {
      names.push_back(line);
    }
  }
  return names;
}

} // namespace formats
} // namespace neurotour
