/**
 * @class vtkNumPyReader
 * @brief Reads NumPy .npy/.npz arrays into a sample table; a series of files is time steps.
 *
 * The main array (any rank; its first axis is the samples) becomes one multi-component column,
 * trailing axes flattened, their extents in field data `SampleShape`. For an .npz, ArrayName
 * picks the main array (default: the first of rank 2 or more) and every other array with one
 * value per sample becomes a column too (`labels`/`label`/`y` become `Label`), and a string
 * array `LabelNames` becomes field data. For a .npy the column is named ArrayName, or
 * `Activations`. Channels-last images (N x H x W x C) are moved channels-first (ChannelOrder).
 * Several files are time steps: their numbers in the names when every name has
 * one (epoch_5.npy, epoch_10.npy -> 5, 10), else 0, 1, 2, ...
 */
#ifndef vtkNumPyReader_h
#define vtkNumPyReader_h

#include "NeuroTourReadersModule.h" // for export macro
#include "vtkTableAlgorithm.h"

#include <string> // for std::string
#include <vector> // for std::vector

class NEUROTOURREADERS_EXPORT vtkNumPyReader : public vtkTableAlgorithm
{
public:
  static vtkNumPyReader* New();
  vtkTypeMacro(vtkNumPyReader, vtkTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// The files, one per time step.
  void AddFileName(const char* name);
  void ClearFileNames();
  void SetFileName(const char* name);
  ///@}

  ///@{
  /// The array to read from an .npz (default "": the first of rank 2 or more), and the
  /// column name for a .npy (default "": `Activations`).
  vtkSetStdStringFromCharMacro(ArrayName);
  vtkGetCharFromStdStringMacro(ArrayName);
  ///@}

  ///@{
  /// Where the channels of N x H x W x C or N x C x H x W images are: AUTOMATIC (default:
  /// last when only the last axis could be channels, i.e. has 1, 3 or 4 entries), FIRST or
  /// LAST. Channels-last images are moved channels-first (`SampleShape` C H W), the order of
  /// the models and the thumbnails.
  enum
  {
    AUTOMATIC = 0,
    FIRST = 1,
    LAST = 2
  };
  vtkSetClampMacro(ChannelOrder, int, AUTOMATIC, LAST);
  vtkGetMacro(ChannelOrder, int);
  ///@}

protected:
  vtkNumPyReader();
  ~vtkNumPyReader() override;

  int RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

private:
  vtkNumPyReader(const vtkNumPyReader&) = delete;
  void operator=(const vtkNumPyReader&) = delete;

  std::vector<std::string> FileNames;
  std::vector<double> TimeSteps;
  std::string ArrayName;
  int ChannelOrder = AUTOMATIC;
};

#endif
