#include "ThumbnailAtlas.h"

#include "Common.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace neurotour
{

AtlasLayout LayoutAtlas(std::int64_t count, int tileWidth, int tileHeight, int maximumSide)
{
  if (tileWidth < 1 || tileHeight < 1 || tileWidth > maximumSide || tileHeight > maximumSide)
  {
    throw InvalidInput("thumbnails of " + std::to_string(tileWidth) + "×" +
      std::to_string(tileHeight) + " texels do not fit an atlas of side " +
      std::to_string(maximumSide));
  }
  AtlasLayout layout;
  layout.TileWidth = tileWidth;
  layout.TileHeight = tileHeight;
  const std::int64_t perRow = maximumSide / tileWidth;
  layout.Tiles = std::min<std::int64_t>(std::max<std::int64_t>(count, 0),
    perRow * (maximumSide / tileHeight));
  // As many columns as rows (a square of square tiles), unless a row cannot hold that many.
  layout.Columns = static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(perRow,
    static_cast<std::int64_t>(std::ceil(std::sqrt(static_cast<double>(layout.Tiles)))))));
  layout.Rows = static_cast<int>((layout.Tiles + layout.Columns - 1) / layout.Columns);
  layout.Width = std::max(1, layout.Columns * tileWidth);
  layout.Height = std::max(1, layout.Rows * tileHeight);
  return layout;
}

void WriteTile(const AtlasLayout& layout, std::int64_t t, const double* image, int channels,
  double low, double high, unsigned char* atlas)
{
  const double scale = high > low ? 255.0 / (high - low) : 0.0;
  const int width = layout.TileWidth;
  const int height = layout.TileHeight;
  const std::int64_t x0 = layout.TileX(t);
  const std::int64_t y0 = layout.TileY(t);
  for (int y = 0; y < height; ++y)
  {
    unsigned char* line = atlas + ((y0 + y) * layout.Width + x0) * channels;
    for (int x = 0; x < width; ++x)
    {
      for (int c = 0; c < channels; ++c)
      {
        const double value = (image[(c * height + y) * width + x] - low) * scale;
        line[x * channels + c] = static_cast<unsigned char>(std::max(0.0, std::min(255.0, value)));
      }
    }
  }
}

} // namespace neurotour
