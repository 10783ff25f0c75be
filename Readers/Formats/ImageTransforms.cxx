#include "ImageTransforms.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace neurotour
{
namespace formats
{

namespace
{

// PIL's Resample.c, bilinear filter, 8 bits per channel. Weights are fixed point with 22
// fractional bits: 255 x 2^22 leaves two bits of headroom in an int32 sum.
constexpr int PrecisionBits = 32 - 8 - 2;

double Triangle(double x)
{
  x = std::abs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}

/// For each output index, the first input index, how many inputs it reads, and their
/// weights (Taps apart): PIL's precompute_coeffs then normalize_coeffs_8bpc, operation for
/// operation, so the rounding is the same.
struct Taps
{
  int Size = 0;
  std::vector<int> First;
  std::vector<int> Count;
  std::vector<std::int32_t> Weights;
};

Taps ComputeTaps(int inSize, int outSize)
{
  const double scale = static_cast<double>(inSize) / outSize;
  const double filterScale = std::max(scale, 1.0); // shrinking widens the filter
  const double support = 1.0 * filterScale;
  Taps taps;
  taps.Size = static_cast<int>(std::ceil(support)) * 2 + 1;
  taps.First.resize(outSize);
  taps.Count.resize(outSize);
  taps.Weights.assign(static_cast<std::size_t>(outSize) * taps.Size, 0);
  std::vector<double> weights(taps.Size);
  for (int out = 0; out < outSize; ++out)
  {
    const double center = (out + 0.5) * scale;
    const double inverseScale = 1.0 / filterScale;
    // PIL rounds with (int)(v + 0.5), truncation toward zero; negatives are clamped after.
    const int first = std::max(static_cast<int>(center - support + 0.5), 0);
    const int last = std::min(static_cast<int>(center + support + 0.5), inSize);
    const int count = last - first;
    double sum = 0.0;
    for (int i = 0; i < count; ++i)
    {
      weights[i] = Triangle((i + first - center + 0.5) * inverseScale);
      sum += weights[i];
    }
    for (int i = 0; i < count; ++i)
    {
      const double weight = sum != 0.0 ? weights[i] / sum : weights[i];
      taps.Weights[static_cast<std::size_t>(out) * taps.Size + i] =
        static_cast<std::int32_t>(0.5 + weight * (1 << PrecisionBits));
    }
    taps.First[out] = first;
    taps.Count[out] = count;
  }
  return taps;
}

std::uint8_t Clip8(std::int32_t sum)
{
  return static_cast<std::uint8_t>(std::clamp(sum >> PrecisionBits, 0, 255));
}

/// Resamples rows [firstRow, firstRow + rows) of `in` to `width` columns.
Image ResampleHorizontally(const Image& in, int width, int firstRow, int rows)
{
  const Taps taps = ComputeTaps(in.Width, width);
  const int channels = in.Channels;
  Image out{ rows, width, channels,
    std::vector<std::uint8_t>(static_cast<std::size_t>(rows) * width * channels) };
  for (int y = 0; y < rows; ++y)
  {
    const std::uint8_t* row =
      in.Pixels.data() + static_cast<std::size_t>(firstRow + y) * in.Width * channels;
    std::uint8_t* target = out.Pixels.data() + static_cast<std::size_t>(y) * width * channels;
    for (int x = 0; x < width; ++x)
    {
      const std::int32_t* weights = taps.Weights.data() + static_cast<std::size_t>(x) * taps.Size;
      const std::uint8_t* source = row + static_cast<std::size_t>(taps.First[x]) * channels;
      for (int c = 0; c < channels; ++c)
      {
        std::int32_t sum = 1 << (PrecisionBits - 1);
        for (int i = 0; i < taps.Count[x]; ++i)
        {
          sum += source[i * channels + c] * weights[i];
        }
        target[x * channels + c] = Clip8(sum);
      }
    }
  }
  return out;
}

/// Resamples `in`, whose row 0 is source row `rowOffset`, to the rows that `taps` describe.
Image ResampleVertically(const Image& in, const Taps& taps, int rowOffset)
{
  const int height = static_cast<int>(taps.First.size());
  const std::size_t rowValues = static_cast<std::size_t>(in.Width) * in.Channels;
  Image out{ height, in.Width, in.Channels, std::vector<std::uint8_t>(height * rowValues) };
  for (int y = 0; y < height; ++y)
  {
    const std::int32_t* weights = taps.Weights.data() + static_cast<std::size_t>(y) * taps.Size;
    const std::uint8_t* source =
      in.Pixels.data() + static_cast<std::size_t>(taps.First[y] - rowOffset) * rowValues;
    std::uint8_t* target = out.Pixels.data() + y * rowValues;
    for (std::size_t v = 0; v < rowValues; ++v)
    {
      std::int32_t sum = 1 << (PrecisionBits - 1);
      for (int i = 0; i < taps.Count[y]; ++i)
      {
        sum += source[i * rowValues + v] * weights[i];
      }
      target[v] = Clip8(sum);
    }
  }
  return out;
}

} // namespace

//------------------------------------------------------------------------------
ImageSize ResizedSize(int height, int width, int size)
{
  const bool portrait = width <= height;
  const int shorter = portrait ? width : height;
  const int longer = portrait ? height : width;
  // Python's int(size * long / short): an exact product, a correctly rounded quotient.
  const int resizedLonger = static_cast<int>(static_cast<double>(size) * longer / shorter);
  return portrait ? ImageSize{ resizedLonger, size } : ImageSize{ size, resizedLonger };
}

//------------------------------------------------------------------------------
Image ResizeBilinear(const Image& image, ImageSize size)
{
  if (size.Height == image.Height && size.Width == image.Width)
  {
    return image; // PIL returns a copy
  }
  const Taps vertical = ComputeTaps(image.Height, size.Height);
  if (size.Width == image.Width)
  {
    return ResampleVertically(image, vertical, 0);
  }
  // Only the rows the vertical pass reads, as PIL does.
  const int firstRow = vertical.First.front();
  const int endRow = vertical.First.back() + vertical.Count.back();
  Image wide = ResampleHorizontally(image, size.Width, firstRow, endRow - firstRow);
  if (size.Height == image.Height)
  {
    return wide;
  }
  return ResampleVertically(wide, vertical, firstRow);
}

//------------------------------------------------------------------------------
int CenterCropOffset(int extent, int crop)
{
  const int excess = extent - crop;
  const int half = excess / 2;
  // An odd excess leaves half + 0.5, which Python rounds to the even neighbour.
  return excess % 2 == 1 && half % 2 == 1 ? half + 1 : half;
}

//------------------------------------------------------------------------------
Image CenterCrop(const Image& image, int crop)
{
  const int top = CenterCropOffset(image.Height, crop);
  const int left = CenterCropOffset(image.Width, crop);
  const std::size_t rowValues = static_cast<std::size_t>(crop) * image.Channels;
  Image out{ crop, crop, image.Channels, std::vector<std::uint8_t>(crop * rowValues) };
  for (int y = 0; y < crop; ++y)
  {
    const std::uint8_t* source = image.Pixels.data() +
      (static_cast<std::size_t>(top + y) * image.Width + left) * image.Channels;
    std::copy_n(source, rowValues, out.Pixels.data() + y * rowValues);
  }
  return out;
}

//------------------------------------------------------------------------------
void ToChannelsFirst(const Image& image, std::uint8_t* out)
{
  const std::size_t pixels = static_cast<std::size_t>(image.Height) * image.Width;
  for (int c = 0; c < image.Channels; ++c)
  {
    for (std::size_t p = 0; p < pixels; ++p)
    {
      out[c * pixels + p] = image.Pixels[p * image.Channels + c];
    }
  }
}

//------------------------------------------------------------------------------
void ToNormalizedChannelsFirst(
  const Image& image, const float* mean, const float* deviation, float* out)
{
  const std::size_t pixels = static_cast<std::size_t>(image.Height) * image.Width;
  for (int c = 0; c < image.Channels; ++c)
  {
    for (std::size_t p = 0; p < pixels; ++p)
    {
      const float unit = static_cast<float>(image.Pixels[p * image.Channels + c]) / 255.0f;
      out[c * pixels + p] = (unit - mean[c]) / deviation[c];
    }
  }
}

} // namespace formats
} // namespace neurotour
