/**
 * @class vtkIDXReader
 * @brief Reads MNIST-style IDX files (e.g. Fashion-MNIST) into a sample table.
 *
 * The output has one row per image: `SampleId`, `Label`, `Split` (0 train, 1 test, when the
 * file name tells) and `Pixels` (one multi-component array, uint8 for byte images), with field
 * data `SampleShape` (1 H W) and `LabelNames`. The labels file is found beside the images by
 * the MNIST naming convention, or given as LabelFileName. With CombineTrainAndTest, the train
 * and t10k files of the same directory are read into one table (train first).
 * Files may be gzipped. Broken files give an error naming the file and an empty table.
 */
#ifndef vtkIDXReader_h
#define vtkIDXReader_h

#include "NeuroTourReadersModule.h" // for export macro
#include "vtkTableAlgorithm.h"

#include <string> // for std::string
#include <vector> // for std::vector

class NEUROTOURREADERS_EXPORT vtkIDXReader : public vtkTableAlgorithm
{
public:
  static vtkIDXReader* New();
  vtkTypeMacro(vtkIDXReader, vtkTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  /// Which class names go into `LabelNames`.
  enum DatasetType
  {
    AUTOMATIC = 0,     ///< from the file's path: "fashion" -> Fashion-MNIST, else MNIST digits
    FASHION_MNIST = 1, ///< T-shirt/top, Trouser, ..., Ankle boot
    MNIST = 2,         ///< the digits 0..9
    CUSTOM = 3         ///< the names given with AddLabelName
  };

  ///@{
  /// The images file (required).
  vtkSetStdStringFromCharMacro(FileName);
  vtkGetCharFromStdStringMacro(FileName);
  ///@}

  ///@{
  /// The labels file; empty (default) = found beside FileName by name.
  vtkSetStdStringFromCharMacro(LabelFileName);
  vtkGetCharFromStdStringMacro(LabelFileName);
  ///@}

  ///@{
  /// Read at most this many samples (0, the default, reads all).
  vtkSetClampMacro(MaximumNumberOfSamples, vtkIdType, 0, VTK_ID_MAX);
  vtkGetMacro(MaximumNumberOfSamples, vtkIdType);
  ///@}

  ///@{
  /// Read the train and the test files of FileName's directory into one table (default off).
  vtkSetMacro(CombineTrainAndTest, bool);
  vtkGetMacro(CombineTrainAndTest, bool);
  vtkBooleanMacro(CombineTrainAndTest, bool);
  ///@}

  ///@{
  /// Where the class names come from (default AUTOMATIC).
  vtkSetClampMacro(Dataset, int, AUTOMATIC, CUSTOM);
  vtkGetMacro(Dataset, int);
  ///@}

  ///@{
  /// Class names used when Dataset is CUSTOM, label 0 first.
  void AddLabelName(const char* name);
  void ClearLabelNames();
  ///@}

protected:
  vtkIDXReader();
  ~vtkIDXReader() override;

  int RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

private:
  vtkIDXReader(const vtkIDXReader&) = delete;
  void operator=(const vtkIDXReader&) = delete;

  /// `LabelNames` as Dataset chooses them.
  std::vector<std::string> ClassNames() const;

  std::string FileName;
  std::string LabelFileName;
  vtkIdType MaximumNumberOfSamples = 0;
  bool CombineTrainAndTest = false;
  int Dataset = AUTOMATIC;
  std::vector<std::string> LabelNames;
};

#endif
