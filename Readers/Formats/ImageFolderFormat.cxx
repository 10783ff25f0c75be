#include "ImageFolderFormat.h"

#include "FormatError.h"

#include <algorithm>
#include <cctype>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include <jerror.h>  // libjpeg's message codes (JWRN_JPEG_EOF)
#include <jpeglib.h> // after <cstdio>: it uses FILE without including it
#include <png.h>

namespace neurotour
{
namespace formats
{

namespace
{
namespace fs = std::filesystem;

bool IsHidden(const fs::path& path)
{
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

/// The entries of `folder` (hidden ones skipped) split into sub-folders and other entries, as
/// os.walk splits them (symbolic links followed).
void ListFolder(
  const fs::path& folder, std::vector<fs::path>& subfolders, std::vector<fs::path>& others)
{
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
  {
    if (IsHidden(it->path()))
    {
      continue;
    }
    std::error_code typeError;
    (it->is_directory(typeError) ? subfolders : others).push_back(it->path());
  }
  if (error)
  {
    throw FormatError(folder.string(), "cannot be listed: " + error.message());
  }
}

struct FolderFiles
{
  std::string Folder;
  std::vector<std::string> Names; // the image files' names, sorted
};

/// `folder` and the folders below it, each with its image files. A link back to an ancestor
/// is not followed again (os.walk would loop on it).
void CollectFolders(
  const fs::path& folder, std::vector<fs::path>& ancestors, std::vector<FolderFiles>& folders)
{
  std::error_code error;
  const fs::path real = fs::canonical(folder, error);
  if (error || std::find(ancestors.begin(), ancestors.end(), real) != ancestors.end())
  {
    return;
  }
  std::vector<fs::path> subfolders, files;
  ListFolder(folder, subfolders, files);
  FolderFiles entry{ folder.string(), {} };
  for (const fs::path& file : files)
  {
    if (IsImageFileName(file.filename().string()))
    {
      entry.Names.push_back(file.filename().string());
    }
  }
  std::sort(entry.Names.begin(), entry.Names.end());
  folders.push_back(std::move(entry));
  ancestors.push_back(real);
  for (const fs::path& subfolder : subfolders)
  {
    CollectFolders(subfolder, ancestors, folders);
  }
  ancestors.pop_back();
}

/// The images of one class folder in ImageFolder's order, that of sorted(os.walk(...)): the
/// folders in path order, the files of each by name.
std::vector<std::string> ListClassImages(const fs::path& classFolder)
{
  std::vector<fs::path> ancestors;
  std::vector<FolderFiles> folders;
  CollectFolders(classFolder, ancestors, folders);
  std::sort(folders.begin(), folders.end(),
    [](const FolderFiles& a, const FolderFiles& b) { return a.Folder < b.Folder; });
  std::vector<std::string> images;
  for (const FolderFiles& folder : folders)
  {
    for (const std::string& name : folder.Names)
    {
      images.push_back((fs::path(folder.Folder) / name).string());
    }
  }
  return images;
}

std::vector<std::uint8_t> ReadBytes(const std::string& path)
{
  std::ifstream stream(path, std::ios::binary);
  if (!stream)
  {
    throw FormatError(path, "cannot be opened");
  }
  std::vector<std::uint8_t> bytes(
    (std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  if (stream.bad())
  {
    throw FormatError(path, "cannot be read");
  }
  return bytes;
}

std::string PixelLimitProblem(std::uint64_t width, std::uint64_t height)
{
  return std::to_string(width) + " x " + std::to_string(height) + " pixels is more than " +
    std::to_string(MaximumImagePixels) + ", PIL's decompression-bomb limit";
}

//------------------------------------------------------------------------------
// PNG. libpng reports an error by longjmp to the setjmp of ReadPng: that frame holds no object
// with a destructor, and the objects it fills belong to the caller.
struct PngInput
{
  const std::uint8_t* Data;
  std::size_t Size;
  std::size_t Position;
  char Message[256];
};

void ReadPngBytes(png_structp png, png_bytep out, png_size_t length)
{
  auto* input = static_cast<PngInput*>(png_get_io_ptr(png));
  if (length > input->Size - input->Position)
  {
    png_error(png, "the file ends early (truncated)");
  }
  std::memcpy(out, input->Data + input->Position, length);
  input->Position += length;
}

void StorePngError(png_structp png, png_const_charp message)
{
  auto* input = static_cast<PngInput*>(png_get_error_ptr(png));
  std::snprintf(input->Message, sizeof(input->Message), "%s", message);
  png_longjmp(png, 1);
}

void IgnorePngWarning(png_structp, png_const_charp)
{
  // PIL reads past what libpng only warns about (e.g. a bad colour profile), and so do we.
}

bool ReadPng(png_structp png, png_infop info, Image& image, std::vector<png_bytep>& rows)
{
  if (setjmp(png_jmpbuf(png)))
  {
    return false;
  }
  png_read_info(png, info);
  const png_byte colorType = png_get_color_type(png, info);
  const png_byte bitDepth = png_get_bit_depth(png, info);
  // What PIL's convert("RGB") keeps: palettes looked up, grey below 8 bits scaled to 0..255,
  // 16-bit samples cut to their high byte, alpha (and tRNS transparency) dropped.
  if (colorType == PNG_COLOR_TYPE_PALETTE)
  {
    png_set_palette_to_rgb(png);
  }
  if (colorType == PNG_COLOR_TYPE_GRAY && bitDepth < 8)
  {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  if (bitDepth == 16)
  {
    png_set_strip_16(png);
  }
  // libpng's palette expansion turns tRNS into an alpha channel too: strip that as well.
  if ((colorType & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS))
  {
    png_set_strip_alpha(png);
  }
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  if (static_cast<std::uint64_t>(width) * height > MaximumImagePixels)
  {
    char problem[sizeof(PngInput::Message)];
    std::snprintf(problem, sizeof(problem), "%s", PixelLimitProblem(width, height).c_str());
    png_error(png, problem);
  }
  image.Height = static_cast<int>(height);
  image.Width = static_cast<int>(width);
  image.Channels = png_get_channels(png, info);
  const std::size_t rowBytes = png_get_rowbytes(png, info);
  image.Pixels.resize(rowBytes * height);
  rows.resize(height);
  for (png_uint_32 y = 0; y < height; ++y)
  {
    rows[y] = image.Pixels.data() + y * rowBytes;
  }
  png_read_image(png, rows.data());
  return true;
}

Image DecodePng(const std::vector<std::uint8_t>& bytes, const std::string& path)
{
  PngInput input{ bytes.data(), bytes.size(), 0, {} };
  struct ReadStruct
  {
    png_structp Png = nullptr;
    png_infop Info = nullptr;
    ~ReadStruct() { png_destroy_read_struct(&this->Png, &this->Info, nullptr); }
  } read;
  read.Png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &input, StorePngError, IgnorePngWarning);
  read.Info = read.Png ? png_create_info_struct(read.Png) : nullptr;
  if (!read.Info)
  {
    throw FormatError(path, "out of memory for the PNG decoder");
  }
  png_set_read_fn(read.Png, &input, ReadPngBytes);
  Image image;
  std::vector<png_bytep> rows;
  if (!ReadPng(read.Png, read.Info, image, rows))
  {
    throw FormatError(path, std::string("is not a readable PNG: ") + input.Message);
  }
  return image;
}

//------------------------------------------------------------------------------
// JPEG. libjpeg reports an error through error_exit, which longjumps to the setjmp of ReadJpeg
// (the same rule as ReadPng's).
struct JpegErrors
{
  jpeg_error_mgr Manager; // first: libjpeg hands back a pointer to it
  std::jmp_buf Jump;
  char Message[JMSG_LENGTH_MAX];
  bool Truncated;
};

void StoreJpegError(j_common_ptr jpeg)
{
  auto* errors = reinterpret_cast<JpegErrors*>(jpeg->err);
  (*jpeg->err->format_message)(jpeg, errors->Message);
  std::longjmp(errors->Jump, 1);
}

void NoteJpegWarning(j_common_ptr jpeg, int level)
{
  // libjpeg pads a truncated file with grey and only warns; PIL refuses it ("image file is
  // truncated") and so do we. Other warnings (e.g. extraneous bytes) PIL reads past.
  if (level < 0)
  {
    auto* errors = reinterpret_cast<JpegErrors*>(jpeg->err);
    errors->Truncated = errors->Truncated || jpeg->err->msg_code == JWRN_JPEG_EOF;
    ++jpeg->err->num_warnings;
  }
}

/// PIL's reading of a 4-channel JPEG then convert("RGB"): PIL takes the samples as Adobe's
/// inverted CMYK ("CMYK;I", C = 255 - stored C and so on), then R = (255 - K) - C (255 - K) /
/// 255 in its integer arithmetic (MULDIV255). In place: each RGB trails its CMYK.
void CMYKToRGB(Image& image)
{
  const std::size_t pixels = static_cast<std::size_t>(image.Height) * image.Width;
  const auto mulDiv255 = [](int a, int b)
  {
    const int product = a * b + 128;
    return ((product >> 8) + product) >> 8;
  };
  for (std::size_t p = 0; p < pixels; ++p)
  {
    const std::uint8_t* cmyk = image.Pixels.data() + p * 4;
    const int notBlack = cmyk[3]; // 255 - K = the stored K
    for (int c = 0; c < 3; ++c)
    {
      const int value = notBlack - mulDiv255(255 - cmyk[c], notBlack);
      image.Pixels[p * 3 + c] = static_cast<std::uint8_t>(std::clamp(value, 0, 255));
    }
  }
  image.Channels = 3;
  image.Pixels.resize(pixels * 3);
}

bool ReadJpeg(jpeg_decompress_struct& jpeg, JpegErrors& errors,
  const std::vector<std::uint8_t>& bytes, Image& image)
{
  if (setjmp(errors.Jump))
  {
    return false;
  }
  jpeg_create_decompress(&jpeg);
  jpeg_mem_src(&jpeg, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&jpeg, TRUE);
  // PIL's modes by component count: L, RGB, CMYK (converted below).
  switch (jpeg.num_components)
  {
    case 1:
      jpeg.out_color_space = JCS_GRAYSCALE;
      break;
    case 3:
      jpeg.out_color_space = JCS_RGB;
      break;
    case 4:
      jpeg.out_color_space = JCS_CMYK;
      break;
    default:
      std::snprintf(errors.Message, sizeof(errors.Message),
        "%d colour components (PIL reads 1, 3 or 4)", jpeg.num_components);
      return false;
  }
  jpeg_start_decompress(&jpeg);
  if (static_cast<std::uint64_t>(jpeg.output_width) * jpeg.output_height > MaximumImagePixels)
  {
    std::snprintf(errors.Message, sizeof(errors.Message), "%s",
      PixelLimitProblem(jpeg.output_width, jpeg.output_height).c_str());
    return false;
  }
  image.Height = static_cast<int>(jpeg.output_height);
  image.Width = static_cast<int>(jpeg.output_width);
  image.Channels = jpeg.output_components;
  const std::size_t rowBytes = static_cast<std::size_t>(image.Width) * image.Channels;
  image.Pixels.resize(rowBytes * image.Height);
  while (jpeg.output_scanline < jpeg.output_height)
  {
    JSAMPROW row = image.Pixels.data() + jpeg.output_scanline * rowBytes;
    jpeg_read_scanlines(&jpeg, &row, 1);
  }
  if (errors.Truncated)
  {
    std::snprintf(errors.Message, sizeof(errors.Message), "the file ends early (truncated)");
    return false;
  }
  return true;
}

Image DecodeJpeg(const std::vector<std::uint8_t>& bytes, const std::string& path)
{
  JpegErrors errors{};
  struct Decompress
  {
    jpeg_decompress_struct Jpeg{};
    ~Decompress() { jpeg_destroy_decompress(&this->Jpeg); } // safe before create: mem is null
  } decompress;
  decompress.Jpeg.err = jpeg_std_error(&errors.Manager);
  errors.Manager.error_exit = StoreJpegError;
  errors.Manager.emit_message = NoteJpegWarning;
  Image image;
  if (!ReadJpeg(decompress.Jpeg, errors, bytes, image))
  {
    throw FormatError(path, std::string("is not a readable JPEG: ") + errors.Message);
  }
  if (image.Channels == 4)
  {
    CMYKToRGB(image);
  }
  return image;
}

/// Grey or RGB as the caller asked: grey replicated (PIL's L to RGB), or RGB weighted with
/// PIL's fixed-point ITU-R 601-2 luma, L = (19595 R + 38470 G + 7471 B + 2^15) >> 16.
Image ConvertColor(Image image, ColorMode mode)
{
  const std::size_t pixels = static_cast<std::size_t>(image.Height) * image.Width;
  if (mode == ColorMode::RGB && image.Channels == 1)
  {
    std::vector<std::uint8_t> rgb(pixels * 3);
    for (std::size_t p = 0; p < pixels; ++p)
    {
      std::fill_n(rgb.data() + p * 3, 3, image.Pixels[p]);
    }
    image.Pixels.swap(rgb);
    image.Channels = 3;
  }
  else if (mode == ColorMode::Grey && image.Channels == 3)
  {
    for (std::size_t p = 0; p < pixels; ++p)
    {
      const std::uint8_t* rgb = image.Pixels.data() + p * 3;
      image.Pixels[p] =
        static_cast<std::uint8_t>((rgb[0] * 19595 + rgb[1] * 38470 + rgb[2] * 7471 + 0x8000) >> 16);
    }
    image.Pixels.resize(pixels);
    image.Channels = 1;
  }
  return image;
}

} // namespace

//------------------------------------------------------------------------------
bool IsImageFileName(const std::string& name)
{
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
    [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto endsWith = [&lower](const std::string& suffix)
  {
    return lower.size() > suffix.size() &&
      lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return endsWith(".png") || endsWith(".jpg") || endsWith(".jpeg");
}

//------------------------------------------------------------------------------
ImageFolder ListImageFolder(const std::string& root, std::int64_t maximumPerClass)
{
  std::error_code error;
  if (!fs::is_directory(root, error))
  {
    throw FormatError(root, fs::exists(root, error) ? "is not a directory" : "no such directory");
  }
  std::vector<fs::path> classFolders, others;
  ListFolder(root, classFolders, others);
  if (classFolders.empty())
  {
    throw FormatError(root,
      "has no class folder: an image folder holds one sub-folder of images per class "
      "(root/class_name/image.png)");
  }
  ImageFolder folder;
  for (const fs::path& classFolder : classFolders)
  {
    folder.ClassNames.push_back(classFolder.filename().string());
  }
  std::sort(folder.ClassNames.begin(), folder.ClassNames.end());
  std::vector<std::string> emptyClasses;
  for (std::size_t label = 0; label < folder.ClassNames.size(); ++label)
  {
    std::vector<std::string> images = ListClassImages(fs::path(root) / folder.ClassNames[label]);
    if (images.empty())
    {
      emptyClasses.push_back(folder.ClassNames[label]);
    }
    if (maximumPerClass > 0 && static_cast<std::int64_t>(images.size()) > maximumPerClass)
    {
      images.resize(static_cast<std::size_t>(maximumPerClass));
    }
    folder.Files.insert(folder.Files.end(), images.begin(), images.end());
    folder.Labels.insert(folder.Labels.end(), images.size(), static_cast<std::int32_t>(label));
  }
  if (!emptyClasses.empty())
  {
    std::string names;
    for (const std::string& name : emptyClasses)
    {
      names += (names.empty() ? "" : ", ") + name;
    }
    // As ImageFolder: a class without samples is an error, not a silently missing label.
    throw FormatError(root,
      "no .png, .jpg or .jpeg image in the class folder" +
        std::string(emptyClasses.size() > 1 ? "s " : " ") + names);
  }
  return folder;
}

//------------------------------------------------------------------------------
Image DecodeImage(const std::string& path, ColorMode mode)
{
  const std::vector<std::uint8_t> bytes = ReadBytes(path);
  if (bytes.size() >= 8 && png_sig_cmp(bytes.data(), 0, 8) == 0)
  {
    return ConvertColor(DecodePng(bytes, path), mode);
  }
  if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
  {
    return ConvertColor(DecodeJpeg(bytes, path), mode);
  }
  throw FormatError(path, "is not a PNG or JPEG image");
}

//------------------------------------------------------------------------------
Image LoadImage(const std::string& path, const ImagePreprocessing& preprocessing)
{
  Image image = DecodeImage(path, preprocessing.Mode);
  if (preprocessing.ResizeSize > 0)
  {
    // Bounded as decoded images are, before the long side is computed in an int.
    const double size = preprocessing.ResizeSize;
    const double aspect = static_cast<double>(std::max(image.Height, image.Width)) /
      std::min(image.Height, image.Width);
    if (size * size * aspect > MaximumImagePixels)
    {
      throw FormatError(path,
        "Resize Size " + std::to_string(preprocessing.ResizeSize) + " would make this " +
          std::to_string(image.Height) + " x " + std::to_string(image.Width) + " image more than " +
          std::to_string(MaximumImagePixels) + " pixels");
    }
    image = ResizeBilinear(image, ResizedSize(image.Height, image.Width, preprocessing.ResizeSize));
  }
  if (preprocessing.CropSize > 0)
  {
    if (preprocessing.CropSize > image.Height || preprocessing.CropSize > image.Width)
    {
      throw FormatError(path,
        "is " + std::to_string(image.Height) + " x " + std::to_string(image.Width) +
          " (height x width)" + (preprocessing.ResizeSize > 0 ? " after resizing" : "") +
          ", smaller than Crop Size " + std::to_string(preprocessing.CropSize) +
          ": set Resize Size to at least the Crop Size, or a smaller Crop Size");
    }
    image = CenterCrop(image, preprocessing.CropSize);
  }
  return image;
}

} // namespace formats
} // namespace neurotour
