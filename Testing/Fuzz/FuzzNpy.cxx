// libFuzzer harness: a .npy file's bytes through the parser, and as a file read in place (as
// the reader reads it). Any input must give an array or a FormatError; a crash, a sanitizer
// report or another exception is a finding.
#include "FormatError.h"
#include "FuzzFile.h"
#include "NumPyFormat.h"

#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  try
  {
    const neurotour::formats::NumPyArray array =
      neurotour::formats::ParseNpy(std::vector<std::uint8_t>(data, data + size), "fuzz.npy");
    (void)array.Strings();
  }
  catch (const neurotour::formats::FormatError&)
  {
  }
  try
  {
    std::vector<std::uint8_t> memory;
    (void)neurotour::formats::ReadNpy(FuzzInputFile(data, size, ".npy"), FuzzDestination(memory));
  }
  catch (const neurotour::formats::FormatError&)
  {
  }
  return 0;
}
