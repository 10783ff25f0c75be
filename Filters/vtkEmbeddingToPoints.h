/**
 * @class vtkEmbeddingToPoints
 * @brief A 2-D or 3-D embedding column as points that render views, glyphs and selections use.
 *
 * The input is a sample table or a multiblock of them; the output is a vtkPolyData (or a
 * multiblock of them with the same structure and names) with one point per row, placed at
 * the ArrayName coordinates (z = 0 for a 2-D embedding), one vertex cell per point, and every
 * column of the table as point data (SampleId also as the point global ids, so selections
 * link with the tables). ParaView's own Table To Points takes single-component columns only.
 */
#ifndef vtkEmbeddingToPoints_h
#define vtkEmbeddingToPoints_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class NEUROTOURFILTERS_EXPORT vtkEmbeddingToPoints : public vtkSampleTableAlgorithm
{
public:
  static vtkEmbeddingToPoints* New();
  vtkTypeMacro(vtkEmbeddingToPoints, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// The 2- or 3-component coordinates array. Default "Embedding".
  vtkSetStringMacro(ArrayName);
  vtkGetStringMacro(ArrayName);
  ///@}

protected:
  vtkEmbeddingToPoints();
  ~vtkEmbeddingToPoints() override;

  int FillOutputPortInformation(int port, vtkInformation* info) override;
  bool ProcessTable(vtkTable* input, vtkDataObject* output) override;

  char* ArrayName = nullptr;

private:
  vtkEmbeddingToPoints(const vtkEmbeddingToPoints&) = delete;
  void operator=(const vtkEmbeddingToPoints&) = delete;
};

#endif
