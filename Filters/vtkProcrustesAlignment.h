/**
 * @class vtkProcrustesAlignment
 * @brief Moves an embedding onto a reference embedding of the same samples.
 *
 * Port 0 (Input) is the sample table to move (or a multiblock of them, each moved onto the
 * reference), port 1 (Reference) the sample table to match. Rows are matched by `SampleId`
 * (tables without one by row number); a partial overlap is fine. The map fitted on the common
 * rows (centre, then an orthogonal map or the CKA-induced map, optionally scaled, then the
 * reference's centre) replaces ArrayName in every row of the input. The filter adds
 * `Movement` (per sample, the distance to its reference position after each set is scaled to
 * a mean centred row norm of 1, NaN for samples the reference lacks) and field data
 * `ProcrustesResidual` (‖aligned - reference‖² / ‖reference - centre‖² over common rows) and
 * `ProcrustesScale`. This is how epochs, layers and models are made comparable.
 */
#ifndef vtkProcrustesAlignment_h
#define vtkProcrustesAlignment_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

class vtkAlgorithmOutput;

class NEUROTOURFILTERS_EXPORT vtkProcrustesAlignment : public vtkSampleTableAlgorithm
{
public:
  static vtkProcrustesAlignment* New();
  vtkTypeMacro(vtkProcrustesAlignment, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  enum AlignmentMethods
  {
    ORTHOGONAL = 0,
    CKA = 1
  };

  /// The reference sample table (input port 1).
  void SetReferenceConnection(vtkAlgorithmOutput* output);

  ///@{
  /// The multi-component array aligned (in both tables). Default "Embedding".
  vtkSetStringMacro(ArrayName);
  vtkGetStringMacro(ArrayName);
  ///@}

  ///@{
  /// Also fit an isotropic scale. Default off: a rotation (or reflection) only.
  vtkSetMacro(AllowScaling, bool);
  vtkGetMacro(AllowScaling, bool);
  vtkBooleanMacro(AllowScaling, bool);
  ///@}

  ///@{
  /// ORTHOGONAL (default): orthogonal Procrustes. CKA: the map W = c·XᵀY induced by linear CKA,
  /// with ‖W‖²_F = dimension as for an orthogonal map.
  vtkSetClampMacro(Method, int, ORTHOGONAL, CKA);
  vtkGetMacro(Method, int);
  ///@}

protected:
  vtkProcrustesAlignment();
  ~vtkProcrustesAlignment() override;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  bool ProcessTable(vtkTable* input, vtkDataObject* output) override;

  char* ArrayName = nullptr;
  bool AllowScaling = false;
  int Method = ORTHOGONAL;

private:
  vtkProcrustesAlignment(const vtkProcrustesAlignment&) = delete;
  void operator=(const vtkProcrustesAlignment&) = delete;
};

#endif
