// The last TorchScript model a filter loaded, kept between pipeline updates and loaded again
// when the path or the file's time changes (a training run rewrites its checkpoints).
#pragma once

#include "TorchModel.h"

#include <filesystem>
#include <memory>
#include <string>

namespace neurotour
{

class TorchModelCache
{
public:
  TorchModel& Get(const std::string& path)
  {
    std::error_code error;
    auto time = std::filesystem::last_write_time(path, error);
    if (!this->Model || this->Model->Path() != path || time != this->Time)
    {
      this->Model.reset();
      this->Model = std::make_unique<TorchModel>(path);
      this->Time = time;
    }
    return *this->Model;
  }

private:
  std::unique_ptr<TorchModel> Model;
  std::filesystem::file_time_type Time;
};

} // namespace neurotour
