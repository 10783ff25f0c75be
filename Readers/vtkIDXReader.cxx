#include "vtkIDXReader.h"

#include "FormatError.h"
#include "IDXFormat.h"
#include "vtkSampleTable.h"

#include "vtkFloatArray.h"
#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkIntArray.h"
#include "vtkObjectFactory.h"
#include "vtkStreamingDemandDrivenPipeline.h"
#include "vtkTable.h"
#include "vtkUnsignedCharArray.h"

#include <algorithm>
#include <cstring>

vtkStandardNewMacro(vtkIDXReader);

namespace
{
using neurotour::formats::IDXArray;

struct SplitFile
{
  std::string Images;
  std::string Labels;
  int Split; // 0 train, 1 test, -1 unknown
};

int SplitOf(const std::string& path)
{
  const std::string name = path.substr(path.find_last_of('/') + 1);
  if (name.rfind("train", 0) == 0)
  {
    return 0;
  }
  return name.rfind("t10k", 0) == 0 || name.rfind("test", 0) == 0 ? 1 : -1;
}

std::string Sibling(const std::string& path, const std::string& from, const std::string& to)
{
  const std::size_t slash = path.find_last_of('/');
  const std::size_t at = path.find(from, slash == std::string::npos ? 0 : slash + 1);
  return at == std::string::npos ? "" : path.substr(0, at) + to + path.substr(at + from.size());
}
}

//------------------------------------------------------------------------------
vtkIDXReader::vtkIDXReader()
{
  this->SetNumberOfInputPorts(0);
}

vtkIDXReader::~vtkIDXReader() = default;

//------------------------------------------------------------------------------
void vtkIDXReader::AddLabelName(const char* name)
{
  this->LabelNames.emplace_back(name ? name : "");
  this->Modified();
}

void vtkIDXReader::ClearLabelNames()
{
  if (!this->LabelNames.empty())
  {
    this->LabelNames.clear();
    this->Modified();
  }
}

//------------------------------------------------------------------------------
int vtkIDXReader::RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkTable* output = vtkTable::GetData(outputVector);
  // Under MPI every rank runs this reader: the whole table goes to piece 0 and the other pieces
  // get the same columns with 0 rows, so no sample is counted twice. Filters that need all
  // samples (k-NN, UMAP) then run on rank 0. Those pieces read one sample per file for the
  // column types and shape.
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  const bool emptyPiece = outInfo->Has(vtkStreamingDemandDrivenPipeline::UPDATE_PIECE_NUMBER()) &&
    outInfo->Get(vtkStreamingDemandDrivenPipeline::UPDATE_PIECE_NUMBER()) > 0;
  if (this->FileName.empty())
  {
    vtkErrorMacro(<< "No FileName: give the IDX images file (e.g. train-images-idx3-ubyte.gz).");
    return 0;
  }

  std::vector<SplitFile> files;
  if (this->CombineTrainAndTest)
  {
    const int split = SplitOf(this->FileName);
    const std::string train = split == 1 ? Sibling(this->FileName, "t10k", "train") : this->FileName;
    const std::string test = split == 0 ? Sibling(this->FileName, "train", "t10k") : this->FileName;
    if (split < 0 || train.empty() || test.empty())
    {
      vtkErrorMacro(<< this->FileName << ": CombineTrainAndTest needs MNIST-style names "
                    << "(train-images-idx3-ubyte.gz beside t10k-images-idx3-ubyte.gz).");
      return 0;
    }
    files = { { train, neurotour::formats::LabelFileFor(train), 0 },
      { test, neurotour::formats::LabelFileFor(test), 1 } };
  }
  else
  {
    files = { { this->FileName,
      this->LabelFileName.empty() ? neurotour::formats::LabelFileFor(this->FileName)
                                  : this->LabelFileName,
      SplitOf(this->FileName) } };
  }

  std::vector<IDXArray> images;
  std::vector<IDXArray> labels;
  vtkIdType remaining = this->MaximumNumberOfSamples;
  try
  {
    for (std::size_t f = 0; f < files.size(); ++f)
    {
      if (this->MaximumNumberOfSamples > 0 && remaining == 0)
      {
        files.resize(f);
        break;
      }
      this->UpdateProgress(0.9 * f / files.size());
      images.push_back(neurotour::formats::ReadIDX(files[f].Images, emptyPiece ? 1 : remaining));
      const IDXArray& read = images.back();
      if (read.Shape.size() < 2)
      {
        vtkErrorMacro(<< files[f].Images << ": holds a " << read.Shape.size()
                      << "-D array, not images (is it a labels file?).");
        return 0;
      }
      if (!images.front().Shape.empty() &&
        (read.ValuesPerItem() != images.front().ValuesPerItem() || read.Type != images.front().Type))
      {
        vtkErrorMacro(<< files[f].Images << ": images differ in size or type from " << files[0].Images << ".");
        return 0;
      }
      if (!files[f].Labels.empty())
      {
        labels.push_back(neurotour::formats::ReadIDX(files[f].Labels, read.Shape[0]));
        const IDXArray& labelArray = labels.back();
        if (labelArray.ItemsInFile != read.ItemsInFile || labelArray.Shape.size() != 1)
        {
          vtkErrorMacro(<< files[f].Labels << ": " << labelArray.ItemsInFile << " labels for the "
                        << read.ItemsInFile << " images of " << files[f].Images << ".");
          return 0;
        }
      }
      if (this->MaximumNumberOfSamples > 0)
      {
        remaining -= read.Shape[0];
      }
      if (this->CheckAbort())
      {
        return 0;
      }
    }
  }
  catch (const neurotour::formats::FormatError& error)
  {
    vtkErrorMacro(<< error.what());
    return 0;
  }
  const bool haveLabels = labels.size() == images.size();
  if (!haveLabels)
  {
    vtkWarningMacro(<< "No labels file found for " << this->FileName
                    << " (give LabelFileName); the table has no Label column.");
  }

  vtkIdType total = 0;
  for (const IDXArray& array : images)
  {
    total += array.Shape[0];
  }
  const IDXArray& first = images.front();
  const int components = static_cast<int>(first.ValuesPerItem());

  vtkSmartPointer<vtkDataArray> pixels;
  if (first.Type == neurotour::formats::IDXType::UnsignedByte)
  {
    pixels = vtkSmartPointer<vtkUnsignedCharArray>::New();
  }
  else
  {
    pixels = vtkSmartPointer<vtkFloatArray>::New();
  }
  pixels->SetName("Pixels");
  pixels->SetNumberOfComponents(components);
  pixels->SetNumberOfTuples(total);
  vtkNew<vtkIntArray> labelColumn;
  labelColumn->SetName(vtkSampleTable::LabelName);
  labelColumn->SetNumberOfTuples(haveLabels ? total : 0);
  vtkNew<vtkIntArray> splitColumn;
  splitColumn->SetName(vtkSampleTable::SplitName);
  splitColumn->SetNumberOfTuples(total);

  vtkIdType row = 0;
  for (std::size_t f = 0; f < images.size(); ++f)
  {
    const IDXArray& array = images[f];
    const vtkIdType count = array.Shape[0];
    if (first.Type == neurotour::formats::IDXType::UnsignedByte)
    {
      std::memcpy(static_cast<unsigned char*>(pixels->GetVoidPointer(0)) + row * components,
        array.Bytes.data(), array.Bytes.size());
    }
    else
    {
      float* out = static_cast<float*>(pixels->GetVoidPointer(0)) + row * components;
      for (vtkIdType i = 0; i < count * components; ++i)
      {
        out[i] = static_cast<float>(array.Value(i));
      }
    }
    for (vtkIdType i = 0; i < count; ++i)
    {
      if (haveLabels)
      {
        labelColumn->SetValue(row + i, static_cast<int>(labels[f].Value(i)));
      }
      splitColumn->SetValue(row + i, files[f].Split);
    }
    row += count;
  }

  vtkNew<vtkTable> table;
  table->AddColumn(vtkSampleTable::MakeSampleIds(total));
  if (haveLabels)
  {
    table->AddColumn(labelColumn);
  }
  const bool knownSplit = std::all_of(files.begin(), files.end(), [](const SplitFile& s) { return s.Split >= 0; });
  if (knownSplit)
  {
    table->AddColumn(splitColumn);
  }
  table->AddColumn(pixels);
  vtkSampleTable::MarkSampleIds(table);

  std::vector<int> shape(first.Shape.begin() + 1, first.Shape.end());
  if (shape.size() == 2)
  {
    shape.insert(shape.begin(), 1); // one channel
  }
  vtkSampleTable::SetSampleShape(table->GetFieldData(), shape);
  vtkSampleTable::SetImageShape(table->GetFieldData(), shape);

  std::vector<std::string> names;
  switch (this->Dataset)
  {
    case FASHION_MNIST:
      names = vtkSampleTable::KnownLabelNames("fashion-mnist");
      break;
    case MNIST:
      names = vtkSampleTable::KnownLabelNames("mnist");
      break;
    case CUSTOM:
      names = this->LabelNames;
      break;
    default:
    {
      std::string lower = this->FileName;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      names = vtkSampleTable::KnownLabelNames(
        lower.find("fashion") != std::string::npos ? "fashion-mnist" : "mnist");
    }
  }
  if (haveLabels)
  {
    vtkSampleTable::SetLabelNames(table->GetFieldData(), names);
  }
  if (emptyPiece)
  {
    table->SetNumberOfRows(0);
    table->SqueezeRows();
  }
  output->ShallowCopy(table);
  this->UpdateProgress(1.0);
  return 1;
}

//------------------------------------------------------------------------------
void vtkIDXReader::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "FileName: " << this->FileName << "\n";
  os << indent << "LabelFileName: " << this->LabelFileName << "\n";
  os << indent << "MaximumNumberOfSamples: " << this->MaximumNumberOfSamples << "\n";
  os << indent << "CombineTrainAndTest: " << this->CombineTrainAndTest << "\n";
  os << indent << "Dataset: " << this->Dataset << "\n";
  os << indent << "LabelNames:";
  for (const auto& name : this->LabelNames)
  {
    os << " '" << name << "'";
  }
  os << "\n";
}
