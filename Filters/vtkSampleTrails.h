/**
 * @class vtkSampleTrails
 * @brief Adds to each sample where it was over the last time steps (epochs, adversarial steps):
 * its trail.
 *
 * For the requested time step t_i of an input with time steps, the output is the input at t_i
 * plus the float32 array `Trail`: NumberOfSteps × n values per sample, the sample's ArrayName
 * row (n values) at t_{i-k} … t_{i-1}, oldest first, matched by SampleId; NaN before the first
 * time step and where the sample was absent. Field data `TrailArray` names ArrayName, so the
 * Grand Tour view draws each sample's path through the same projection as the sample. The
 * earlier steps are requested from the input in turn, and only their ArrayName rows are kept,
 * so playing the epochs forward reads one new step per frame. Each table of a multiblock
 * (layer) gets its own trails. The output keeps the input's time steps.
 */
#ifndef vtkSampleTrails_h
#define vtkSampleTrails_h

#include "NeuroTourFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

#include <map>     // for the kept steps
#include <memory>  // for std::shared_ptr
#include <string>  // for std::string
#include <vector>  // for std::vector

class NEUROTOURFILTERS_EXPORT vtkSampleTrails : public vtkSampleTableAlgorithm
{
public:
  static vtkSampleTrails* New();
  vtkTypeMacro(vtkSampleTrails, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// The array whose earlier rows make the trail (default `Embedding`).
  vtkSetStdStringFromCharMacro(ArrayName);
  vtkGetCharFromStdStringMacro(ArrayName);
  ///@}

  ///@{
  /// How many earlier time steps a trail holds (default 5).
  vtkSetClampMacro(NumberOfSteps, int, 1, 100);
  vtkGetMacro(NumberOfSteps, int);
  ///@}

protected:
  vtkSampleTrails();
  ~vtkSampleTrails() override;

  int RequestInformation(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;
  int RequestUpdateExtent(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;
  bool ProcessInput(vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo,
    vtkDataObject* output) override;

  std::string ArrayName = "Embedding";
  int NumberOfSteps = 5;

private:
  vtkSampleTrails(const vtkSampleTrails&) = delete;
  void operator=(const vtkSampleTrails&) = delete;

  bool ProcessStep(vtkInformation* request, vtkDataObject* input, vtkDataObject* output);
  void StopGathering(vtkInformation* request);

  struct Rows;
  std::vector<double> TimeSteps;
  // The ArrayName rows (per table) of the time steps read, by time step index.
  std::map<std::size_t, std::vector<std::shared_ptr<Rows>>> Kept;
  vtkMTimeType KeptInputTime = 0;
  vtkMTimeType KeptFilterTime = 0;
  // The time steps still to read in this update, the requested one last.
  std::vector<std::size_t> Pending;
  std::size_t PendingIndex = 0;
};

#endif
