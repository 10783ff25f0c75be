// Just enough of the zip format for NumPy's .npz: stored and deflated members, zip64 sizes
// (numpy writes every member with zip64 extra fields), CRC checks.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace neurotour
{
namespace formats
{

struct ZipMember
{
  std::string Name;
  std::uint16_t Method = 0; // 0 stored, 8 deflated
  std::uint32_t Crc = 0;
  std::uint64_t CompressedSize = 0;
  std::uint64_t UncompressedSize = 0;
  std::uint64_t LocalHeaderOffset = 0;
};

class ZipReader
{
public:
  /// Reads the central directory; throws FormatError when the file is not a readable zip.
  explicit ZipReader(const std::string& path);

  const std::vector<ZipMember>& Members() const { return this->MemberList; }

  /// The member's uncompressed bytes, read from the file now and checked against its size
  /// and CRC.
  std::vector<std::uint8_t> Read(const ZipMember& member) const;

  const std::string& GetPath() const { return this->Path; }
  std::uint64_t GetFileSize() const { return this->FileSize; }

private:
  std::string Path;
  std::uint64_t FileSize = 0;
  std::vector<ZipMember> MemberList;
};

/// One member's uncompressed bytes, read in order in pieces of any size, straight from the
/// file (stored) or through zlib with 1 MiB of compressed input at a time (deflated): a
/// member is never held whole in a buffer of its own.
class ZipMemberStream
{
public:
  /// Checks the member's header and sizes; throws FormatError naming the member.
  ZipMemberStream(const ZipReader& archive, const ZipMember& member);
  ~ZipMemberStream();
  ZipMemberStream(const ZipMemberStream&) = delete;
  ZipMemberStream& operator=(const ZipMemberStream&) = delete;

  /// The next `size` bytes into `out`; throws FormatError when the member has fewer.
  void Read(std::uint8_t* out, std::uint64_t size);

  /// Reads what is left and checks the size and the CRC of all the member's bytes.
  void Finish();

private:
  void Fill();

  std::string Where;
  std::ifstream File;
  bool Deflated = false;
  std::uint64_t CompressedLeft = 0;
  std::uint64_t UncompressedLeft = 0;
  std::uint32_t ExpectedCrc = 0;
  unsigned long Crc = 0;
  std::vector<std::uint8_t> Input;
  void* Inflater = nullptr; // a z_stream (zlib.h stays out of this header)
  bool Ended = false;
};

/// zlib's CRC-32 of any length (zlib takes at most 4 GiB a call), continuing from `crc`.
unsigned long Crc32(unsigned long crc, const std::uint8_t* data, std::uint64_t size);

/// Writes members (name, bytes) as a zip archive, deflated when `compress`.
void WriteZip(const std::string& path,
  const std::vector<std::pair<std::string, std::vector<std::uint8_t>>>& members, bool compress);

} // namespace formats
} // namespace neurotour
