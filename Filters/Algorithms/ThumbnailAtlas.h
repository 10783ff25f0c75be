// Thumbnail atlas: every sample's image side by side in one texture, so a view draws
// thousands of thumbnails from one upload.
#pragma once

#include <cstdint>
#include <vector>

namespace neurotour
{

/// Where each of `Tiles` thumbnails of TileWidth × TileHeight texels lies in an atlas of
/// Width × Height texels: Columns tiles per atlas row, filled left to right, top row first.
struct AtlasLayout
{
  std::int64_t Tiles = 0;
  int TileWidth = 0;
  int TileHeight = 0;
  int Columns = 0;
  int Rows = 0;
  int Width = 1;
  int Height = 1;

  /// Top left texel of tile t.
  int TileX(std::int64_t t) const { return static_cast<int>(t % this->Columns) * this->TileWidth; }
  int TileY(std::int64_t t) const { return static_cast<int>(t / this->Columns) * this->TileHeight; }
};

/// A square-ish layout of `count` tiles within `maximumSide` texels a side; when they do not all
/// fit, Tiles holds how many do (the first ones). Throws InvalidInput for tiles of side < 1 or
/// larger than `maximumSide`.
AtlasLayout LayoutAtlas(std::int64_t count, int tileWidth, int tileHeight, int maximumSide);

/// Writes one sample's image into tile `t` of `atlas` (Width × Height × channels bytes, texels
/// interleaved). `image` is channel-major (channels × TileHeight × TileWidth, as SampleShape
/// describes images); values are mapped linearly from [low, high] to 0..255 and clamped.
void WriteTile(const AtlasLayout& layout, std::int64_t t, const double* image, int channels,
  double low, double high, unsigned char* atlas);

} // namespace neurotour
