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

// `length` bytes at `offset`; callers check offset + length against the file's size first,
// so no allocation is sized by an unchecked header.
std::vector<std::uint8_t> ReadAt(
  std::ifstream& stream, const std::string& path, std::uint64_t offset, std::uint64_t length)
{
  std::vector<std::uint8_t> bytes(length);
  stream.clear();
  stream.seekg(static_cast<std::streamoff>(offset));
  stream.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(length));
  if (!stream || static_cast<std::uint64_t>(stream.gcount()) != length)
  {
    throw FormatError(
      path, "could not read " + std::to_string(length) + " bytes at " + std::to_string(offset));
  }
  return bytes;
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
  const std::vector<std::uint8_t> tail = ReadAt(stream, path, tailStart, size - tailStart);
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
    const std::vector<std::uint8_t> record = ReadAt(stream, path, zip64End, 56);
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

  const std::vector<std::uint8_t> f = ReadAt(stream, path, directoryOffset, directorySize);
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
std::vector<std::uint8_t> ZipReader::Read(const ZipMember& member) const
{
  ZipMemberStream stream(*this, member);
  std::vector<std::uint8_t> data(member.UncompressedSize);
  stream.Read(data.data(), data.size());
  stream.Finish();
  return data;
}

//------------------------------------------------------------------------------
unsigned long Crc32(unsigned long crc, const std::uint8_t* data, std::uint64_t size)
{
  for (std::uint64_t done = 0; done < size;)
  {
    const std::uint64_t chunk = std::min<std::uint64_t>(size - done, std::uint64_t(1) << 30);
    crc = crc32(crc, data + done, static_cast<uInt>(chunk));
    done += chunk;
  }
  return crc;
}

//------------------------------------------------------------------------------
ZipMemberStream::ZipMemberStream(const ZipReader& archive, const ZipMember& member)
  : Where(archive.GetPath() + " [" + member.Name + "]")
  , File(archive.GetPath(), std::ios::binary)
  , CompressedLeft(member.CompressedSize)
  , UncompressedLeft(member.UncompressedSize)
  , ExpectedCrc(member.Crc)
  , Crc(crc32(0L, Z_NULL, 0))
{
  const std::uint64_t size = archive.GetFileSize();
  if (!this->File)
  {
    throw FormatError(this->Where, "no longer readable");
  }
  const std::uint64_t local = member.LocalHeaderOffset;
  std::uint8_t header[30];
  if (local > size || size - local < 30 ||
    !this->File.seekg(static_cast<std::streamoff>(local)) ||
    !this->File.read(reinterpret_cast<char*>(header), 30) ||
    Little(header, 4) != LocalHeaderSignature)
  {
    throw FormatError(this->Where, "corrupt zip member header");
  }
  const std::uint64_t start = local + 30 + Little(&header[26], 2) + Little(&header[28], 2);
  if (start > size || member.CompressedSize > size - start)
  {
    throw FormatError(this->Where, "truncated: the member runs past the end of the file");
  }
  this->File.seekg(static_cast<std::streamoff>(start));
  if (member.Method == 0)
  {
    if (member.UncompressedSize != member.CompressedSize)
    {
      throw FormatError(this->Where, "corrupt stored member (sizes differ)");
    }
  }
  else if (member.Method == 8)
  {
    if (member.UncompressedSize > member.CompressedSize * MaximumDeflateRatio + 1024)
    {
      throw FormatError(this->Where, "corrupt member: it claims more data than deflate can hold");
    }
    auto* inflater = new z_stream{};
    if (inflateInit2(inflater, -MAX_WBITS) != Z_OK)
    {
      delete inflater;
      throw FormatError(this->Where, "zlib could not start decompressing");
    }
    this->Inflater = inflater;
    this->Deflated = true;
  }
  else
  {
    throw FormatError(
      this->Where, "unsupported zip compression method " + std::to_string(member.Method));
  }
}

//------------------------------------------------------------------------------
ZipMemberStream::~ZipMemberStream()
{
  if (auto* inflater = static_cast<z_stream*>(this->Inflater))
  {
    inflateEnd(inflater);
    delete inflater;
  }
}

//------------------------------------------------------------------------------
void ZipMemberStream::Fill()
{
  auto* inflater = static_cast<z_stream*>(this->Inflater);
  const std::uint64_t chunk = std::min<std::uint64_t>(this->CompressedLeft, 1 << 20);
  this->Input.resize(chunk);
  if (!this->File.read(reinterpret_cast<char*>(this->Input.data()), static_cast<std::streamsize>(chunk)))
  {
    throw FormatError(this->Where, "could not read the deflated data");
  }
  this->CompressedLeft -= chunk;
  inflater->next_in = this->Input.data();
  inflater->avail_in = static_cast<uInt>(chunk);
}

//------------------------------------------------------------------------------
void ZipMemberStream::Read(std::uint8_t* out, std::uint64_t size)
{
  if (size > this->UncompressedLeft)
  {
    throw FormatError(this->Where, "truncated: " + std::to_string(size) + " more bytes asked, " +
        std::to_string(this->UncompressedLeft) + " left");
  }
  if (!this->Deflated)
  {
    if (!this->File.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(size)))
    {
      throw FormatError(this->Where, "could not be read to its end");
    }
  }
  else
  {
    auto* inflater = static_cast<z_stream*>(this->Inflater);
    for (std::uint64_t done = 0; done < size;)
    {
      if (this->Ended)
      {
        throw FormatError(this->Where, "corrupt or truncated deflated data");
      }
      if (inflater->avail_in == 0 && this->CompressedLeft > 0)
      {
        this->Fill();
      }
      const std::uint64_t want = std::min<std::uint64_t>(size - done, std::uint64_t(1) << 30);
      inflater->next_out = out + done;
      inflater->avail_out = static_cast<uInt>(want);
      const int status = inflate(inflater, Z_NO_FLUSH);
      const std::uint64_t produced = want - inflater->avail_out;
      done += produced;
      this->Ended = status == Z_STREAM_END;
      if ((status != Z_OK && status != Z_STREAM_END) ||
        (produced == 0 && inflater->avail_in == 0 && this->CompressedLeft == 0))
      {
        throw FormatError(this->Where, "corrupt or truncated deflated data");
      }
    }
  }
  this->Crc = Crc32(this->Crc, out, size);
  this->UncompressedLeft -= size;
}

//------------------------------------------------------------------------------
void ZipMemberStream::Finish()
{
  std::vector<std::uint8_t> rest(static_cast<std::size_t>(std::min<std::uint64_t>(this->UncompressedLeft, 1 << 20)));
  while (this->UncompressedLeft > 0)
  {
    const std::uint64_t piece = std::min<std::uint64_t>(this->UncompressedLeft, rest.size());
    this->Read(rest.data(), piece);
  }
  if (this->Deflated && !this->Ended)
  {
    // The last bytes arrived; the stream must also say it ended there.
    std::uint8_t extra = 0;
    auto* inflater = static_cast<z_stream*>(this->Inflater);
    if (inflater->avail_in == 0 && this->CompressedLeft > 0)
    {
      this->Fill();
    }
    inflater->next_out = &extra;
    inflater->avail_out = 1;
    if (inflate(inflater, Z_NO_FLUSH) != Z_STREAM_END || inflater->avail_out == 0)
    {
      throw FormatError(this->Where, "corrupt or truncated deflated data");
    }
  }
  if (static_cast<std::uint32_t>(this->Crc) != this->ExpectedCrc)
  {
    throw FormatError(this->Where, "corrupt member (CRC mismatch)");
  }
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
