#include "ZipArchive.h"

#include "FormatError.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

namespace neurotour
{
namespace formats
{
namespace
{

constexpr std::uint32_t LocalHeaderSignature = 0x04034b50;
constexpr std::uint32_t CentralHeaderSignature = 0x02014b50;
constexpr std::uint32_t EndSignature = 0x06054b50;
constexpr std::uint32_t Zip64EndSignature = 0x06064b50;
constexpr std::uint32_t Zip64LocatorSignature = 0x07064b50;
// Deflate cannot expand data by more than about 1032:1, which bounds what a member may claim.
constexpr std::uint64_t MaximumDeflateRatio = 1032;

std::uint64_t Little(const std::uint8_t* p, int bytes)
{
  std::uint64_t value = 0;
  for (int i = bytes - 1; i >= 0; --i)
  {
    value = (value << 8) | p[i];
  }
  return value;
}

void PutLittle(std::vector<std::uint8_t>& out, std::uint64_t value, int bytes)
{
  for (int i = 0; i < bytes; ++i)
  {
    out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  }
}

std::vector<std::uint8_t> Deflate(const std::vector<std::uint8_t>& data, const std::string& path)
{
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
  {
    throw FormatError(path, "zlib could not start compressing");
  }
  std::vector<std::uint8_t> out(deflateBound(&stream, static_cast<uLong>(data.size())));
  stream.next_in = const_cast<Bytef*>(data.data());
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END)
  {
    throw FormatError(path, "zlib could not compress a member");
  }
  return out;
}

} // namespace

//------------------------------------------------------------------------------
ZipReader::ZipReader(const std::string& path)
  : Path(path)
{
  // Only the end records and the central directory are read here; members are read when
  // asked for, straight from the file, so a large archive is never held whole in memory.
  std::ifstream stream(path, std::ios::binary | std::ios::ate);
  if (!stream)
  {
    throw FormatError(path, "no such file or not readable");
  }
  const std::uint64_t size = static_cast<std::uint64_t>(stream.tellg());
  this->FileSize = size;
  if (size < 22)
  {
    throw FormatError(path, "too short for a zip archive (.npz)");
  }
  // The end record is in the last 64 KiB + 22 bytes (its comment is at most 65535 bytes); the
  // zip64 locator (20 bytes) sits just before it.
  const std::uint64_t tailStart = size > 22 + 65535 + 20 ? size - (22 + 65535 + 20) : 0;
  const std::vector<std::uint8_t> tail = this->ReadAt(stream, tailStart, size - tailStart);
  std::int64_t end = -1;
  for (std::int64_t i = static_cast<std::int64_t>(tail.size()) - 22;
       i >= 0 && i >= static_cast<std::int64_t>(tail.size()) - 22 - 65535; --i)
  {
    if (Little(&tail[i], 4) == EndSignature)
    {
      end = i;
      break;
    }
  }
  if (end < 0)
  {
    throw FormatError(path, "not a zip archive (no end of central directory)");
  }
  std::uint64_t count = Little(&tail[end + 10], 2);
  std::uint64_t directorySize = Little(&tail[end + 12], 4);
  std::uint64_t directoryOffset = Little(&tail[end + 16], 4);
  if (end >= 20 && Little(&tail[end - 20], 4) == Zip64LocatorSignature)
  {
    const std::uint64_t zip64End = Little(&tail[end - 20 + 8], 8);
    if (zip64End > size || size - zip64End < 56)
    {
      throw FormatError(path, "corrupt zip64 end record");
    }
    const std::vector<std::uint8_t> record = this->ReadAt(stream, zip64End, 56);
    if (Little(&record[0], 4) != Zip64EndSignature)
    {
      throw FormatError(path, "corrupt zip64 end record");
    }
    count = Little(&record[32], 8);
    directorySize = Little(&record[40], 8);
    directoryOffset = Little(&record[48], 8);
  }
  if (directoryOffset > size || directorySize > size - directoryOffset ||
    count > directorySize / 46)
  {
    throw FormatError(path, "corrupt zip central directory");
  }

  const std::vector<std::uint8_t> f = this->ReadAt(stream, directoryOffset, directorySize);
  const std::uint64_t directoryEnd = f.size();
  std::uint64_t at = 0;
  for (std::uint64_t m = 0; m < count; ++m)
  {
    if (at + 46 > directoryEnd || Little(&f[at], 4) != CentralHeaderSignature)
    {
      throw FormatError(path, "corrupt zip central directory entry");
    }
    ZipMember member;
    member.Method = static_cast<std::uint16_t>(Little(&f[at + 10], 2));
    member.Crc = static_cast<std::uint32_t>(Little(&f[at + 16], 4));
    member.CompressedSize = Little(&f[at + 20], 4);
    member.UncompressedSize = Little(&f[at + 24], 4);
    const std::uint64_t nameLength = Little(&f[at + 28], 2);
    const std::uint64_t extraLength = Little(&f[at + 30], 2);
    const std::uint64_t commentLength = Little(&f[at + 32], 2);
    member.LocalHeaderOffset = Little(&f[at + 42], 4);
    if (at + 46 + nameLength + extraLength + commentLength > directoryEnd)
    {
      throw FormatError(path, "corrupt zip central directory entry");
    }
    member.Name.assign(reinterpret_cast<const char*>(&f[at + 46]), nameLength);
    // Zip64: the fields stored as 0xFFFFFFFF are in the extra field, in this order.
    std::uint64_t extra = at + 46 + nameLength;
    const std::uint64_t extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd)
    {
      const std::uint64_t id = Little(&f[extra], 2);
      const std::uint64_t length = Little(&f[extra + 2], 2);
      std::uint64_t field = extra + 4;
      if (field + length > extraEnd)
      {
        break;
      }
      if (id == 1)
      {
        for (std::uint64_t* value :
          { &member.UncompressedSize, &member.CompressedSize, &member.LocalHeaderOffset })
        {
          if (*value == 0xFFFFFFFFu && field + 8 <= extra + 4 + length)
          {
            *value = Little(&f[field], 8);
            field += 8;
          }
        }
      }
      extra += 4 + length;
    }
    this->MemberList.push_back(member);
    at += 46 + nameLength + extraLength + commentLength;
  }
}

//------------------------------------------------------------------------------
std::vector<std::uint8_t> ZipReader::ReadAt(
  std::ifstream& stream, std::uint64_t offset, std::uint64_t length) const
{
  // Callers check offset + length against the file's size first: no allocation is sized by
  // an unchecked header.
  std::vector<std::uint8_t> bytes(length);
  stream.clear();
  stream.seekg(static_cast<std::streamoff>(offset));
  stream.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(length));
  if (!stream || static_cast<std::uint64_t>(stream.gcount()) != length)
  {
    throw FormatError(this->Path, "could not read " + std::to_string(length) + " bytes at " +
        std::to_string(offset));
  }
  return bytes;
}

//------------------------------------------------------------------------------
std::uint64_t ZipReader::DataOffset(std::ifstream& stream, const ZipMember& member) const
{
  const std::uint64_t size = this->FileSize;
  const std::string where = this->Path + " [" + member.Name + "]";
  const std::uint64_t local = member.LocalHeaderOffset;
  if (local > size || size - local < 30)
  {
    throw FormatError(where, "corrupt zip member header");
  }
  const std::vector<std::uint8_t> header = this->ReadAt(stream, local, 30);
  if (Little(&header[0], 4) != LocalHeaderSignature)
  {
    throw FormatError(where, "corrupt zip member header");
  }
  const std::uint64_t start = local + 30 + Little(&header[26], 2) + Little(&header[28], 2);
  if (start > size || member.CompressedSize > size - start)
  {
    throw FormatError(where, "truncated: the member runs past the end of the file");
  }
  return start;
}

//------------------------------------------------------------------------------
std::uint64_t ZipReader::StoredDataOffset(const ZipMember& member) const
{
  const std::string where = this->Path + " [" + member.Name + "]";
  if (member.Method != 0 || member.UncompressedSize != member.CompressedSize)
  {
    throw FormatError(where, "not a stored member");
  }
  std::ifstream stream(this->Path, std::ios::binary);
  if (!stream)
  {
    throw FormatError(where, "no longer readable");
  }
  return this->DataOffset(stream, member);
}

//------------------------------------------------------------------------------
std::vector<std::uint8_t> ZipReader::Read(const ZipMember& member) const
{
  const std::string where = this->Path + " [" + member.Name + "]";
  std::ifstream stream(this->Path, std::ios::binary);
  if (!stream)
  {
    throw FormatError(where, "no longer readable");
  }
  const std::uint64_t start = this->DataOffset(stream, member);
  std::vector<std::uint8_t> data;
  if (member.Method == 0)
  {
    if (member.UncompressedSize != member.CompressedSize)
    {
      throw FormatError(where, "corrupt stored member (sizes differ)");
    }
    data = this->ReadAt(stream, start, member.CompressedSize);
  }
  else if (member.Method == 8)
  {
    if (member.UncompressedSize > member.CompressedSize * MaximumDeflateRatio + 1024 ||
      member.UncompressedSize >= 0xFFFFFFFFu || member.CompressedSize >= 0xFFFFFFFFu)
    {
      throw FormatError(where, "corrupt member: it claims more data than deflate can hold");
    }
    const std::vector<std::uint8_t> compressed = this->ReadAt(stream, start, member.CompressedSize);
    data.resize(member.UncompressedSize);
    z_stream inflater{};
    if (inflateInit2(&inflater, -MAX_WBITS) != Z_OK)
    {
      throw FormatError(where, "zlib could not start decompressing");
    }
    inflater.next_in = const_cast<Bytef*>(compressed.data());
    inflater.avail_in = static_cast<uInt>(compressed.size());
    inflater.next_out = data.data();
    inflater.avail_out = static_cast<uInt>(data.size());
    const int status = inflate(&inflater, Z_FINISH);
    const std::uint64_t produced = inflater.total_out;
    inflateEnd(&inflater);
    if (status != Z_STREAM_END || produced != member.UncompressedSize)
    {
      throw FormatError(where, "corrupt or truncated deflated data");
    }
  }
  else
  {
    throw FormatError(where, "unsupported zip compression method " + std::to_string(member.Method));
  }
  // zlib's crc32 takes at most 4 GiB a call (uInt lengths).
  uLong crc = crc32(0L, Z_NULL, 0);
  for (std::size_t done = 0; done < data.size();)
  {
    const std::size_t chunk = std::min<std::size_t>(data.size() - done, std::size_t(1) << 30);
    crc = crc32(crc, data.data() + done, static_cast<uInt>(chunk));
    done += chunk;
  }
  if (static_cast<std::uint32_t>(crc) != member.Crc)
  {
    throw FormatError(where, "corrupt member (CRC mismatch)");
  }
  return data;
}

//------------------------------------------------------------------------------
void WriteZip(const std::string& path,
  const std::vector<std::pair<std::string, std::vector<std::uint8_t>>>& members, bool compress)
{
  std::vector<std::uint8_t> out;
  std::vector<std::uint8_t> directory;
  for (const auto& member : members)
  {
    // Plain references, not structured bindings: a lambda below captures them, which C++17
    // does not allow for bindings (clang rejects it; the fuzzers build with clang).
    const std::string& name = member.first;
    const std::vector<std::uint8_t>& bytes = member.second;
    if (bytes.size() >= 0xFFFFFFFFu)
    {
      throw FormatError(path, "member '" + name + "' is too large (4 GiB or more)");
    }
    const std::vector<std::uint8_t> body = compress ? Deflate(bytes, path) : bytes;
    const std::uint16_t method = compress ? 8 : 0;
    const std::uint32_t crc =
      static_cast<std::uint32_t>(crc32(0L, bytes.data(), static_cast<uInt>(bytes.size())));
    const std::uint64_t offset = out.size();
    if (offset >= 0xFFFFFFFFu)
    {
      throw FormatError(path, "archive too large (4 GiB or more)");
    }
    auto header = [&](std::vector<std::uint8_t>& to, bool central)
    {
      PutLittle(to, central ? CentralHeaderSignature : LocalHeaderSignature, 4);
      if (central)
      {
        PutLittle(to, 20, 2); // made by
      }
      PutLittle(to, 20, 2); // version needed
      PutLittle(to, 0, 2);  // flags
      PutLittle(to, method, 2);
      PutLittle(to, 0, 2);      // time
      PutLittle(to, 0x21, 2);   // date 1980-01-01
      PutLittle(to, crc, 4);
      PutLittle(to, body.size(), 4);
      PutLittle(to, bytes.size(), 4);
      PutLittle(to, name.size(), 2);
      PutLittle(to, 0, 2); // extra
      if (central)
      {
        PutLittle(to, 0, 2); // comment
        PutLittle(to, 0, 2); // disk
        PutLittle(to, 0, 2); // internal attributes
        PutLittle(to, 0, 4); // external attributes
        PutLittle(to, offset, 4);
      }
      to.insert(to.end(), name.begin(), name.end());
    };
    header(out, false);
    out.insert(out.end(), body.begin(), body.end());
    header(directory, true);
  }
  const std::uint64_t directoryOffset = out.size();
  out.insert(out.end(), directory.begin(), directory.end());
  PutLittle(out, EndSignature, 4);
  PutLittle(out, 0, 2);
  PutLittle(out, 0, 2);
  PutLittle(out, members.size(), 2);
  PutLittle(out, members.size(), 2);
  PutLittle(out, directory.size(), 4);
  PutLittle(out, directoryOffset, 4);
  PutLittle(out, 0, 2);

  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  if (!stream)
  {
    throw FormatError(path, "cannot write the file");
  }
  stream.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
  if (!stream)
  {
    throw FormatError(path, "write failed (disk full?)");
  }
}

} // namespace formats
} // namespace neurotour
