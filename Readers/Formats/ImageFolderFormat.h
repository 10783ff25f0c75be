// torchvision's ImageFolder layout, root/class_name/image.png: the listing (classes, files,
// labels in ImageFolder's order) and the decoding of PNG and JPEG files into 8-bit images as
// PIL gives them. Decoding uses libpng and libjpeg directly: VTK 9.2's vtkPNGReader crashes on
// a truncated PNG (libpng longjumps into a frame that has returned), and one broken file in a
// folder of thousands must be an error naming it, not a crash.
#pragma once

#include "ImageTransforms.h"

#include <cstdint>
#include <string>
#include <vector>

namespace neurotour
{
namespace formats
{

struct ImageFolder
{
  std::vector<std::string> ClassNames; // the class folders' names, sorted; label = index
  std::vector<std::string> Files;      // class by class, each in ImageFolder's order
  std::vector<std::int32_t> Labels;    // one per file
};

/// True for the names ImageFolder would read here: .png, .jpg, .jpeg in any case.
bool IsImageFileName(const std::string& name);

/// The images of `root` as torchvision.datasets.ImageFolder lists them: the sub-folders are
/// the classes (sorted by name), each class's images are found in it and its sub-folders (the
/// folders in path order, the files of each sorted by name). Hidden entries (names starting
/// with '.') are skipped. Keeps the first `maximumPerClass` images of each class (all when 0
/// or less). Throws FormatError when `root` is not a directory, has no class folder, or a
/// class folder holds no image.
ImageFolder ListImageFolder(const std::string& root, std::int64_t maximumPerClass);

enum class ColorMode
{
  RGB, // torchvision's default loader: PIL's convert("RGB")
  Grey // then transforms.Grayscale(): PIL's convert("L")
};

/// PIL's decompression-bomb limit (Image.MAX_IMAGE_PIXELS x 2): PIL refuses larger images.
constexpr std::int64_t MaximumImagePixels = 178956970;

/// A PNG or JPEG file (told apart by content, as PIL does) as 8-bit RGB or grey, with PIL's
/// conversions: palettes expanded, 16-bit samples cut to their high byte (PIL's reading of
/// 16-bit colour PNGs), alpha dropped, CMYK JPEGs converted as PIL converts them. Throws
/// FormatError naming the file when it is not a PNG or JPEG, broken or truncated, or larger
/// than MaximumImagePixels.
Image DecodeImage(const std::string& path, ColorMode mode);

struct ImagePreprocessing
{
  ColorMode Mode = ColorMode::RGB;
  int ResizeSize = 0; // torchvision Resize(ResizeSize): the shorter side; 0 keeps the size
  int CropSize = 0;   // torchvision CenterCrop(CropSize); 0 keeps the whole image
};

/// DecodeImage, then the resize and the centre crop. Throws FormatError naming the file when
/// the image is smaller than the crop (torchvision would pad it with black).
Image LoadImage(const std::string& path, const ImagePreprocessing& preprocessing);

} // namespace formats
} // namespace neurotour
