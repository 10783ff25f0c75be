#include "vtkCIFARReader.h"

#include "CIFARFormat.h"
#include "FormatError.h"
#include "vtkSampleTable.h"

#include "vtkIdTypeArray.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkIntArray.h"
#include "vtkNew.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"
#include "vtkUnsignedCharArray.h"

#include <algorithm>

vtkStandardNewMacro(vtkCIFARReader);

//------------------------------------------------------------------------------
vtkCIFARReader::vtkCIFARReader()
{
  this->SetNumberOfInputPorts(0);
}

//------------------------------------------------------------------------------
vtkCIFARReader::~vtkCIFARReader() = default;

//------------------------------------------------------------------------------
void vtkCIFARReader::AddFileName(const char* name)
{
  this->FileNames.emplace_back(name ? name : "");
  this->Modified();
}

//------------------------------------------------------------------------------
void vtkCIFARReader::ClearFileNames()
{
  if (!this->FileNames.empty())
  {
    this->FileNames.clear();
    this->Modified();
  }
}

//------------------------------------------------------------------------------
void vtkCIFARReader::SetFileName(const char* name)
{
  this->FileNames.assign(1, name ? name : "");
  this->Modified();
}

//------------------------------------------------------------------------------
int vtkCIFARReader::RequestInformation(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkSampleTable::DeclarePieces(outputVector->GetInformationObject(0));
  return 1;
}

//------------------------------------------------------------------------------
int vtkCIFARReader::RequestData(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  vtkTable* output = vtkTable::GetData(outputVector);
  if (this->FileNames.empty() || this->FileNames[0].empty())
  {
    vtkErrorMacro(<< "No file name given.");
    return 0;
  }
  neurotour::formats::CIFARImages images;
  try
  {
    for (std::size_t f = 0; f < this->FileNames.size(); ++f)
    {
      const std::int64_t left = this->MaximumNumberOfSamples > 0
        ? this->MaximumNumberOfSamples - static_cast<std::int64_t>(images.Labels.size())
        : -1;
      if (left == 0)
      {
        break;
      }
      neurotour::formats::ReadCIFAR(this->FileNames[f], left, images);
      this->UpdateProgress(0.9 * (f + 1) / this->FileNames.size());
    }
  }
  catch (const neurotour::formats::FormatError& error)
  {
    vtkErrorMacro(<< error.what());
    return 0;
  }
  const auto count = static_cast<vtkIdType>(images.Labels.size());
  vtkNew<vtkUnsignedCharArray> pixels;
  pixels->SetName("Pixels");
  pixels->SetNumberOfComponents(static_cast<int>(neurotour::formats::CIFARImageBytes));
  pixels->SetNumberOfTuples(count);
  std::copy(images.Pixels.begin(), images.Pixels.end(), pixels->GetPointer(0));
  vtkNew<vtkIntArray> labels;
  labels->SetName(vtkSampleTable::LabelName);
  labels->SetNumberOfTuples(count);
  std::copy(images.Labels.begin(), images.Labels.end(), labels->GetPointer(0));

  vtkNew<vtkTable> table;
  table->AddColumn(vtkSampleTable::MakeSampleIds(count));
  table->AddColumn(labels);
  table->AddColumn(pixels);
  vtkSampleTable::MarkColumns(table);
  const std::vector<int> shape = { neurotour::formats::CIFARChannels,
    neurotour::formats::CIFARSide, neurotour::formats::CIFARSide };
  vtkSampleTable::SetSampleShape(table->GetFieldData(), shape);
  vtkSampleTable::SetImageShape(table->GetFieldData(), shape);
  std::vector<std::string> names = neurotour::formats::ReadCIFARLabelNames(this->FileNames[0]);
  if (names.size() != 10)
  {
    names = { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
      "truck" };
  }
  vtkSampleTable::SetLabelNames(table->GetFieldData(), names);
  vtkSampleTable::KeepPieceRows(table, outInfo); // under MPI, this rank's rows
  output->ShallowCopy(table);
  this->UpdateProgress(1.0);
  return 1;
}

//------------------------------------------------------------------------------
void vtkCIFARReader::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "FileNames:";
  for (const auto& name : this->FileNames)
  {
    os << " " << name;
  }
  os << "\n" << indent << "MaximumNumberOfSamples: " << this->MaximumNumberOfSamples << "\n";
}
