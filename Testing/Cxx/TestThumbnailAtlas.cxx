// Thumbnail atlas layout and tile writing against positions worked out by hand.
#include "ThumbnailAtlas.h"

#include "Common.h"

#include <gtest/gtest.h>

#include <vector>

using neurotour::AtlasLayout;

TEST(ThumbnailAtlas, FiveTilesMakeThreeColumnsOfTwoRows)
{
  // ceil(sqrt(5)) = 3 columns, 2 rows of 28×28 tiles: 84×56 texels.
  const AtlasLayout layout = neurotour::LayoutAtlas(5, 28, 28, 8192);
  EXPECT_EQ(layout.Tiles, 5);
  EXPECT_EQ(layout.Columns, 3);
  EXPECT_EQ(layout.Rows, 2);
  EXPECT_EQ(layout.Width, 84);
  EXPECT_EQ(layout.Height, 56);
  const int expected[5][2] = { { 0, 0 }, { 28, 0 }, { 56, 0 }, { 0, 28 }, { 28, 28 } };
  for (int t = 0; t < 5; ++t)
  {
    EXPECT_EQ(layout.TileX(t), expected[t][0]) << "tile " << t;
    EXPECT_EQ(layout.TileY(t), expected[t][1]) << "tile " << t;
  }
}

TEST(ThumbnailAtlas, KeepsTheFirstTilesThatFitAndNarrowRows)
{
  // 30-texel tiles in a 100-texel atlas: 3 per row, 3 rows, so 9 of 20 fit.
  const AtlasLayout capped = neurotour::LayoutAtlas(20, 30, 30, 100);
  EXPECT_EQ(capped.Tiles, 9);
  EXPECT_EQ(capped.Columns, 3);
  EXPECT_EQ(capped.Rows, 3);
  EXPECT_EQ(capped.TileX(8), 60);
  EXPECT_EQ(capped.TileY(8), 60);
  // Wide tiles: a square would want 4 columns, a row holds 2 (40×10 tiles, side 100).
  const AtlasLayout wide = neurotour::LayoutAtlas(16, 40, 10, 100);
  EXPECT_EQ(wide.Tiles, 16);
  EXPECT_EQ(wide.Columns, 2);
  EXPECT_EQ(wide.Rows, 8);
  EXPECT_EQ(wide.Width, 80);
  EXPECT_EQ(wide.Height, 80);
  const AtlasLayout none = neurotour::LayoutAtlas(0, 28, 28, 8192);
  EXPECT_EQ(none.Tiles, 0);
  EXPECT_EQ(none.Rows, 0);
}

TEST(ThumbnailAtlas, RejectsTilesThatCannotFit)
{
  EXPECT_THROW(neurotour::LayoutAtlas(3, 0, 28, 8192), neurotour::InvalidInput);
  EXPECT_THROW(neurotour::LayoutAtlas(3, 28, 9000, 8192), neurotour::InvalidInput);
}

TEST(ThumbnailAtlas, WritesChannelMajorImagesInterleavedAndScaled)
{
  // Three 2×1 RGB tiles (2 columns, 2 rows: 4×2 texels); tile 2 is the first of row 2.
  const AtlasLayout layout = neurotour::LayoutAtlas(3, 2, 1, 16);
  ASSERT_EQ(layout.Width, 4);
  ASSERT_EQ(layout.Height, 2);
  std::vector<unsigned char> atlas(4 * 2 * 3, 7);
  // Channel-major: R of both texels, then G, then B; values in [0, 2] map to 0..255.
  const double image[6] = { 0.0, 2.0, 1.0, 1.0, -5.0, 9.0 };
  neurotour::WriteTile(layout, 2, image, 3, 0.0, 2.0, atlas.data());
  const unsigned char expected[6] = { 0, 127, 0, 255, 127, 255 };
  const int offset = (1 * layout.Width + 0) * 3; // row 1, column 0
  for (int k = 0; k < 6; ++k)
  {
    EXPECT_EQ(atlas[offset + k], expected[k]) << "value " << k;
  }
  EXPECT_EQ(atlas[0], 7) << "other tiles are left alone";
}
