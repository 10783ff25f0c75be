// The preprocessing models are trained with, as torchvision's transforms do it on PIL images,
// on 8-bit images held as rows (top first) of interleaved channels.
#pragma once

#include <cstdint>
#include <vector>

namespace neurotour
{
namespace formats
{

/// An 8-bit image: Height rows, top first, of Width pixels of Channels interleaved values.
struct Image
{
  int Height = 0;
  int Width = 0;
  int Channels = 0;
  std::vector<std::uint8_t> Pixels; // Height x Width x Channels
};

struct ImageSize
{
  int Height = 0;
  int Width = 0;
};

/// torchvision's Resize(size) output size: the shorter side becomes `size`, the longer
/// int(size * long / short), truncated as Python's int() does.
ImageSize ResizedSize(int height, int width, int size);

/// PIL's Image.resize(..., BILINEAR): a triangle filter whose support widens with the
/// downscale factor (so shrinking averages every source pixel), separable, horizontal pass
/// first, in PIL's 22-bit fixed point, so the bytes equal PIL's.
Image ResizeBilinear(const Image& image, ImageSize size);

/// torchvision CenterCrop's first row or column: round((extent - crop) / 2) with Python's
/// round (halves to even). Requires crop <= extent.
int CenterCropOffset(int extent, int crop);

/// The centred `crop` x `crop` square of `image`. Requires crop <= both extents.
Image CenterCrop(const Image& image, int crop);

/// The image channels first (C x H x W), the order models take.
void ToChannelsFirst(const Image& image, std::uint8_t* out);

/// As ToTensor() then Normalize(mean, std): (x / 255 - mean[c]) / deviation[c] in float32,
/// the arithmetic torch does, channels first.
void ToNormalizedChannelsFirst(
  const Image& image, const float* mean, const float* deviation, float* out);

} // namespace formats
} // namespace neurotour
