// The file-format parsers against files written by NumPy and by hand (Testing/Data, made by
// make_fixtures.py), and against every kind of broken file a user may hand them.
#include "CIFARFormat.h"
#include "FormatError.h"
#include "IDXFormat.h"
#include "ImageFolderFormat.h"
#include "ImageTransforms.h"
#include "NumPyFormat.h"

#include <gtest/gtest.h>

#include <cstdio> // before jpeglib.h, which needs FILE
#include <jpeglib.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <string>
#include <vector>

using namespace neurotour::formats;

namespace
{

std::string Data(const std::string& name)
{
  return std::string(NEUROTOUR_TEST_DATA_DIR) + "/" + name;
}

std::string Output(const std::string& name)
{
  return std::string(NEUROTOUR_TEST_OUTPUT_DIR) + "/" + name;
}

std::vector<std::uint8_t> Slurp(const std::string& path)
{
  std::ifstream stream(path, std::ios::binary);
  return { std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>() };
}

void Spill(const std::string& path, const std::vector<std::uint8_t>& bytes)
{
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

template <typename T>
std::vector<T> Values(const NumPyArray& array)
{
  std::vector<T> values(array.Count());
  std::memcpy(values.data(), array.Bytes.data(), array.Bytes.size());
  return values;
}

// Expects a FormatError whose message names the file and contains `problem`.
template <typename F>
void ExpectFormatError(F&& read, const std::string& path, const std::string& problem)
{
  try
  {
    read();
    FAIL() << "no error for " << path;
  }
  catch (const FormatError& error)
  {
    const std::string message = error.what();
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find(problem), std::string::npos) << message;
  }
}

} // namespace

TEST(IDX, ReadsGzippedAndRawFilesAlike)
{
  for (const char* suffix : { "", ".gz" })
  {
    const IDXArray images = ReadIDX(Data(std::string("tiny-images-idx3-ubyte") + suffix));
    ASSERT_EQ(images.Shape, (std::vector<std::int64_t>{ 5, 2, 3 }));
    EXPECT_EQ(images.ValuesPerItem(), 6);
    for (int i = 0; i < 30; ++i)
    {
      EXPECT_EQ(images.Value(i), i);
    }
    const IDXArray labels = ReadIDX(Data(std::string("tiny-labels-idx1-ubyte") + suffix));
    ASSERT_EQ(labels.Shape, (std::vector<std::int64_t>{ 5 }));
    EXPECT_EQ(labels.Value(0), 3);
    EXPECT_EQ(labels.Value(4), 5);
  }
}

TEST(IDX, ReadsOnlyTheItemsAskedFor)
{
  const IDXArray images = ReadIDX(Data("tiny-images-idx3-ubyte.gz"), 2);
  EXPECT_EQ(images.Shape[0], 2);
  EXPECT_EQ(images.ItemsInFile, 5);
  EXPECT_EQ(images.Bytes.size(), 12u);
}

TEST(IDX, FindsTheLabelFileByName)
{
  EXPECT_EQ(LabelFileFor("/d/train-images-idx3-ubyte.gz"), "/d/train-labels-idx1-ubyte.gz");
  EXPECT_EQ(LabelFileFor("t10k-images-idx3-ubyte"), "t10k-labels-idx1-ubyte");
  EXPECT_EQ(LabelFileFor("/d/pictures.gz"), "");
}

TEST(IDX, ReadsBigEndianMultiByteValues)
{
  const std::vector<std::uint8_t> bytes = { 0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 1, 2, 0xFF, 0xFF, 0xFF, 0xFE };
  const std::string path = Output("int32-idx1");
  Spill(path, bytes);
  const IDXArray array = ReadIDX(path);
  EXPECT_EQ(array.Value(0), 258);
  EXPECT_EQ(array.Value(1), -2);
}

TEST(IDX, RejectsBrokenFiles)
{
  ExpectFormatError([] { ReadIDX(Data("no-such-file.gz")); }, Data("no-such-file.gz"), "no such file");

  const std::string magic = Output("bad-magic-idx");
  Spill(magic, { 1, 2, 3, 4, 5, 6, 7, 8 });
  ExpectFormatError([&] { ReadIDX(magic); }, magic, "bad magic");

  // A header that claims a billion 28x28 images: refused after reading what is there,
  // without allocating the 784 GB the header asks for.
  const std::string lying = Output("lying-idx3");
  std::vector<std::uint8_t> header = { 0, 0, 8, 3, 0x3B, 0x9A, 0xCA, 0x00, 0, 0, 0, 28, 0, 0, 0, 28 };
  header.resize(header.size() + 784 * 3, 7);
  Spill(lying, header);
  ExpectFormatError([&] { ReadIDX(lying); }, lying, "truncated");

  // 35 bytes whose extents multiply past 2^63 (items x item bytes wrapped, and the reader
  // then sized an array by the wrapped shape).
  const std::string wrapping = Output("wrapping-idx3");
  Spill(wrapping, { 0, 0, 8, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4, 5, 6,
                    7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 });
  ExpectFormatError([&] { ReadIDX(wrapping); }, wrapping, "over 2^63 bytes");
  const std::string wide = Output("wide-idx3");
  Spill(wide, { 0, 0, 0x0D, 4, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 1, 2, 3 });
  ExpectFormatError([&] { ReadIDX(wide); }, wide, "implausible item size");

  std::vector<std::uint8_t> gz = Slurp(Data("tiny-images-idx3-ubyte.gz"));
  const std::string cut = Output("cut-images-idx3-ubyte.gz");
  Spill(cut, std::vector<std::uint8_t>(gz.begin(), gz.begin() + gz.size() / 2));
  EXPECT_THROW(ReadIDX(cut), FormatError);

  const std::string shortHeader = Output("short-idx");
  Spill(shortHeader, { 0, 0, 8, 3, 0, 0 });
  ExpectFormatError([&] { ReadIDX(shortHeader); }, shortHeader, "truncated IDX header");
}

TEST(NumPy, ReadsWhatNumPyWrites)
{
  const NumPyArray c = ReadNpy(Data("float32_c.npy"));
  ASSERT_EQ(c.Type, NumPyType::Float32);
  ASSERT_EQ(c.Shape, (std::vector<std::int64_t>{ 3, 4 }));
  const std::vector<float> cValues = Values<float>(c);
  for (int i = 0; i < 12; ++i)
  {
    EXPECT_FLOAT_EQ(cValues[i], i / 4.0f);
  }

  // Fortran order comes back in C order.
  const NumPyArray fortran = ReadNpy(Data("float64_fortran.npy"));
  ASSERT_EQ(fortran.Type, NumPyType::Float64);
  const std::vector<double> fValues = Values<double>(fortran);
  for (int i = 0; i < 12; ++i)
  {
    EXPECT_DOUBLE_EQ(fValues[i], i / 4.0);
  }

  const NumPyArray big = ReadNpy(Data("int16_bigendian.npy"));
  ASSERT_EQ(big.Type, NumPyType::Int16);
  EXPECT_EQ(Values<std::int16_t>(big), (std::vector<std::int16_t>{ -3, -2, -1, 0, 1, 2 }));

  const NumPyArray cube = ReadNpy(Data("uint8_rank3.npy"));
  ASSERT_EQ(cube.Shape, (std::vector<std::int64_t>{ 2, 2, 3 }));
  EXPECT_EQ(cube.Bytes[11], 11);
}

TEST(NumPy, ReadsStoredAndDeflatedArchives)
{
  const auto plain = ReadNpz(Data("plain.npz"));
  ASSERT_EQ(plain.size(), 3u);
  EXPECT_EQ(plain[0].first, "Activations");
  EXPECT_EQ(plain[1].first, "Label");
  EXPECT_EQ(Values<std::int64_t>(plain[1].second), (std::vector<std::int64_t>{ 2, 0, 1 }));
  EXPECT_EQ(plain[2].second.Strings(), (std::vector<std::string>{ "zero", "one", "two" }));

  const auto deflated = ReadNpz(Data("deflated.npz"));
  ASSERT_EQ(deflated.size(), 2u);
  EXPECT_EQ(deflated[0].first, "Embedding");
  EXPECT_EQ(deflated[0].second.Shape, (std::vector<std::int64_t>{ 3, 2 }));
  EXPECT_FLOAT_EQ(Values<float>(deflated[0].second)[3], 5 / 4.0f);
}

TEST(NumPy, ReadsStraightIntoTheCallersMemory)
{
  // Stored and deflated members go where the destination says (their Bytes stay empty);
  // declined arrays go to Bytes; the values are the same either way.
  std::map<std::string, std::vector<std::uint8_t>> memory;
  const Destination into = [&](const std::string& name, const NumPyArray& array) -> void*
  {
    if (name == "Label")
    {
      return nullptr; // declined
    }
    auto& buffer = memory[name];
    buffer.resize(static_cast<std::size_t>(array.Count() * array.ItemSize));
    return buffer.data();
  };
  const auto plain = ReadNpz(Data("plain.npz"), into);
  const auto copied = ReadNpz(Data("plain.npz"));
  ASSERT_EQ(plain.size(), 3u);
  EXPECT_TRUE(plain[0].second.Bytes.empty());
  EXPECT_EQ(memory["Activations"], copied[0].second.Bytes);
  EXPECT_EQ(plain[1].second.Bytes, copied[1].second.Bytes);
  const auto deflated = ReadNpz(Data("deflated.npz"), into);
  EXPECT_TRUE(deflated[0].second.Bytes.empty());
  EXPECT_EQ(memory["Embedding"], ReadNpz(Data("deflated.npz"))[0].second.Bytes);

  // A stored member whose data changed after it was written fails its CRC in place too.
  std::vector<std::uint8_t> archive = Slurp(Data("plain.npz"));
  const std::vector<std::uint8_t>& activations = copied[0].second.Bytes;
  const auto at = std::search(archive.begin(), archive.end(), activations.begin(), activations.end());
  ASSERT_NE(at, archive.end());
  *at ^= 0x40;
  const std::string changed = Output("changed.npz");
  Spill(changed, archive);
  EXPECT_THROW(ReadNpz(changed, into), FormatError);
}

TEST(NumPy, WritesArchivesItReadsBack)
{
  const std::vector<float> values = { 1.5f, -2.0f, 3.25f, 0.0f, 7.0f, 8.5f };
  const std::vector<std::int32_t> labels = { 4, 2 };
  for (bool compress : { false, true })
  {
    const std::string path = Output(compress ? "roundtrip-deflated.npz" : "roundtrip.npz");
    WriteNpz(path,
      { { "Embedding", MakeArray(NumPyType::Float32, { 2, 3 }, values.data()) },
        { "Label", MakeArray(NumPyType::Int32, { 2 }, labels.data()) },
        { "LabelNames", MakeStringArray({ "Ankle boot", "Ünïcode" }) } },
      compress);
    const auto read = ReadNpz(path);
    ASSERT_EQ(read.size(), 3u);
    EXPECT_EQ(read[0].second.Shape, (std::vector<std::int64_t>{ 2, 3 }));
    EXPECT_EQ(Values<float>(read[0].second), values);
    EXPECT_EQ(Values<std::int32_t>(read[1].second), labels);
    EXPECT_EQ(read[2].second.Strings(), (std::vector<std::string>{ "Ankle boot", "Ünïcode" }));
  }
}

// A version-1 .npy with this header (padded as NumPy pads it) and `dataBytes` zero bytes.
std::vector<std::uint8_t> NpyWithHeader(std::string header, std::size_t dataBytes, int version = 1)
{
  const std::size_t prefix = version == 1 ? 10 : 12;
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::vector<std::uint8_t> bytes = { 0x93, 'N', 'U', 'M', 'P', 'Y',
    static_cast<std::uint8_t>(version), 0 };
  for (std::size_t b = 0; b < prefix - 8; ++b)
  {
    bytes.push_back(static_cast<std::uint8_t>(header.size() >> (8 * b)));
  }
  bytes.insert(bytes.end(), header.begin(), header.end());
  bytes.resize(bytes.size() + dataBytes, 0);
  return bytes;
}

TEST(NumPy, RejectsShapesItCannotHold)
{
  const auto expectError = [](const std::string& name, const std::vector<std::uint8_t>& bytes,
                             const std::string& problem)
  {
    const std::string path = Output(name);
    Spill(path, bytes);
    ExpectFormatError([&] { ReadNpy(path); }, path, problem);
  };
  // An extent past 2^63 (std::stoll threw std::out_of_range through the reader).
  expectError("huge-extent.npy",
    NpyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000000000000000, 2), }", 8),
    "does not fit in 64 bits");
  // Negative and non-numeric extents (a shape (-5, 2) was read as 5 rows).
  expectError("negative.npy",
    NpyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-5, 2), }", 40),
    "non-negative integers");
  // Items of 64 KiB times 2^48 items wrap 2^64 to 0 bytes.
  expectError("wrapping.npy",
    NpyWithHeader("{'descr': '<U16384', 'fortran_order': False, 'shape': (281474976710656,), }", 0),
    "truncated");
  // Extents whose product passes 2^63.
  expectError("overflow.npy",
    NpyWithHeader("{'descr': '|u1', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 0),
    "over 2^63 items");
  // A 300 KB header of (1, 1, ...) overflowed the stack of a recursive regex.
  std::string ones = "(";
  while (ones.size() < 300000)
  {
    ones += "1, ";
  }
  ones += ")";
  expectError("long-header.npy",
    NpyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': " + ones + ", }", 4, 2),
    "NumPy writes at most");
  std::string deep = "(";
  for (int d = 0; d < 65; ++d)
  {
    deep += "1, ";
  }
  deep += ")";
  expectError("deep.npy",
    NpyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': " + deep + ", }", 4),
    "more than 64 dimensions");
}

TEST(NumPy, ParsesTheShapesNumPyWrites)
{
  const std::string path = Output("shapes.npy");
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::vector<std::int64_t>>>{
         { "()", {} }, { "(3,)", { 3 } }, { "(2, 3)", { 2, 3 } }, { "( 2 ,3 , )", { 2, 3 } },
         { "(4, 0)", { 4, 0 } } })
  {
    std::int64_t count = 1;
    for (std::int64_t extent : expected)
    {
      count *= extent;
    }
    Spill(path,
      NpyWithHeader("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": " + text + "}",
        4 * static_cast<std::size_t>(count)));
    EXPECT_EQ(ReadNpy(path).Shape, expected) << text;
  }
}

TEST(NumPy, RejectsBrokenFiles)
{
  ExpectFormatError([] { ReadNpy(Data("object.npy")); }, Data("object.npy"), "unsupported dtype");
  ExpectFormatError([] { ReadNpy(Data("missing.npy")); }, Data("missing.npy"), "no such file");

  std::vector<std::uint8_t> npy = Slurp(Data("float32_c.npy"));
  const std::string cut = Output("cut.npy");
  Spill(cut, std::vector<std::uint8_t>(npy.begin(), npy.end() - 8));
  ExpectFormatError([&] { ReadNpy(cut); }, cut, "truncated");

  const std::string notNpy = Output("not.npy");
  Spill(notNpy, { 'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd' });
  ExpectFormatError([&] { ReadNpy(notNpy); }, notNpy, "bad magic");

  std::vector<std::uint8_t> header = npy;
  const std::string text(header.begin(), header.end());
  const std::size_t shape = text.find("'shape'");
  header[shape + 1] = 'x'; // 'xhape'
  const std::string noShape = Output("noshape.npy");
  Spill(noShape, header);
  ExpectFormatError([&] { ReadNpy(noShape); }, noShape, "no 'shape'");

  std::vector<std::uint8_t> npz = Slurp(Data("deflated.npz"));
  npz[90] ^= 0xFF; // inside the first member's deflated data (after its 63-byte local header)
  const std::string corrupt = Output("corrupt.npz");
  Spill(corrupt, npz);
  EXPECT_THROW(ReadNpz(corrupt), FormatError);

  const std::string truncated = Output("truncated.npz");
  npz = Slurp(Data("plain.npz"));
  Spill(truncated, std::vector<std::uint8_t>(npz.begin(), npz.begin() + npz.size() / 2));
  ExpectFormatError([&] { ReadNpz(truncated); }, truncated, "not a zip archive");
}

TEST(NumPy, MovesChannelsLastImagesToChannelsFirst)
{
  // Two 2 x 3 images of 3 channels, value = 100 n + 10 c + pixel (row-major pixel index).
  std::vector<std::uint16_t> values;
  for (int n = 0; n < 2; ++n)
  {
    for (int p = 0; p < 6; ++p)
    {
      for (int c = 0; c < 3; ++c)
      {
        values.push_back(static_cast<std::uint16_t>(100 * n + 10 * c + p));
      }
    }
  }
  NumPyArray array = MakeArray(NumPyType::UInt16, { 2, 2, 3, 3 }, values.data());
  // Only the last axis could be channels (the second has 2 entries).
  EXPECT_TRUE(IsChannelsLast(array, ChannelOrder::Automatic, "nhwc.npy"));
  EXPECT_FALSE(IsChannelsLast(array, ChannelOrder::First, "nhwc.npy"));
  MoveChannelsFirst(array);
  EXPECT_EQ(array.Shape, (std::vector<std::int64_t>{ 2, 3, 2, 3 }));
  const auto* moved = reinterpret_cast<const std::uint16_t*>(array.Bytes.data());
  for (int n = 0; n < 2; ++n)
  {
    for (int c = 0; c < 3; ++c)
    {
      for (int p = 0; p < 6; ++p)
      {
        EXPECT_EQ(moved[n * 18 + c * 6 + p], 100 * n + 10 * c + p);
      }
    }
  }
  // Channels-first arrays, other ranks and grey images stay as they are.
  EXPECT_FALSE(IsChannelsLast(array, ChannelOrder::Automatic, "nchw.npy")); // 2 x 3 x 2 x 3
  const std::vector<float> grey(2 * 28 * 28, 0.0f);
  EXPECT_FALSE(IsChannelsLast(
    MakeArray(NumPyType::Float32, { 2, 28, 28 }, grey.data()), ChannelOrder::Automatic, "g.npy"));
  EXPECT_TRUE(IsChannelsLast(
    MakeArray(NumPyType::Float32, { 2, 28, 28, 1 }, grey.data()), ChannelOrder::Automatic, "g.npy"));
  // 3 x 4 x 4 images could be either (channels 3 first, or 4 last): the user must say.
  const std::vector<float> square(2 * 3 * 4 * 4, 0.0f);
  const NumPyArray ambiguous = MakeArray(NumPyType::Float32, { 2, 3, 4, 4 }, square.data());
  EXPECT_THROW(IsChannelsLast(ambiguous, ChannelOrder::Automatic, "a.npy"), FormatError);
  EXPECT_TRUE(IsChannelsLast(ambiguous, ChannelOrder::Last, "a.npy"));
}

TEST(CIFAR, ReadsRecordsAndRejectsBrokenBatches)
{
  // Three records: label r, image bytes (r + i) mod 256; a class-names file beside them.
  std::vector<std::uint8_t> batch;
  for (int r = 0; r < 3; ++r)
  {
    batch.push_back(static_cast<std::uint8_t>(r * 4));
    for (int i = 0; i < CIFARImageBytes; ++i)
    {
      batch.push_back(static_cast<std::uint8_t>((r + i) % 256));
    }
  }
  std::filesystem::create_directories(Output("cifar"));
  Spill(Output("cifar/data_batch_1.bin"), batch);
  std::ofstream(Output("cifar/batches.meta.txt")) << "airplane\nautomobile\n\nbird\n";
  CIFARImages images;
  ReadCIFAR(Output("cifar/data_batch_1.bin"), -1, images);
  ReadCIFAR(Output("cifar/data_batch_1.bin"), 1, images); // appends the first only
  EXPECT_EQ(images.Labels, (std::vector<std::int32_t>{ 0, 4, 8, 0 }));
  ASSERT_EQ(images.Pixels.size(), 4u * CIFARImageBytes);
  EXPECT_EQ(images.Pixels[CIFARImageBytes + 5], 6); // record 1, byte 5
  EXPECT_EQ(images.Pixels[3 * CIFARImageBytes + 7], 7);
  EXPECT_EQ(ReadCIFARLabelNames(Output("cifar/data_batch_1.bin")),
    (std::vector<std::string>{ "airplane", "automobile", "bird" }));

  batch.pop_back(); // not a whole number of records
  Spill(Output("cifar/cut.bin"), batch);
  ExpectFormatError([&] { ReadCIFAR(Output("cifar/cut.bin"), -1, images); },
    Output("cifar/cut.bin"), "whole number of 3,073-byte records");
  batch.push_back(0);
  batch[3073] = 10; // label 10 in record 1
  Spill(Output("cifar/label.bin"), batch);
  ExpectFormatError([&] { ReadCIFAR(Output("cifar/label.bin"), -1, images); },
    Output("cifar/label.bin"), "label 10");
}

namespace
{

// PNG colour types (the IHDR byte).
constexpr int PngGrey = 0;
constexpr int PngRGB = 2;
constexpr int PngPalette = 3;
constexpr int PngGreyAlpha = 4;
constexpr int PngRGBA = 6;

void AppendBigEndian32(std::vector<std::uint8_t>& bytes, std::uint32_t value)
{
  for (int shift = 24; shift >= 0; shift -= 8)
  {
    bytes.push_back(static_cast<std::uint8_t>(value >> shift));
  }
}

// A PNG written chunk by chunk (zlib for the data), so the decoder meets every colour type and
// bit depth, not only what one encoder writes. `scanlines`: the rows' packed bytes, top first.
std::vector<std::uint8_t> MakePng(int width, int height, int colorType, int bitDepth,
  const std::vector<std::uint8_t>& scanlines, const std::vector<std::uint8_t>& palette = {},
  const std::vector<std::uint8_t>& transparency = {})
{
  std::vector<std::uint8_t> png = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  const auto chunk = [&png](const char* type, const std::vector<std::uint8_t>& data)
  {
    AppendBigEndian32(png, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = png.size();
    png.insert(png.end(), type, type + 4);
    png.insert(png.end(), data.begin(), data.end());
    AppendBigEndian32(png,
      static_cast<std::uint32_t>(
        crc32(0, png.data() + start, static_cast<uInt>(png.size() - start))));
  };
  std::vector<std::uint8_t> header;
  AppendBigEndian32(header, width);
  AppendBigEndian32(header, height);
  header.insert(header.end(),
    { static_cast<std::uint8_t>(bitDepth), static_cast<std::uint8_t>(colorType), 0, 0, 0 });
  const std::size_t rowBytes = scanlines.size() / height;
  std::vector<std::uint8_t> filtered; // filter type 0 (none) before each row
  for (int y = 0; y < height; ++y)
  {
    filtered.push_back(0);
    filtered.insert(
      filtered.end(), scanlines.begin() + y * rowBytes, scanlines.begin() + (y + 1) * rowBytes);
  }
  uLongf packedSize = compressBound(static_cast<uLong>(filtered.size()));
  std::vector<std::uint8_t> packed(packedSize);
  compress(packed.data(), &packedSize, filtered.data(), static_cast<uLong>(filtered.size()));
  packed.resize(packedSize);
  chunk("IHDR", header);
  if (!palette.empty())
  {
    chunk("PLTE", palette);
  }
  if (!transparency.empty())
  {
    chunk("tRNS", transparency);
  }
  chunk("IDAT", packed);
  chunk("IEND", {});
  return png;
}

std::vector<std::uint8_t> MakeJpeg(
  int width, int height, J_COLOR_SPACE space, const std::vector<std::uint8_t>& pixels)
{
  jpeg_compress_struct jpeg;
  jpeg_error_mgr errors;
  jpeg.err = jpeg_std_error(&errors);
  jpeg_create_compress(&jpeg);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&jpeg, &buffer, &size);
  jpeg.image_width = width;
  jpeg.image_height = height;
  jpeg.input_components = space == JCS_GRAYSCALE ? 1 : space == JCS_RGB ? 3 : 4;
  jpeg.in_color_space = space;
  jpeg_set_defaults(&jpeg);
  jpeg_set_quality(&jpeg, 95, TRUE);
  jpeg_start_compress(&jpeg, TRUE);
  const std::size_t rowBytes = static_cast<std::size_t>(width) * jpeg.input_components;
  while (jpeg.next_scanline < jpeg.image_height)
  {
    JSAMPROW row = const_cast<std::uint8_t*>(pixels.data()) + jpeg.next_scanline * rowBytes;
    jpeg_write_scanlines(&jpeg, &row, 1);
  }
  jpeg_finish_compress(&jpeg);
  std::vector<std::uint8_t> bytes(buffer, buffer + size);
  jpeg_destroy_compress(&jpeg);
  std::free(buffer);
  return bytes;
}

Image MakeImage(int height, int width, int channels, std::vector<std::uint8_t> pixels)
{
  return Image{ height, width, channels, std::move(pixels) };
}

// Every prefix of a valid file is a FormatError naming the file, or (when only trailing
// chunks are missing) the whole image: never a crash, as VTK's PNG reader had on a cut file.
void ExpectEveryPrefixReadsOrFails(const std::vector<std::uint8_t>& bytes, const Image& whole)
{
  const std::string path = Output("images/prefix");
  for (std::size_t length = 0; length < bytes.size(); ++length)
  {
    Spill(path, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + length));
    try
    {
      const Image image = DecodeImage(path, ColorMode::RGB);
      EXPECT_EQ(image.Pixels.size(), whole.Pixels.size()) << length << " bytes";
    }
    catch (const FormatError& error)
    {
      EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
    }
  }
}

} // namespace

TEST(ImageTransforms, ResizedSizeAsTorchvision)
{
  // Resize(32): the shorter side becomes 32, the longer int(32 * long / short).
  EXPECT_EQ(ResizedSize(40, 30, 32).Height, 42); // int(42.67)
  EXPECT_EQ(ResizedSize(40, 30, 32).Width, 32);
  EXPECT_EQ(ResizedSize(30, 40, 32).Height, 32);
  EXPECT_EQ(ResizedSize(30, 40, 32).Width, 42);
  EXPECT_EQ(ResizedSize(300, 200, 100).Height, 150);
  EXPECT_EQ(ResizedSize(28, 28, 32).Width, 32);
}

TEST(ImageTransforms, ResizeEqualsPILBilinear)
{
  // A constant image stays constant, shrunk or enlarged.
  const Image grey = MakeImage(7, 5, 3, std::vector<std::uint8_t>(7 * 5 * 3, 123));
  for (const ImageSize size : { ImageSize{ 3, 2 }, ImageSize{ 11, 13 } })
  {
    const Image resized = ResizeBilinear(grey, size);
    ASSERT_EQ(resized.Pixels.size(), static_cast<std::size_t>(size.Height) * size.Width * 3);
    EXPECT_TRUE(std::all_of(
      resized.Pixels.begin(), resized.Pixels.end(), [](std::uint8_t v) { return v == 123; }));
  }
  // Halving is not a 2 x 2 box average in PIL: the triangle filter, widened by 2, weighs the
  // pixels 3/7 3/7 1/7 at the border. Rows 70x + 7y, halved: PIL 9.4's
  // Image.fromarray(a).resize((2, 2), Image.BILINEAR) gives these values.
  std::vector<std::uint8_t> ramp;
  for (int y = 0; y < 4; ++y)
  {
    for (int x = 0; x < 4; ++x)
    {
      ramp.push_back(static_cast<std::uint8_t>(70 * x + 7 * y));
    }
  }
  EXPECT_EQ(ResizeBilinear(MakeImage(4, 4, 1, ramp), { 2, 2 }).Pixels,
    (std::vector<std::uint8_t>{ 55, 165, 66, 176 }));

  // Non-integer factors, both passes and each alone, on (37x + 11y) mod 256, 5 x 7: PIL 9.4's
  // resize((width, height), Image.BILINEAR) of it.
  std::vector<std::uint8_t> wrapped;
  for (int y = 0; y < 5; ++y)
  {
    for (int x = 0; x < 7; ++x)
    {
      wrapped.push_back(static_cast<std::uint8_t>((37 * x + 11 * y) % 256));
    }
  }
  const Image source = MakeImage(5, 7, 1, wrapped);
  EXPECT_EQ(ResizeBilinear(source, { 3, 4 }).Pixels,
    (std::vector<std::uint8_t>{ 24, 82, 150, 208, 41, 99, 167, 225, 58, 116, 184, 166 }));
  EXPECT_EQ(ResizeBilinear(source, { 6, 9 }).Pixels,
    (std::vector<std::uint8_t>{ 0, 25, 53, 82, 111, 140, 169, 197, 222, //
      8, 33, 61, 90, 119, 148, 177, 205, 230,                           //
      17, 42, 70, 99, 128, 157, 186, 214, 239,                          //
      27, 52, 80, 109, 138, 167, 196, 224, 249,                         //
      36, 61, 89, 118, 147, 176, 205, 212, 194,                         //
      44, 69, 97, 126, 155, 184, 213, 156, 10 }));
  EXPECT_EQ(ResizeBilinear(source, { 3, 7 }).Pixels,
    (std::vector<std::uint8_t>{ 5, 42, 79, 116, 153, 190, 227, //
      22, 59, 96, 133, 170, 207, 244,                          //
      39, 76, 113, 150, 187, 224, 115 }));
  EXPECT_EQ(ResizeBilinear(source, { 5, 3 }).Pixels,
    (std::vector<std::uint8_t>{
      32, 111, 190, 43, 122, 201, 54, 133, 212, 65, 144, 223, 76, 155, 143 }));

  // Channels are resampled independently: RGB of three ramps equals each ramp alone.
  std::vector<std::uint8_t> rgb;
  for (std::size_t p = 0; p < wrapped.size(); ++p)
  {
    rgb.insert(rgb.end(),
      { wrapped[p], static_cast<std::uint8_t>(255 - wrapped[p]),
        static_cast<std::uint8_t>(wrapped[p] / 2) });
  }
  const Image colour = ResizeBilinear(MakeImage(5, 7, 3, rgb), { 3, 4 });
  const Image red = ResizeBilinear(source, { 3, 4 });
  for (std::size_t p = 0; p < red.Pixels.size(); ++p)
  {
    EXPECT_EQ(colour.Pixels[p * 3], red.Pixels[p]);
  }
}

TEST(ImageTransforms, CenterCropAsTorchvision)
{
  // round((extent - crop) / 2) with Python's round: halves go to the even neighbour.
  const std::map<int, int> offsetOfExcess = { { 0, 0 }, { 1, 0 }, { 2, 1 }, { 3, 2 }, { 4, 2 },
    { 5, 2 }, { 7, 4 } };
  for (const auto& [excess, offset] : offsetOfExcess)
  {
    EXPECT_EQ(CenterCropOffset(10 + excess, 10), offset) << "excess " << excess;
  }
  std::vector<std::uint8_t> indices(4 * 7);
  std::iota(indices.begin(), indices.end(), 0);
  const Image cropped = CenterCrop(MakeImage(4, 7, 1, indices), 3);
  // Rows 0..2 (excess 1 -> 0), columns 2..4 (excess 4 -> 2).
  EXPECT_EQ(cropped.Pixels, (std::vector<std::uint8_t>{ 2, 3, 4, 9, 10, 11, 16, 17, 18 }));
}

TEST(ImageTransforms, ChannelsFirstAndNormalized)
{
  const Image image = MakeImage(1, 2, 3, { 0, 51, 255, 102, 153, 204 });
  std::vector<std::uint8_t> bytes(6);
  ToChannelsFirst(image, bytes.data());
  EXPECT_EQ(bytes, (std::vector<std::uint8_t>{ 0, 102, 51, 153, 255, 204 }));
  const float mean[3] = { 0.5f, 0.0f, 1.0f };
  const float deviation[3] = { 0.5f, 1.0f, 0.25f };
  std::vector<float> values(6);
  ToNormalizedChannelsFirst(image, mean, deviation, values.data());
  EXPECT_FLOAT_EQ(values[0], -1.0f);                 // (0 - 0.5) / 0.5
  EXPECT_FLOAT_EQ(values[2], 0.2f);                  // 51 / 255
  EXPECT_FLOAT_EQ(values[4], 0.0f);                  // (1 - 1) / 0.25
  EXPECT_FLOAT_EQ(values[5], (0.8f - 1.0f) / 0.25f); // 204 / 255 = 0.8
}

TEST(ImageFolder, ListsAsTorchvisionImageFolder)
{
  const std::filesystem::path root = Output("images/folder");
  std::filesystem::remove_all(root);
  // Classes sort by bytes ("Zebra" before "a_dog"); hidden folders and files are skipped; a
  // class's sub-folders come after its own files (sorted os.walk); any extension case counts.
  for (const char* file :
    { "a_dog/b.png", "a_dog/a.JPG", "a_dog/notes.txt", "a_dog/.c.png", "a_dog/sub/c.jpeg",
      "a_dog/sub/d.gif", "b_cat/x.png", "Zebra/z.Jpeg", "Zebra/y.png", ".cache/e.png", "root.png" })
  {
    std::filesystem::create_directories((root / file).parent_path());
    std::ofstream(root / file) << "not decoded here";
  }
  const ImageFolder folder = ListImageFolder(root.string(), 0);
  EXPECT_EQ(folder.ClassNames, (std::vector<std::string>{ "Zebra", "a_dog", "b_cat" }));
  std::vector<std::string> relative;
  for (const std::string& file : folder.Files)
  {
    relative.push_back(std::filesystem::path(file).lexically_relative(root).string());
  }
  EXPECT_EQ(relative,
    (std::vector<std::string>{ "Zebra/y.png", "Zebra/z.Jpeg", "a_dog/a.JPG", "a_dog/b.png",
      "a_dog/sub/c.jpeg", "b_cat/x.png" }));
  EXPECT_EQ(folder.Labels, (std::vector<std::int32_t>{ 0, 0, 1, 1, 1, 2 }));
  // A cap per class keeps every class.
  const ImageFolder few = ListImageFolder(root.string(), 1);
  EXPECT_EQ(few.Labels, (std::vector<std::int32_t>{ 0, 1, 2 }));
  EXPECT_EQ(std::filesystem::path(few.Files[1]).filename().string(), "a.JPG");
}

TEST(ImageFolder, RejectsFoldersWithoutImages)
{
  const std::filesystem::path root = Output("images/broken");
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / "empty");
  ExpectFormatError([&] { ListImageFolder((root / "missing").string(), 0); },
    (root / "missing").string(), "no such directory");
  std::ofstream(root / "file.png") << "x";
  ExpectFormatError([&] { ListImageFolder((root / "file.png").string(), 0); },
    (root / "file.png").string(), "not a directory");
  ExpectFormatError([&] { ListImageFolder((root / "empty").string(), 0); },
    (root / "empty").string(), "has no class folder");
  std::filesystem::create_directories(root / "classes" / "cat");
  std::filesystem::create_directories(root / "classes" / "dog");
  std::ofstream(root / "classes" / "cat" / "1.png") << "x";
  std::ofstream(root / "classes" / "dog" / "readme.txt") << "x";
  ExpectFormatError([&] { ListImageFolder((root / "classes").string(), 0); },
    (root / "classes").string(), "no .png, .jpg or .jpeg image in the class folder dog");
}

TEST(ImageFolder, DecodesEveryPNGColorTypeAsPIL)
{
  std::filesystem::create_directories(Output("images"));
  const std::string path = Output("images/decoded.png");
  const auto decode = [&path](const std::vector<std::uint8_t>& png, ColorMode mode)
  {
    Spill(path, png);
    return DecodeImage(path, mode);
  };
  // Grey, 2 wide x 2 high: the top row comes first; RGB repeats the grey value.
  const std::vector<std::uint8_t> grey = { 0, 100, 200, 255 };
  Image image = decode(MakePng(2, 2, PngGrey, 8, grey), ColorMode::Grey);
  EXPECT_EQ(image.Channels, 1);
  EXPECT_EQ(image.Pixels, grey);
  image = decode(MakePng(2, 2, PngGrey, 8, grey), ColorMode::RGB);
  EXPECT_EQ(image.Pixels,
    (std::vector<std::uint8_t>{ 0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255 }));
  // 1 and 4 bits scale to 0..255 (x 255, x 17); 16 bits keep their high byte.
  EXPECT_EQ(decode(MakePng(4, 1, PngGrey, 1, { 0xA0 }), ColorMode::Grey).Pixels,
    (std::vector<std::uint8_t>{ 255, 0, 255, 0 }));
  EXPECT_EQ(decode(MakePng(2, 1, PngGrey, 4, { 0x5F }), ColorMode::Grey).Pixels,
    (std::vector<std::uint8_t>{ 0x55, 0xFF }));
  EXPECT_EQ(decode(MakePng(2, 1, PngGrey, 16, { 0x12, 0x34, 0xFF, 0x01 }), ColorMode::Grey).Pixels,
    (std::vector<std::uint8_t>{ 0x12, 0xFF }));
  // Alpha is dropped, as PIL's convert("RGB").
  EXPECT_EQ(decode(MakePng(2, 1, PngGreyAlpha, 8, { 10, 0, 20, 255 }), ColorMode::Grey).Pixels,
    (std::vector<std::uint8_t>{ 10, 20 }));
  EXPECT_EQ(decode(MakePng(4, 1, PngGrey, 2, { 0x1B }, {}, { 0, 1 }), ColorMode::Grey).Pixels,
    (std::vector<std::uint8_t>{ 0, 85, 170, 255 })); // 2 bits x 85; tRNS grey 1 dropped
  const std::vector<std::uint8_t> primaries = { 255, 0, 0, 0, 255, 0, 0, 0, 255 };
  EXPECT_EQ(decode(MakePng(3, 1, PngRGB, 8, primaries), ColorMode::RGB).Pixels, primaries);
  EXPECT_EQ(decode(MakePng(3, 1, PngRGBA, 8, { 255, 0, 0, 7, 0, 255, 0, 0, 0, 0, 255, 255 }),
              ColorMode::RGB)
              .Pixels,
    primaries);
  EXPECT_EQ(
    decode(MakePng(1, 1, PngRGB, 16, { 0xAB, 0xCD, 0x12, 0x34, 0x00, 0xFF }), ColorMode::RGB)
      .Pixels,
    (std::vector<std::uint8_t>{ 0xAB, 0x12, 0x00 }));
  // Grey from RGB: PIL's convert("L") of pure red, green, blue is 76, 150, 29.
  EXPECT_EQ(decode(MakePng(3, 1, PngRGB, 8, primaries), ColorMode::Grey).Pixels,
    (std::vector<std::uint8_t>{ 76, 150, 29 }));
  // A palette, with transparency (dropped).
  EXPECT_EQ(
    decode(MakePng(3, 1, PngPalette, 8, { 2, 0, 1 }, primaries, { 0, 128 }), ColorMode::RGB).Pixels,
    (std::vector<std::uint8_t>{ 0, 0, 255, 255, 0, 0, 0, 255, 0 }));
}

TEST(ImageFolder, DecodesJPEGAsPIL)
{
  std::filesystem::create_directories(Output("images"));
  const std::string path = Output("images/decoded.jpg");
  // Flat colours survive JPEG within a step or two.
  const auto near = [](const Image& image, std::vector<int> colour)
  {
    for (std::size_t i = 0; i < image.Pixels.size(); ++i)
    {
      if (std::abs(image.Pixels[i] - colour[i % colour.size()]) > 2)
      {
        return false;
      }
    }
    return true;
  };
  Spill(path, MakeJpeg(16, 8, JCS_GRAYSCALE, std::vector<std::uint8_t>(16 * 8, 90)));
  Image image = DecodeImage(path, ColorMode::RGB);
  EXPECT_EQ(image.Height, 8);
  EXPECT_EQ(image.Width, 16);
  EXPECT_EQ(image.Channels, 3);
  EXPECT_TRUE(near(image, { 90 }));
  std::vector<std::uint8_t> orange;
  for (int p = 0; p < 16 * 8; ++p)
  {
    orange.insert(orange.end(), { 250, 140, 20 });
  }
  Spill(path, MakeJpeg(16, 8, JCS_RGB, orange));
  EXPECT_TRUE(near(DecodeImage(path, ColorMode::RGB), { 250, 140, 20 }));
  // CMYK as PIL reads it (Adobe's inverted samples): stored 255 0 255 200 is C M Y K = 0 255 0
  // 55, which convert("RGB") makes 200 0 200.
  std::vector<std::uint8_t> cmyk;
  for (int p = 0; p < 16 * 8; ++p)
  {
    cmyk.insert(cmyk.end(), { 255, 0, 255, 200 });
  }
  Spill(path, MakeJpeg(16, 8, JCS_CMYK, cmyk));
  image = DecodeImage(path, ColorMode::RGB);
  EXPECT_EQ(image.Channels, 3);
  EXPECT_TRUE(near(image, { 200, 0, 200 }));
}

TEST(ImageFolder, BrokenFilesAreErrorsNamingThem)
{
  std::filesystem::create_directories(Output("images"));
  std::vector<std::uint8_t> pixels(8 * 8 * 3);
  for (std::size_t i = 0; i < pixels.size(); ++i)
  {
    pixels[i] = static_cast<std::uint8_t>(i * 37);
  }
  const Image whole = MakeImage(8, 8, 3, pixels);
  ExpectEveryPrefixReadsOrFails(MakePng(8, 8, PngRGB, 8, pixels), whole);
  ExpectEveryPrefixReadsOrFails(MakeJpeg(8, 8, JCS_RGB, pixels), whole);
  const std::string junk = Output("images/junk.png");
  Spill(junk, { 'h', 'e', 'l', 'l', 'o' });
  ExpectFormatError([&] { DecodeImage(junk, ColorMode::RGB); }, junk, "not a PNG or JPEG");
  ExpectFormatError([&] { DecodeImage(Output("images/none.png"), ColorMode::RGB); },
    Output("images/none.png"), "cannot be opened");
  // A PNG that claims more pixels than PIL accepts is refused before its data is read.
  const std::string huge = Output("images/huge.png");
  Spill(huge, MakePng(20000, 10000, PngGrey, 8, std::vector<std::uint8_t>(20000)));
  ExpectFormatError([&] { DecodeImage(huge, ColorMode::RGB); }, huge, "decompression-bomb");
  // An image smaller than the crop names the file and the way out.
  const std::string small = Output("images/small.png");
  Spill(small, MakePng(2, 2, PngGrey, 8, { 1, 2, 3, 4 }));
  ImagePreprocessing crop;
  crop.CropSize = 3;
  ExpectFormatError([&] { LoadImage(small, crop); }, small, "smaller than Crop Size 3");
  // So is a resize past PIL's pixel limit (a mistyped Resize Size).
  ImagePreprocessing resize;
  resize.ResizeSize = 100000;
  ExpectFormatError([&] { LoadImage(small, resize); }, small, "Resize Size 100000");
}

// Every input the fuzzers ever found (Testing/Fuzz/regressions, one folder per parser) must
// now give its result or a FormatError: no crash, no other exception.
TEST(Fuzzing, ReplaysEveryPastFinding)
{
  const std::filesystem::path root =
    std::filesystem::path(NEUROTOUR_TEST_DATA_DIR).parent_path() / "Fuzz" / "regressions";
  const std::vector<std::pair<std::string, std::function<void(const std::string&)>>> parsers = {
    { "idx", [](const std::string& path) { ReadIDX(path); } },
    { "npy", [](const std::string& path) { ReadNpy(path).Strings(); } },
    { "npz",
      [](const std::string& path)
      {
        for (const auto& member : ReadNpz(path))
        {
          member.second.Strings();
        }
      } },
    { "image", [](const std::string& path) { DecodeImage(path, ColorMode::RGB); } },
  };
  int replayed = 0;
  for (const auto& [folder, parse] : parsers)
  {
    for (const auto& entry : std::filesystem::directory_iterator(root / folder))
    {
      const std::string path = entry.path().string();
      try
      {
        parse(path);
      }
      catch (const FormatError& error)
      {
        EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
      }
      ++replayed;
    }
  }
  EXPECT_GE(replayed, 6);
}
