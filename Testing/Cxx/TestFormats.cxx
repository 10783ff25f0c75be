// The file-format parsers against files written by NumPy and by hand (Testing/Data, made by
// make_fixtures.py), and against every kind of broken file a user may hand them.
#include "CIFARFormat.h"
#include "FormatError.h"
#include "IDXFormat.h"
#include "NumPyFormat.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
#include <map>
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

// Every input the fuzzers ever found (Testing/Fuzz/regressions, one folder per parser) must
// now give an array or a FormatError: no crash, no other exception.
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
