#include "vtkImageFolderReader.h"

#include "FormatError.h"
#include "ImageFolderFormat.h"
#include "vtkSampleTable.h"

#include "vtkFloatArray.h"
#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkIntArray.h"
#include "vtkNew.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"
#include "vtkUnsignedCharArray.h"

#include <algorithm>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <new>
#include <sstream>
#include <unistd.h>

vtkStandardNewMacro(vtkImageFolderReader);

namespace
{
using neurotour::formats::FormatError;
using neurotour::formats::Image;

std::string ShapeText(const Image& image)
{
  return std::to_string(image.Channels) + " x " + std::to_string(image.Height) + " x " +
    std::to_string(image.Width);
}

/// Sizes come from the files, so the output is checked before it is allocated: a folder of
/// large images without Resize Size must be an error, not an exhausted machine.
void CheckOutputFits(
  const std::string& root, std::uint64_t count, const Image& image, std::uint64_t bytesPerValue)
{
  const std::uint64_t values =
    static_cast<std::uint64_t>(image.Channels) * image.Height * image.Width;
  const std::string advice =
    ": set Resize Size and Crop Size, or Maximum Number Of Samples Per Class";
  if (values > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
  {
    throw FormatError(root,
      "images of " + ShapeText(image) + " values are more than one table column can hold" + advice);
  }
  const std::uint64_t limit =
    std::min<std::uint64_t>(VTK_ID_MAX, std::numeric_limits<std::size_t>::max() / bytesPerValue);
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long pageSize = sysconf(_SC_PAGE_SIZE);
  const double memory = pages > 0 && pageSize > 0 ? static_cast<double>(pages) * pageSize : 0.0;
  const double bytes = static_cast<double>(count) * values * bytesPerValue;
  if ((count > 0 && values > limit / count) || (memory > 0.0 && bytes > memory))
  {
    std::ostringstream problem;
    problem << std::fixed << std::setprecision(1) << count << " images of " << ShapeText(image)
            << " would take " << bytes / 1e9 << " GB, more than this machine's " << memory / 1e9
            << " GB of memory" << advice;
    throw FormatError(root, problem.str());
  }
}
} // namespace

//------------------------------------------------------------------------------
vtkImageFolderReader::vtkImageFolderReader()
{
  this->SetNumberOfInputPorts(0);
}

vtkImageFolderReader::~vtkImageFolderReader() = default;

//------------------------------------------------------------------------------
int vtkImageFolderReader::RequestInformation(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkSampleTable::DeclarePieces(outputVector->GetInformationObject(0));
  return 1;
}

//------------------------------------------------------------------------------
int vtkImageFolderReader::RequestData(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  vtkTable* output = vtkTable::GetData(outputVector);
  output->Initialize();
  if (this->GetAbortExecute())
  {
    // Still aborted (vtkSampleTableAlgorithm's rule): VTK asks again on every update until the
    // flag is cleared. Answer at once and quietly; the abort was reported when it happened.
    this->CheckAbort();
    return 1;
  }
  if (this->DirectoryName.empty())
  {
    vtkErrorMacro(<< "No DirectoryName: give the folder whose sub-folders hold the images of "
                     "each class (root/class_name/image.png).");
    return 0;
  }
  neurotour::formats::ImagePreprocessing preprocessing;
  preprocessing.Mode = this->ColorMode == GREY ? neurotour::formats::ColorMode::Grey
                                               : neurotour::formats::ColorMode::RGB;
  preprocessing.ResizeSize = this->ResizeSize;
  preprocessing.CropSize = this->CropSize;
  const int channels = this->ColorMode == GREY ? 1 : 3;
  float mean[3], deviation[3]; // float32, as torch normalises
  for (int c = 0; c < channels; ++c)
  {
    mean[c] = static_cast<float>(this->Mean[c]);
    deviation[c] = static_cast<float>(this->Std[c]);
    if (this->Normalize && deviation[c] == 0.0f)
    {
      vtkErrorMacro(<< "Std is 0 for channel " << c << ": normalising would divide by zero.");
      return 0;
    }
  }

  vtkNew<vtkTable> table;
  try
  {
    const neurotour::formats::ImageFolder folder = neurotour::formats::ListImageFolder(
      this->DirectoryName, this->MaximumNumberOfSamplesPerClass);
    // Under MPI this rank decodes its own images only; every rank decodes the first one, for
    // the columns' shape.
    const auto piece =
      vtkSampleTable::PieceRows(outInfo, static_cast<vtkIdType>(folder.Files.size()));
    const vtkIdType count = piece.second - piece.first;
    const Image first = neurotour::formats::LoadImage(folder.Files[0], preprocessing);
    CheckOutputFits(this->DirectoryName, count, first, this->Normalize ? sizeof(float) : 1);
    const vtkIdType values = static_cast<vtkIdType>(first.Channels) * first.Height * first.Width;

    vtkSmartPointer<vtkDataArray> pixels;
    if (this->Normalize)
    {
      pixels = vtkSmartPointer<vtkFloatArray>::New();
    }
    else
    {
      pixels = vtkSmartPointer<vtkUnsignedCharArray>::New();
    }
    pixels->SetName("Pixels");
    pixels->SetNumberOfComponents(static_cast<int>(values));
    pixels->SetNumberOfTuples(count);
    if (pixels->GetNumberOfTuples() != count)
    {
      throw std::bad_alloc(); // VTK reports a failed allocation and leaves the array empty
    }
    const auto store = [&](vtkIdType row, const Image& image)
    {
      if (this->Normalize)
      {
        neurotour::formats::ToNormalizedChannelsFirst(
          image, mean, deviation, static_cast<float*>(pixels->GetVoidPointer(row * values)));
      }
      else
      {
        neurotour::formats::ToChannelsFirst(
          image, static_cast<unsigned char*>(pixels->GetVoidPointer(row * values)));
      }
    };
    if (count > 0 && piece.first == 0)
    {
      store(0, first);
    }
    const vtkIdType progressStep = std::max<vtkIdType>(count / 100, 1);
    for (vtkIdType row = piece.first == 0 ? 1 : 0; row < count; ++row)
    {
      const std::string& file = folder.Files[piece.first + row];
      const Image image = neurotour::formats::LoadImage(file, preprocessing);
      if (image.Channels != first.Channels || image.Height != first.Height ||
        image.Width != first.Width)
      {
        throw FormatError(file,
          "is " + ShapeText(image) + " (channels x height x width) but " + folder.Files[0] +
            " is " + ShapeText(first) +
            ": the images must have one size; set Resize Size and Crop Size to make them so");
      }
      store(row, image);
      if (row % progressStep == 0)
      {
        this->UpdateProgress(static_cast<double>(row) / count);
        if (this->CheckAbort())
        {
          // Not an error (the user asked for it), but the empty output must not pass
          // unexplained: vtkSampleTableAlgorithm's words, which the neurotour module catches.
          vtkWarningMacro(<< "Aborted: the output is empty until the filter runs again.");
          return 1;
        }
      }
    }

    vtkNew<vtkIntArray> labels;
    labels->SetName(vtkSampleTable::LabelName);
    labels->SetNumberOfTuples(count);
    std::copy_n(folder.Labels.begin() + piece.first, count, labels->GetPointer(0));
    table->AddColumn(vtkSampleTable::MakeSampleIds(count, piece.first));
    table->AddColumn(labels);
    table->AddColumn(pixels);
    vtkSampleTable::MarkColumns(table);
    const std::vector<int> shape = { first.Channels, first.Height, first.Width };
    vtkSampleTable::SetSampleShape(table->GetFieldData(), shape);
    vtkSampleTable::SetImageShape(table->GetFieldData(), shape);
    vtkSampleTable::SetLabelNames(table->GetFieldData(), folder.ClassNames);
  }
  catch (const FormatError& error)
  {
    vtkErrorMacro(<< error.what() << ".");
    return 0;
  }
  catch (const std::bad_alloc&)
  {
    vtkErrorMacro(<< "Out of memory reading " << this->DirectoryName
                  << ": set Resize Size and Crop Size, or Maximum Number Of Samples Per Class.");
    return 0;
  }
  output->ShallowCopy(table);
  this->UpdateProgress(1.0);
  return 1;
}

//------------------------------------------------------------------------------
void vtkImageFolderReader::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "DirectoryName: " << this->DirectoryName << "\n"
     << indent << "MaximumNumberOfSamplesPerClass: " << this->MaximumNumberOfSamplesPerClass << "\n"
     << indent << "ColorMode: " << (this->ColorMode == GREY ? "Grey" : "RGB") << "\n"
     << indent << "ResizeSize: " << this->ResizeSize << "\n"
     << indent << "CropSize: " << this->CropSize << "\n"
     << indent << "Normalize: " << this->Normalize << "\n"
     << indent << "Mean: " << this->Mean[0] << " " << this->Mean[1] << " " << this->Mean[2] << "\n"
     << indent << "Std: " << this->Std[0] << " " << this->Std[1] << " " << this->Std[2] << "\n";
}
