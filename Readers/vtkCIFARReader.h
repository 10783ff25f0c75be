/**
 * @class vtkCIFARReader
 * @brief Reads CIFAR-10 binary batches into a sample table.
 *
 * One row per image: SampleId, Label and Pixels (3 x 32 x 32 bytes, channels first, the order
 * models take), field data SampleShape and ImageShape (3 32 32) and LabelNames (from
 * batches.meta.txt beside the files, else CIFAR-10's ten class names). Several batch files are
 * read one after another into one table (e.g. data_batch_1.bin ... data_batch_5.bin).
 */
#ifndef vtkCIFARReader_h
#define vtkCIFARReader_h

#include "NeuroTourReadersModule.h" // for export macro
#include "vtkTableAlgorithm.h"

#include <string> // for std::string
#include <vector> // for std::vector

class NEUROTOURREADERS_EXPORT vtkCIFARReader : public vtkTableAlgorithm
{
public:
  static vtkCIFARReader* New();
  vtkTypeMacro(vtkCIFARReader, vtkTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// The batch files, read in this order.
  void AddFileName(const char* name);
  void ClearFileNames();
  void SetFileName(const char* name);
  ///@}

  ///@{
  /// Read at most this many images in all (0, the default, reads all).
  vtkSetClampMacro(MaximumNumberOfSamples, vtkIdType, 0, VTK_ID_MAX);
  vtkGetMacro(MaximumNumberOfSamples, vtkIdType);
  ///@}

protected:
  vtkCIFARReader();
  ~vtkCIFARReader() override;

  int RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

private:
  vtkCIFARReader(const vtkCIFARReader&) = delete;
  void operator=(const vtkCIFARReader&) = delete;

  std::vector<std::string> FileNames;
  vtkIdType MaximumNumberOfSamples = 0;
};

#endif
