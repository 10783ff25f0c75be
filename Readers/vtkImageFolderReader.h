/**
 * @class vtkImageFolderReader
 * @brief Reads a folder of PNG and JPEG images, one sub-folder per class, into a sample table.
 *
 * The layout torchvision.datasets.ImageFolder reads: root/class_name/image.png (.png, .jpg,
 * .jpeg in any case; hidden entries skipped). Classes are the sub-folders sorted by name, the
 * label of an image the index of its class. One row per image: SampleId, Label and Pixels
 * (C x H x W, channels first), field data SampleShape and ImageShape (C H W) and LabelNames
 * (the class folders' names).
 *
 * Images are preprocessed as torchvision's transforms do on PIL images, so a model sees what it
 * saw in training: RGB (the default loader's convert("RGB")) or Grey (Grayscale()), then
 * Resize(ResizeSize), CenterCrop(CropSize), and with Normalize, ToTensor() + Normalize(Mean,
 * Std) as float32; without it Pixels stays uint8, which the activation extraction scales by
 * 1/255 as ToTensor() does. All images must end up one size: without ResizeSize and CropSize
 * they must have one size already.
 *
 * A broken, truncated or unreadable image is an error naming the file and an empty output.
 */
#ifndef vtkImageFolderReader_h
#define vtkImageFolderReader_h

#include "NeuroTourReadersModule.h" // for export macro
#include "vtkTableAlgorithm.h"

#include <string> // for std::string

class NEUROTOURREADERS_EXPORT vtkImageFolderReader : public vtkTableAlgorithm
{
public:
  static vtkImageFolderReader* New();
  vtkTypeMacro(vtkImageFolderReader, vtkTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  enum ColorModeType
  {
    RGB = 0, ///< three channels, as torchvision's default loader
    GREY = 1 ///< one channel, PIL's convert("L")
  };

  ///@{
  /// The root folder, whose sub-folders are the classes (required).
  vtkSetStdStringFromCharMacro(DirectoryName);
  vtkGetCharFromStdStringMacro(DirectoryName);
  ///@}

  ///@{
  /// Read only the first images (in name order) of each class; 0, the default, reads all.
  vtkSetClampMacro(MaximumNumberOfSamplesPerClass, vtkIdType, 0, VTK_ID_MAX);
  vtkGetMacro(MaximumNumberOfSamplesPerClass, vtkIdType);
  ///@}

  ///@{
  /// RGB (default) or GREY.
  vtkSetClampMacro(ColorMode, int, RGB, GREY);
  vtkGetMacro(ColorMode, int);
  ///@}

  ///@{
  /// The shorter side is resized to this (bilinear, as PIL); 0, the default, keeps the size.
  vtkSetClampMacro(ResizeSize, int, 0, VTK_INT_MAX);
  vtkGetMacro(ResizeSize, int);
  ///@}

  ///@{
  /// The centred square of this side is kept; 0, the default, keeps the whole image.
  vtkSetClampMacro(CropSize, int, 0, VTK_INT_MAX);
  vtkGetMacro(CropSize, int);
  ///@}

  ///@{
  /// Pixels as float32 (x / 255 - Mean) / Std instead of uint8 (default off).
  vtkSetMacro(Normalize, bool);
  vtkGetMacro(Normalize, bool);
  vtkBooleanMacro(Normalize, bool);
  ///@}

  ///@{
  /// Per-channel mean and standard deviation (default ImageNet's); Grey uses the first.
  vtkSetVector3Macro(Mean, double);
  vtkGetVector3Macro(Mean, double);
  vtkSetVector3Macro(Std, double);
  vtkGetVector3Macro(Std, double);
  ///@}

protected:
  vtkImageFolderReader();
  ~vtkImageFolderReader() override;

  int RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

private:
  vtkImageFolderReader(const vtkImageFolderReader&) = delete;
  void operator=(const vtkImageFolderReader&) = delete;

  std::string DirectoryName;
  vtkIdType MaximumNumberOfSamplesPerClass = 0;
  int ColorMode = RGB;
  int ResizeSize = 0;
  int CropSize = 0;
  bool Normalize = false;
  double Mean[3] = { 0.485, 0.456, 0.406 };
  double Std[3] = { 0.229, 0.224, 0.225 };
};

#endif
