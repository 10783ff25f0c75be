// What the two Torch filters (vtkActivationExtraction, vtkAdversarialSteps) share: a sample
// table's pixels as the Torch bridge's input. Included by their .cxx files only, so it stays
// out of the wrapped headers.
#pragma once

#include "TorchModel.h"
#include "vtkSampleTable.h"

#include "vtkDataArray.h"
#include "vtkFloatArray.h"
#include "vtkTable.h"
#include "vtkUnsignedCharArray.h"

#include <numeric>
#include <string>
#include <vector>

namespace neurotour
{
namespace tables
{

/// A sample table's pixels, labels and shape as the Torch bridge reads them (no copy of
/// uint8 or float32 pixels).
struct TorchTableInput
{
  neurotour::TorchSamples Samples;
  vtkSmartPointer<vtkDataArray> Pixels; // keeps the pixel buffer alive
  std::vector<int> Labels;

  /// Reads `Pixels` (uint8, scaled by 1/255 in the bridge, or any numeric type taken as
  /// already in [0, 1]), `SampleShape` (default: one axis) and `Label` (optional). Returns
  /// an error message, or "" on success.
  std::string Read(vtkTable* table, const double normalization[2])
  {
    const char* name = "Pixels";
    if (!table || table->GetNumberOfRows() == 0)
    {
      return "the input table has no samples";
    }
    if (auto* bytes = vtkUnsignedCharArray::SafeDownCast(table->GetColumnByName(name)))
    {
      this->Pixels = bytes;
      this->Samples.Bytes = bytes->GetPointer(0);
    }
    else
    {
      std::string error;
      auto floats = vtkSampleTable::GetFeatures(table, name, error);
      if (!floats)
      {
        return error;
      }
      this->Pixels = floats;
      this->Samples.Floats = floats->GetPointer(0);
    }
    const int components = this->Pixels->GetNumberOfComponents();
    auto shape = vtkSampleTable::GetSampleShape(table->GetFieldData());
    this->Samples.SampleShape.assign(shape.begin(), shape.end());
    if (shape.empty())
    {
      this->Samples.SampleShape = { components };
    }
    if (this->Samples.ValuesPerSample() != components)
    {
      return "the field data SampleShape does not match the " + std::to_string(components) +
        " components of Pixels";
    }
    this->Samples.NumberOfSamples = table->GetNumberOfRows();
    this->Samples.Mean = static_cast<float>(normalization[0]);
    this->Samples.Std = static_cast<float>(normalization[1]);
    auto* labels = vtkArrayDownCast<vtkDataArray>(table->GetColumnByName(vtkSampleTable::LabelName));
    if (labels)
    {
      this->Labels.resize(table->GetNumberOfRows());
      for (vtkIdType row = 0; row < table->GetNumberOfRows(); ++row)
      {
        this->Labels[row] = static_cast<int>(labels->GetComponent(row, 0));
      }
      this->Samples.Labels = this->Labels.data();
    }
    return "";
  }
};

} // namespace tables
} // namespace neurotour
