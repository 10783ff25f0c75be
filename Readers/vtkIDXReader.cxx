#include "vtkIDXReader.h"

#include "FormatError.h"
#include "IDXDataset.h"
#include "vtkSampleTable.h"

#include "vtkFloatArray.h"
#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkIntArray.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"
#include "vtkUnsignedCharArray.h"

#include <cstring>

vtkStandardNewMacro(vtkIDXReader);

namespace
{
using neurotour::formats::IDXArray;
using neurotour::formats::IDXSamples;

/// The sample table of what was read.
void FillSampleTable(
  const IDXSamples& samples, const std::vector<std::string>& classNames, vtkTable* table)
{
  const vtkIdType total = samples.Count();
  const IDXArray& first = samples.Images.front();
  const int components = static_cast<int>(first.ValuesPerItem());
  const bool bytes = first.Type == neurotour::formats::IDXType::UnsignedByte;
  vtkSmartPointer<vtkDataArray> pixels;
  if (bytes)
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
  const bool hasLabels = !samples.Labels.empty();
  vtkNew<vtkIntArray> labels;
  labels->SetName(vtkSampleTable::LabelName);
  labels->SetNumberOfTuples(hasLabels ? total : 0);
  vtkNew<vtkIntArray> splits;
  splits->SetName(vtkSampleTable::SplitName);
  splits->SetNumberOfTuples(total);

  vtkIdType row = 0;
  for (std::size_t f = 0; f < samples.Images.size(); ++f)
  {
    const IDXArray& images = samples.Images[f];
    const vtkIdType count = images.Shape[0];
    if (bytes)
    {
      std::memcpy(static_cast<unsigned char*>(pixels->GetVoidPointer(0)) + row * components,
        images.Bytes.data(), images.Bytes.size());
    }
    else
    {
      float* values = static_cast<float*>(pixels->GetVoidPointer(0)) + row * components;
      for (vtkIdType i = 0; i < count * components; ++i)
      {
        values[i] = static_cast<float>(images.Value(i));
      }
    }
    for (vtkIdType i = 0; i < count; ++i)
    {
      if (hasLabels)
      {
        labels->SetValue(row + i, static_cast<int>(samples.Labels[f].Value(i)));
      }
      splits->SetValue(row + i, samples.Splits[f]);
    }
    row += count;
  }

  table->AddColumn(vtkSampleTable::MakeSampleIds(total));
  if (hasLabels)
  {
    table->AddColumn(labels);
  }
  if (samples.KnownSplits())
  {
    table->AddColumn(splits);
  }
  table->AddColumn(pixels);
  vtkSampleTable::MarkColumns(table);
  const std::vector<int> shape = samples.ImageShape();
  vtkSampleTable::SetSampleShape(table->GetFieldData(), shape);
  vtkSampleTable::SetImageShape(table->GetFieldData(), shape);
  if (hasLabels)
  {
    vtkSampleTable::SetLabelNames(table->GetFieldData(), classNames);
  }
}
} // namespace

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
int vtkIDXReader::RequestInformation(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkSampleTable::DeclarePieces(outputVector->GetInformationObject(0));
  return 1;
}

//------------------------------------------------------------------------------
int vtkIDXReader::RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkTable* output = vtkTable::GetData(outputVector);
  output->Initialize();
  if (this->FileName.empty())
  {
    vtkErrorMacro(<< "No FileName: give the IDX images file (e.g. train-images-idx3-ubyte.gz).");
    return 0;
  }
  // Under MPI every rank reads the files and keeps its own rows (a gzip stream is read from
  // its start anyway).
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  IDXSamples samples;
  try
  {
    samples = neurotour::formats::ReadIDXSamples(
      neurotour::formats::PairIDXFiles(
        this->FileName, this->LabelFileName, this->CombineTrainAndTest),
      this->MaximumNumberOfSamples, [this](double fraction)
      {
        this->UpdateProgress(0.9 * fraction);
        return !this->CheckAbort();
      });
  }
  catch (const neurotour::formats::FormatError& error)
  {
    vtkErrorMacro(<< error.what() << ".");
    return 0;
  }
  if (this->CheckAbort())
  {
    return 1; // an abort is not a failure (vtkSampleTableAlgorithm's error rule)
  }
  if (samples.Labels.empty())
  {
    vtkWarningMacro(<< "No labels file found for " << this->FileName
                    << " (give LabelFileName); the table has no Label column.");
  }
  vtkNew<vtkTable> table;
  FillSampleTable(samples, this->ClassNames(), table);
  vtkSampleTable::KeepPieceRows(table, outInfo);
  output->ShallowCopy(table);
  this->UpdateProgress(1.0);
  return 1;
}

//------------------------------------------------------------------------------
std::vector<std::string> vtkIDXReader::ClassNames() const
{
  switch (this->Dataset)
  {
    case FASHION_MNIST:
      return vtkSampleTable::KnownLabelNames("fashion-mnist");
    case MNIST:
      return vtkSampleTable::KnownLabelNames("mnist");
    case CUSTOM:
      return this->LabelNames;
    default:
      return vtkSampleTable::KnownLabelNames(neurotour::formats::IDXDatasetOf(this->FileName));
  }
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
