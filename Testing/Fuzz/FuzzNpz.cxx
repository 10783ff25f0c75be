// libFuzzer harness: a .npz (zip) archive through ReadNpz, into Bytes and in place (as the
// reader reads it): the zip reader, inflate, CRC checks and every member's .npy parser.
#include "FormatError.h"
#include "FuzzFile.h"
#include "NumPyFormat.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string path = FuzzInputFile(data, size, ".npz");
  try
  {
    for (const auto& member : neurotour::formats::ReadNpz(path))
    {
      (void)member.second.Strings();
    }
  }
  catch (const neurotour::formats::FormatError&)
  {
  }
  try
  {
    std::vector<std::uint8_t> memory;
    (void)neurotour::formats::ReadNpz(path, FuzzDestination(memory));
  }
  catch (const neurotour::formats::FormatError&)
  {
  }
  return 0;
}
