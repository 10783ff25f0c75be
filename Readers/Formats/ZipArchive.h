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

  /// Where a stored (uncompressed) member's bytes start in the file, checked against its size;
  /// throws FormatError for a deflated or broken member. For reading it in place.
  std::uint64_t StoredDataOffset(const ZipMember& member) const;

private:
  std::vector<std::uint8_t> ReadAt(std::ifstream& stream, std::uint64_t offset,
    std::uint64_t length) const;
  std::uint64_t DataOffset(std::ifstream& stream, const ZipMember& member) const;

  std::string Path;
  std::uint64_t FileSize = 0;
  std::vector<ZipMember> MemberList;
};

/// Writes members (name, bytes) as a zip archive, deflated when `compress`.
void WriteZip(const std::string& path,
  const std::vector<std::pair<std::string, std::vector<std::uint8_t>>>& members, bool compress);

} // namespace formats
} // namespace neurotour
