#include "IDXFormat.h"

#include "FormatError.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <sys/stat.h>

namespace neurotour
{
namespace formats
{
namespace
{

struct GzFileCloser
{
  void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzFileCloser>;

// Reads exactly `count` bytes or returns how many it got; throws on a corrupt stream.
std::size_t ReadBytes(gzFile file, std::uint8_t* out, std::size_t count, const std::string& path)
{
  std::size_t done = 0;
  while (done < count)
  {
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(count - done, 1u << 30));
    const int got = gzread(file, out + done, chunk);
    if (got < 0)
    {
      int code = 0;
      const char* message = gzerror(file, &code);
      throw FormatError(path, std::string("corrupt compressed data (") + message + ")");
    }
    if (got == 0)
    {
      break;
    }
    done += static_cast<std::size_t>(got);
  }
  return done;
}

int SizeOf(IDXType type)
{
  switch (type)
  {
    case IDXType::UnsignedByte:
    case IDXType::SignedByte:
      return 1;
    case IDXType::Short:
      return 2;
    case IDXType::Int:
    case IDXType::Float:
      return 4;
    case IDXType::Double:
      return 8;
  }
  return 0;
}

} // namespace

//------------------------------------------------------------------------------
std::int64_t IDXArray::ValuesPerItem() const
{
  std::int64_t count = 1;
  for (std::size_t i = 1; i < this->Shape.size(); ++i)
  {
    count *= this->Shape[i];
  }
  return count;
}

int IDXArray::BytesPerValue() const
{
  return SizeOf(this->Type);
}

double IDXArray::Value(std::int64_t i) const
{
  const std::uint8_t* p = this->Bytes.data() + i * this->BytesPerValue();
  switch (this->Type)
  {
    case IDXType::UnsignedByte:
      return *p;
    case IDXType::SignedByte:
      return static_cast<std::int8_t>(*p);
    case IDXType::Short:
    {
      std::int16_t v;
      std::memcpy(&v, p, 2);
      return v;
    }
    case IDXType::Int:
    {
      std::int32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
    case IDXType::Float:
    {
      float v;
      std::memcpy(&v, p, 4);
      return v;
    }
    case IDXType::Double:
    {
      double v;
      std::memcpy(&v, p, 8);
      return v;
    }
  }
  return 0;
}

//------------------------------------------------------------------------------
IDXArray ReadIDX(const std::string& path, std::int64_t maximumItems)
{
  struct stat info;
  if (stat(path.c_str(), &info) != 0)
  {
    throw FormatError(path, "no such file");
  }
  GzFile file(gzopen(path.c_str(), "rb"));
  if (!file)
  {
    throw FormatError(path, "cannot open the file");
  }
  // A large buffer reads the 30-50 MB data sets fast; a small file needs no more than itself.
  gzbuffer(file.get(), static_cast<unsigned>(std::clamp<off_t>(info.st_size, 1 << 13, 1 << 20)));

  std::uint8_t magic[4];
  if (ReadBytes(file.get(), magic, 4, path) != 4)
  {
    throw FormatError(path, "too short for an IDX header");
  }
  const auto type = static_cast<IDXType>(magic[2]);
  const int rank = magic[3];
  if (magic[0] != 0 || magic[1] != 0 || SizeOf(type) == 0 || rank < 1 || rank > 8)
  {
    throw FormatError(path, "not an IDX file (bad magic number)");
  }
  IDXArray array;
  array.Type = type;
  std::uint8_t extents[32];
  if (ReadBytes(file.get(), extents, 4 * rank, path) != static_cast<std::size_t>(4 * rank))
  {
    throw FormatError(path, "truncated IDX header");
  }
  for (int d = 0; d < rank; ++d)
  {
    const std::uint8_t* e = extents + 4 * d;
    const std::int64_t extent = (std::int64_t(e[0]) << 24) | (e[1] << 16) | (e[2] << 8) | e[3];
    array.Shape.push_back(extent);
  }
  array.ItemsInFile = array.Shape[0];
  const std::int64_t items =
    maximumItems > 0 ? std::min(maximumItems, array.ItemsInFile) : array.ItemsInFile;
  array.Shape[0] = items;
  // Extents reach 2^32: two of them can pass 2^63, so every product is checked.
  constexpr std::int64_t maximumItemBytes = std::int64_t(1) << 32;
  std::int64_t itemBytes = array.BytesPerValue();
  bool overflow = false;
  for (int d = 1; d < rank && !overflow; ++d)
  {
    overflow = __builtin_mul_overflow(itemBytes, array.Shape[d], &itemBytes);
  }
  if (overflow || itemBytes <= 0 || itemBytes > maximumItemBytes)
  {
    throw FormatError(path, "implausible item size in the IDX header");
  }
  std::int64_t wanted = 0;
  if (__builtin_mul_overflow(items, itemBytes, &wanted))
  {
    throw FormatError(path, "implausible size in the IDX header (over 2^63 bytes)");
  }

  // Grow with the data actually read, doubling, so a header that lies costs at most twice
  // the bytes the file holds, not the bytes it claims.
  constexpr std::int64_t firstStep = 1 << 16;
  std::int64_t done = 0;
  while (done < wanted)
  {
    const std::size_t step =
      static_cast<std::size_t>(std::min(wanted - done, std::max(firstStep, done)));
    array.Bytes.resize(static_cast<std::size_t>(done) + step);
    const std::size_t got = ReadBytes(file.get(), array.Bytes.data() + done, step, path);
    done += static_cast<std::int64_t>(got);
    if (got < step)
    {
      throw FormatError(path,
        "truncated: the header announces " + std::to_string(items) + " items of " +
          std::to_string(itemBytes) + " bytes, but the file ends after " +
          std::to_string(done / itemBytes) + " items");
    }
  }

  // IDX stores multi-byte values big-endian.
  const int size = array.BytesPerValue();
  if (size > 1)
  {
    for (std::size_t i = 0; i < array.Bytes.size(); i += size)
    {
      std::reverse(array.Bytes.begin() + i, array.Bytes.begin() + i + size);
    }
  }
  return array;
}

//------------------------------------------------------------------------------
std::string LabelFileFor(const std::string& imagesPath)
{
  const std::size_t slash = imagesPath.find_last_of('/');
  const std::string directory = slash == std::string::npos ? "" : imagesPath.substr(0, slash + 1);
  std::string name = slash == std::string::npos ? imagesPath : imagesPath.substr(slash + 1);
  const std::size_t images = name.find("images-idx3");
  if (images == std::string::npos)
  {
    return "";
  }
  name.replace(images, std::strlen("images-idx3"), "labels-idx1");
  return directory + name;
}

} // namespace formats
} // namespace neurotour
