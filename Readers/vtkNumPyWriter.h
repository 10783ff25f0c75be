/**
 * @class vtkNumPyWriter
 * @brief Writes a sample table as a NumPy .npz archive, to hand data to NumPy and umap-learn.
 *
 * Every numeric column becomes one array named like the column: shape (rows,) for one
 * component, (rows, components) otherwise; `LabelNames` field data becomes a string array.
 * `numpy.load(path)` reads it back; so does vtkNumPyReader.
 */
#ifndef vtkNumPyWriter_h
#define vtkNumPyWriter_h

#include "NeuroTourReadersModule.h" // for export macro
#include "vtkWriter.h"

#include <string> // for std::string

class NEUROTOURREADERS_EXPORT vtkNumPyWriter : public vtkWriter
{
public:
  static vtkNumPyWriter* New();
  vtkTypeMacro(vtkNumPyWriter, vtkWriter);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// The .npz file to write.
  vtkSetStdStringFromCharMacro(FileName);
  vtkGetCharFromStdStringMacro(FileName);
  ///@}

  ///@{
  /// Deflate the arrays, as numpy.savez_compressed does (default off: faster, larger).
  vtkSetMacro(Compress, bool);
  vtkGetMacro(Compress, bool);
  vtkBooleanMacro(Compress, bool);
  ///@}

protected:
  vtkNumPyWriter();
  ~vtkNumPyWriter() override;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  void WriteData() override;

private:
  vtkNumPyWriter(const vtkNumPyWriter&) = delete;
  void operator=(const vtkNumPyWriter&) = delete;

  std::string FileName;
  bool Compress = false;
};

#endif
