// libFuzzer harness: PNG and JPEG files through the image-folder reader's decoder (both colour
// modes) and its resize and centre crop, as the reader loads them.
#include "FormatError.h"
#include "FuzzFile.h"
#include "ImageFolderFormat.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string path = FuzzInputFile(data, size, ".png");
  using namespace neurotour::formats;
  try
  {
    (void)DecodeImage(path, ColorMode::Grey);
    ImagePreprocessing preprocessing;
    preprocessing.ResizeSize = 7;
    preprocessing.CropSize = 5;
    (void)LoadImage(path, preprocessing);
  }
  catch (const FormatError&)
  {
  }
  return 0;
}
