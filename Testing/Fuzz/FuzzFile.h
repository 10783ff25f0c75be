// The file parsers take paths: each input is written to one file in memory-backed /dev/shm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>

inline std::string FuzzInputFile(const std::uint8_t* data, std::size_t size, const char* suffix)
{
  const std::string path =
    "/dev/shm/neurotour-fuzz-" + std::to_string(getpid()) + suffix;
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

#include "NumPyFormat.h"

#include <vector>

// A destination as the NumPy reader gives one: memory of the size the header asks for.
inline neurotour::formats::Destination FuzzDestination(std::vector<std::uint8_t>& memory)
{
  return [&memory](const std::string&, const neurotour::formats::NumPyArray& array) -> void*
  {
    memory.assign(static_cast<std::size_t>(array.Count() * array.ItemSize), 0);
    return memory.data();
  };
}
