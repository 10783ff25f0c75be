// The exception every format parser throws: the message names the file and the problem.
#pragma once

#include <stdexcept>
#include <string>

namespace neurotour
{
namespace formats
{

class FormatError : public std::runtime_error
{
public:
  FormatError(const std::string& path, const std::string& problem)
    : std::runtime_error(path + ": " + problem)
  {
  }
};

} // namespace formats
} // namespace neurotour
