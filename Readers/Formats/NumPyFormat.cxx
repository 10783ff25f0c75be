#include "NumPyFormat.h"

#include "FormatError.h"
#include "ZipArchive.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

namespace neurotour
{
namespace formats
{
namespace
{

struct TypeInfo
{
  char Kind;
  int Size;
  NumPyType Type;
};

constexpr TypeInfo Types[] = { { 'b', 1, NumPyType::Bool }, { 'i', 1, NumPyType::Int8 },
  { 'u', 1, NumPyType::UInt8 }, { 'i', 2, NumPyType::Int16 }, { 'u', 2, NumPyType::UInt16 },
  { 'i', 4, NumPyType::Int32 }, { 'u', 4, NumPyType::UInt32 }, { 'i', 8, NumPyType::Int64 },
  { 'u', 8, NumPyType::UInt64 }, { 'f', 4, NumPyType::Float32 }, { 'f', 8, NumPyType::Float64 } };

std::string Descriptor(const NumPyArray& array)
{
  if (array.Type == NumPyType::Unicode)
  {
    return "<U" + std::to_string(array.ItemSize / 4);
  }
  for (const TypeInfo& info : Types)
  {
    if (info.Type == array.Type)
    {
      return std::string(info.Size == 1 ? "|" : "<") + info.Kind + std::to_string(info.Size);
    }
  }
  return "";
}

// NumPy writes headers of at most 65,535 bytes (and reads at most 10,000 by default); a longer
// one is not NumPy's. NumPy arrays have at most 32 (NumPy 1) or 64 (NumPy 2) dimensions.
constexpr std::size_t MaximumHeaderBytes = 65536;
constexpr std::size_t MaximumRank = 64;

std::string Abbreviated(const std::string& text)
{
  constexpr std::size_t shown = 60;
  return text.size() <= shown ? text : text.substr(0, shown) + "...";
}

bool IsSpace(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool IsDigit(char c)
{
  return c >= '0' && c <= '9';
}

// The header is a Python dict literal; only its three keys matter. Scanned by hand: a regex
// over it recursed once per character and overflowed the stack on long headers.
std::string HeaderField(const std::string& header, const std::string& key, const std::string& where)
{
  for (const char quote : { '\'', '"' })
  {
    const std::string quoted = quote + key + quote;
    const std::size_t at = header.find(quoted);
    if (at == std::string::npos)
    {
      continue;
    }
    std::size_t i = at + quoted.size();
    while (i < header.size() && IsSpace(header[i]))
    {
      ++i;
    }
    if (i < header.size() && header[i] == ':')
    {
      ++i;
    }
    while (i < header.size() && IsSpace(header[i]))
    {
      ++i;
    }
    const char first = i < header.size() ? header[i] : '\0';
    const char closing = first == '(' ? ')' : (first == '\'' || first == '"') ? first : '\0';
    if (closing != '\0')
    {
      const std::size_t end = header.find(closing, i + 1);
      if (end != std::string::npos)
      {
        return header.substr(i, end - i + 1);
      }
    }
    for (const char* literal : { "True", "False" })
    {
      if (header.compare(i, std::strlen(literal), literal) == 0)
      {
        return literal;
      }
    }
    throw FormatError(where, "bad .npy header: unreadable value of '" + key + "'");
  }
  throw FormatError(where, "bad .npy header: no '" + key + "'");
}

// "(a, b, c)", "(a,)" or "()": non-negative extents that fit in 64 bits, at most MaximumRank.
std::vector<std::int64_t> ParseShape(const std::string& tuple, const std::string& where)
{
  const auto bad = [&](const std::string& why)
  { return FormatError(where, "bad shape " + Abbreviated(tuple) + ": " + why); };
  std::vector<std::int64_t> shape;
  const std::size_t end = tuple.size() - 1; // the closing parenthesis
  std::size_t i = 1;
  while (true)
  {
    while (i < end && IsSpace(tuple[i]))
    {
      ++i;
    }
    if (i >= end)
    {
      return shape;
    }
    if (!IsDigit(tuple[i]))
    {
      throw bad("extents must be non-negative integers");
    }
    std::int64_t extent = 0;
    for (; i < end && IsDigit(tuple[i]); ++i)
    {
      const int digit = tuple[i] - '0';
      if (extent > (std::numeric_limits<std::int64_t>::max() - digit) / 10)
      {
        throw bad("an extent does not fit in 64 bits");
      }
      extent = 10 * extent + digit;
    }
    if (shape.size() == MaximumRank)
    {
      throw bad("more than " + std::to_string(MaximumRank) + " dimensions");
    }
    shape.push_back(extent);
    while (i < end && IsSpace(tuple[i]))
    {
      ++i;
    }
    if (i < end && tuple[i] != ',')
    {
      throw bad("extents must be separated by commas");
    }
    ++i;
  }
}

void ToCOrder(NumPyArray& array)
{
  const std::size_t rank = array.Shape.size();
  if (rank < 2)
  {
    return;
  }
  const int size = array.ItemSize;
  std::vector<std::uint8_t> reordered(array.Bytes.size());
  std::vector<std::int64_t> fortranStride(rank);
  std::int64_t stride = 1;
  for (std::size_t d = 0; d < rank; ++d)
  {
    fortranStride[d] = stride;
    stride *= array.Shape[d];
  }
  std::vector<std::int64_t> index(rank, 0);
  const std::int64_t count = array.Count();
  for (std::int64_t c = 0; c < count; ++c)
  {
    std::int64_t f = 0;
    for (std::size_t d = 0; d < rank; ++d)
    {
      f += index[d] * fortranStride[d];
    }
    std::memcpy(&reordered[c * size], &array.Bytes[f * size], size);
    for (std::size_t d = rank; d-- > 0;)
    {
      if (++index[d] < array.Shape[d])
      {
        break;
      }
      index[d] = 0;
    }
  }
  array.Bytes.swap(reordered);
}

} // namespace

//------------------------------------------------------------------------------
std::int64_t NumPyArray::Count() const
{
  std::int64_t count = 1;
  for (std::int64_t extent : this->Shape)
  {
    count *= extent;
  }
  return count;
}

std::vector<std::string> NumPyArray::Strings() const
{
  std::vector<std::string> strings;
  if (this->Type != NumPyType::Unicode)
  {
    return strings;
  }
  const int characters = this->ItemSize / 4;
  for (std::int64_t i = 0; i < this->Count(); ++i)
  {
    std::string text;
    for (int c = 0; c < characters; ++c)
    {
      std::uint32_t code;
      std::memcpy(&code, &this->Bytes[(i * characters + c) * 4], 4);
      if (code == 0)
      {
        break;
      }
      if (code < 0x80)
      {
        text += static_cast<char>(code);
      }
      else if (code < 0x800)
      {
        text += static_cast<char>(0xC0 | (code >> 6));
        text += static_cast<char>(0x80 | (code & 0x3F));
      }
      else if (code < 0x10000)
      {
        text += static_cast<char>(0xE0 | (code >> 12));
        text += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        text += static_cast<char>(0x80 | (code & 0x3F));
      }
      else
      {
        text += static_cast<char>(0xF0 | (code >> 18));
        text += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        text += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        text += static_cast<char>(0x80 | (code & 0x3F));
      }
    }
    strings.push_back(text);
  }
  return strings;
}

//------------------------------------------------------------------------------
namespace
{

// What a .npy header says: the array's type and shape, how its data is stored, and where.
struct NpyHeader
{
  NumPyArray Array; // no Bytes yet
  bool BigEndian = false;
  bool Fortran = false;
  std::size_t DataStart = 0;
  std::size_t DataBytes = 0;
};

// `bytes` holds at least the header (`size` bytes of a file of `fileBytes`).
NpyHeader ParseNpyHeader(const std::uint8_t* bytes, std::size_t size, std::uint64_t fileBytes,
  const std::string& where)
{
  static const std::uint8_t magic[] = { 0x93, 'N', 'U', 'M', 'P', 'Y' };
  if (size < 10 || !std::equal(magic, magic + 6, bytes))
  {
    throw FormatError(where, "not a .npy file (bad magic string)");
  }
  const int major = bytes[6];
  std::size_t headerLength = 0;
  std::size_t headerStart = 0;
  if (major == 1)
  {
    headerLength = bytes[8] | (bytes[9] << 8);
    headerStart = 10;
  }
  else if (major == 2 || major == 3)
  {
    if (size < 12)
    {
      throw FormatError(where, "truncated .npy header");
    }
    headerLength = bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (std::size_t(bytes[11]) << 24);
    headerStart = 12;
  }
  else
  {
    throw FormatError(where, "unsupported .npy version " + std::to_string(major));
  }
  if (headerLength > MaximumHeaderBytes)
  {
    throw FormatError(where,
      "a .npy header of " + std::to_string(headerLength) + " bytes (NumPy writes at most " +
        std::to_string(MaximumHeaderBytes - 1) + ")");
  }
  if (headerStart + headerLength > size)
  {
    throw FormatError(where, "truncated .npy header");
  }
  const std::string header(bytes + headerStart, bytes + headerStart + headerLength);

  NpyHeader result;
  NumPyArray& array = result.Array;
  std::string descr = HeaderField(header, "descr", where);
  descr = descr.substr(1, descr.size() - 2);
  result.Fortran = HeaderField(header, "fortran_order", where) == "True";
  const std::string shapeText = HeaderField(header, "shape", where);

  if (descr.size() < 3 || std::string("<>|=").find(descr[0]) == std::string::npos)
  {
    throw FormatError(where, "unsupported dtype '" + descr + "' (structured or object arrays are not read)");
  }
  result.BigEndian = descr[0] == '>';
  const char kind = descr[1];
  int itemSize = 0;
  try
  {
    itemSize = std::stoi(descr.substr(2));
  }
  catch (const std::exception&)
  {
    throw FormatError(where, "unsupported dtype '" + descr + "'");
  }
  bool known = false;
  if (kind == 'U' && itemSize > 0 && itemSize < 65536)
  {
    array.Type = NumPyType::Unicode;
    array.ItemSize = 4 * itemSize;
    known = true;
  }
  for (const TypeInfo& info : Types)
  {
    if (info.Kind == kind && info.Size == itemSize)
    {
      array.Type = info.Type;
      array.ItemSize = itemSize;
      known = true;
    }
  }
  if (!known)
  {
    throw FormatError(where,
      "unsupported dtype '" + descr + "' (read: bool, int8-64, uint8-64, float32, float64, unicode)");
  }

  array.Shape = ParseShape(shapeText, where);
  std::int64_t count = 1;
  for (std::int64_t extent : array.Shape)
  {
    if (extent > 0 && count > std::numeric_limits<std::int64_t>::max() / extent)
    {
      throw FormatError(where, "implausible shape " + Abbreviated(shapeText) + " (over 2^63 items)");
    }
    count *= extent;
  }
  // Compared by division: count * ItemSize can pass 2^64 and wrap to a small number.
  result.DataStart = headerStart + headerLength;
  const std::uint64_t available = fileBytes - result.DataStart;
  if (static_cast<std::uint64_t>(count) > available / static_cast<std::uint64_t>(array.ItemSize))
  {
    throw FormatError(where,
      "truncated: shape " + Abbreviated(shapeText) + " needs " + std::to_string(count) +
        " items of " + std::to_string(array.ItemSize) + " bytes, the file holds " +
        std::to_string(available) + " bytes of data");
  }
  result.DataBytes = static_cast<std::size_t>(count) * array.ItemSize;
  return result;
}

void ToNativeCOrder(const NpyHeader& header, NumPyArray& array)
{
  const int swapSize = array.Type == NumPyType::Unicode ? 4 : array.ItemSize;
  if (header.BigEndian && swapSize > 1)
  {
    for (std::size_t i = 0; i < array.Bytes.size(); i += swapSize)
    {
      std::reverse(array.Bytes.begin() + i, array.Bytes.begin() + i + swapSize);
    }
  }
  if (header.Fortran)
  {
    ToCOrder(array);
  }
}

} // namespace

//------------------------------------------------------------------------------
NumPyArray ParseNpy(std::vector<std::uint8_t> bytes, const std::string& where)
{
  const NpyHeader header = ParseNpyHeader(bytes.data(), bytes.size(), bytes.size(), where);
  NumPyArray array = header.Array;
  // The file's buffer becomes the array's: the header moved out, no second copy of the data.
  bytes.erase(bytes.begin(), bytes.begin() + header.DataStart);
  bytes.resize(header.DataBytes);
  array.Bytes = std::move(bytes);
  ToNativeCOrder(header, array);
  return array;
}

//------------------------------------------------------------------------------
namespace
{

// Reads an .npy of `length` bytes from `read` (which fills the next n bytes or throws): the
// header first (at most 12 + MaximumHeaderBytes bytes), then the data once, straight where
// `destination` says (no zero-filled buffer, no copy), else into the array's Bytes.
NumPyArray ReadNpyFrom(const std::function<void(std::uint8_t*, std::uint64_t)>& read,
  std::uint64_t length, const std::string& where,
  const std::function<void*(const NumPyArray&)>& destination)
{
  std::vector<std::uint8_t> prefix(
    static_cast<std::size_t>(std::min<std::uint64_t>(length, 12 + MaximumHeaderBytes)));
  read(prefix.data(), prefix.size());
  const NpyHeader header = ParseNpyHeader(prefix.data(), prefix.size(), length, where);
  NumPyArray array = header.Array;
  void* target = nullptr;
  if (destination && !header.Fortran && !(header.BigEndian && array.ItemSize > 1))
  {
    target = destination(array);
  }
  auto* data = static_cast<std::uint8_t*>(target);
  if (!data)
  {
    array.Bytes.resize(header.DataBytes);
    data = array.Bytes.data();
  }
  // The prefix may already hold the first data bytes (a small array, all of them).
  const std::size_t inPrefix = std::min(prefix.size() - header.DataStart, header.DataBytes);
  if (inPrefix > 0) // an empty array has no memory (memcpy must not see a null pointer)
  {
    std::memcpy(data, prefix.data() + header.DataStart, inPrefix);
  }
  if (header.DataBytes > inPrefix)
  {
    read(data + inPrefix, header.DataBytes - inPrefix);
  }
  if (!target)
  {
    ToNativeCOrder(header, array);
  }
  return array;
}

} // namespace

//------------------------------------------------------------------------------
NumPyArray ReadNpy(const std::string& path, const Destination& destination)
{
  std::ifstream stream(path, std::ios::binary | std::ios::ate);
  if (!stream)
  {
    throw FormatError(path, "no such file or not readable");
  }
  const std::uint64_t fileBytes = static_cast<std::uint64_t>(stream.tellg());
  stream.seekg(0);
  const auto read = [&](std::uint8_t* out, std::uint64_t size)
  {
    if (!stream.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(size)))
    {
      throw FormatError(path, "could not be read to its end");
    }
  };
  return ReadNpyFrom(read, fileBytes, path,
    destination ? [&](const NumPyArray& array) { return destination("", array); }
                : std::function<void*(const NumPyArray&)>());
}

//------------------------------------------------------------------------------
std::vector<std::pair<std::string, NumPyArray>> ReadNpz(
  const std::string& path, const Destination& destination)
{
  ZipReader archive(path);
  std::vector<std::pair<std::string, NumPyArray>> arrays;
  for (const ZipMember& member : archive.Members())
  {
    std::string name = member.Name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0)
    {
      name.resize(name.size() - 4);
    }
    // Each member, stored or deflated, streams into its array: never whole in a buffer.
    ZipMemberStream stream(archive, member);
    arrays.emplace_back(name,
      ReadNpyFrom([&](std::uint8_t* out, std::uint64_t size) { stream.Read(out, size); },
        member.UncompressedSize, path + " [" + member.Name + "]",
        destination ? [&](const NumPyArray& array) { return destination(name, array); }
                    : std::function<void*(const NumPyArray&)>()));
    stream.Finish();
  }
  return arrays;
}

//------------------------------------------------------------------------------
std::vector<std::uint8_t> SerializeNpy(const NumPyArray& array)
{
  std::string shape = "(";
  for (std::int64_t extent : array.Shape)
  {
    shape += std::to_string(extent) + ", ";
  }
  if (array.Shape.size() > 1)
  {
    shape.resize(shape.size() - 2);
  }
  else if (array.Shape.size() == 1)
  {
    shape.resize(shape.size() - 1); // "(n,)"
  }
  shape += ")";
  std::string header =
    "{'descr': '" + Descriptor(array) + "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Data starts on a 64-byte boundary, as NumPy writes it.
  const std::size_t total = ((10 + header.size() + 1 + 63) / 64) * 64;
  header.append(total - 10 - header.size() - 1, ' ');
  header += '\n';
  std::vector<std::uint8_t> out = { 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 };
  out.push_back(static_cast<std::uint8_t>(header.size() & 0xFF));
  out.push_back(static_cast<std::uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), array.Bytes.begin(), array.Bytes.end());
  return out;
}

bool IsChannelsLast(const NumPyArray& array, ChannelOrder order, const std::string& where)
{
  if (order == ChannelOrder::First || array.Shape.size() != 4)
  {
    return false;
  }
  if (order == ChannelOrder::Last)
  {
    return true;
  }
  const auto couldBeChannels = [](std::int64_t extent)
  { return extent == 1 || extent == 3 || extent == 4; };
  const bool second = couldBeChannels(array.Shape[1]);
  const bool last = couldBeChannels(array.Shape[3]);
  if (second && last && array.Shape[1] != array.Shape[3])
  {
    throw FormatError(where, "images of shape " + std::to_string(array.Shape[1]) + " x " +
        std::to_string(array.Shape[2]) + " x " + std::to_string(array.Shape[3]) +
        " could have their channels first or last: set ChannelOrder");
  }
  return last && !second;
}

void MoveChannelsFirst(NumPyArray& array)
{
  if (array.Shape.size() != 4)
  {
    throw std::invalid_argument("MoveChannelsFirst needs an N x H x W x C array");
  }
  const std::int64_t pixels = array.Shape[1] * array.Shape[2];
  const std::int64_t channels = array.Shape[3];
  const std::size_t item = static_cast<std::size_t>(array.ItemSize);
  const std::size_t sampleBytes = static_cast<std::size_t>(pixels * channels) * item;
  std::vector<std::uint8_t> sample(sampleBytes);
  for (std::int64_t n = 0; n < array.Shape[0]; ++n)
  {
    std::uint8_t* data = array.Bytes.data() + n * sampleBytes;
    std::memcpy(sample.data(), data, sampleBytes);
    for (std::int64_t p = 0; p < pixels; ++p)
    {
      for (std::int64_t c = 0; c < channels; ++c)
      {
        std::memcpy(data + (c * pixels + p) * item, sample.data() + (p * channels + c) * item, item);
      }
    }
  }
  array.Shape = { array.Shape[0], channels, array.Shape[1], array.Shape[2] };
}

NumPyArray MakeArray(NumPyType type, std::vector<std::int64_t> shape, const void* values)
{
  NumPyArray array;
  array.Type = type;
  for (const TypeInfo& info : Types)
  {
    if (info.Type == type)
    {
      array.ItemSize = info.Size;
    }
  }
  array.Shape = std::move(shape);
  const auto* begin = static_cast<const std::uint8_t*>(values);
  array.Bytes.assign(begin, begin + array.Count() * array.ItemSize);
  return array;
}

NumPyArray MakeStringArray(const std::vector<std::string>& values)
{
  // UTF-32 code points from UTF-8; NumPy pads every string to the longest.
  std::vector<std::vector<std::uint32_t>> decoded;
  std::size_t longest = 1;
  for (const std::string& text : values)
  {
    std::vector<std::uint32_t> codes;
    for (std::size_t i = 0; i < text.size();)
    {
      const auto byte = static_cast<std::uint8_t>(text[i]);
      const int length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
      std::uint32_t code = length == 1 ? byte : byte & (0x3F >> (length - 1));
      for (int k = 1; k < length && i + k < text.size(); ++k)
      {
        code = (code << 6) | (static_cast<std::uint8_t>(text[i + k]) & 0x3F);
      }
      codes.push_back(code);
      i += length;
    }
    longest = std::max(longest, codes.size());
    decoded.push_back(codes);
  }
  NumPyArray array;
  array.Type = NumPyType::Unicode;
  array.ItemSize = static_cast<int>(4 * longest);
  array.Shape = { static_cast<std::int64_t>(values.size()) };
  array.Bytes.assign(values.size() * array.ItemSize, 0);
  for (std::size_t i = 0; i < decoded.size(); ++i)
  {
    std::memcpy(&array.Bytes[i * array.ItemSize], decoded[i].data(), 4 * decoded[i].size());
  }
  return array;
}

void WriteNpz(const std::string& path,
  const std::vector<std::pair<std::string, NumPyArray>>& arrays, bool compress)
{
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> members;
  for (const auto& [name, array] : arrays)
  {
    members.emplace_back(name + ".npy", SerializeNpy(array));
  }
  WriteZip(path, members, compress);
}

} // namespace formats
} // namespace neurotour
