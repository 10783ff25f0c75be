// libFuzzer harness: IDX images, raw or gzip (zlib's gzread reads both), through ReadIDX.
#include "FormatError.h"
#include "FuzzFile.h"
#include "IDXFormat.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string path = FuzzInputFile(data, size, "-images-idx3-ubyte");
  try
  {
    (void)neurotour::formats::ReadIDX(path);
    (void)neurotour::formats::ReadIDX(path, 3);
  }
  catch (const neurotour::formats::FormatError&)
  {
  }
  return 0;
}
