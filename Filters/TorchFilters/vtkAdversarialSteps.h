/**
 * @class vtkAdversarialSteps
 * @brief Pushes samples towards a target class with FGSM; the steps are time steps.
 *
 * Targeted iterative FGSM (Goodfellow et al. 2015): from the input `Pixels` in [0, 1] (uint8
 * scaled by 1/255, float taken as is), each step moves every pixel by Epsilon against the sign
 * of the gradient of the cross-entropy towards TargetLabel and clips to [0, 1]. Time step s
 * (0..NumberOfSteps; 0 = the unperturbed samples) is a sample table with the input's columns,
 * `Pixels` replaced by the step's float32 pixels (the form ActivationExtraction accepts), and
 * the model's `Prediction` and `Confidence` (softmax probability of the target). Pipe it into
 * ActivationExtraction to tour the adversarial trajectory. The whole trajectory is computed
 * once and kept until a property or the input changes.
 */
#ifndef vtkAdversarialSteps_h
#define vtkAdversarialSteps_h

#include "NeuroTourTorchFiltersModule.h" // for export macro
#include "vtkSampleTableAlgorithm.h"

#include <memory> // for std::unique_ptr

class NEUROTOURTORCHFILTERS_EXPORT vtkAdversarialSteps : public vtkSampleTableAlgorithm
{
public:
  static vtkAdversarialSteps* New();
  vtkTypeMacro(vtkAdversarialSteps, vtkSampleTableAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// The TorchScript model attacked. Default none.
  vtkSetStringMacro(ModelFile);
  vtkGetStringMacro(ModelFile);
  ///@}

  ///@{
  /// The class the samples are pushed towards. Default 0.
  vtkSetClampMacro(TargetLabel, int, 0, 1000000);
  vtkGetMacro(TargetLabel, int);
  ///@}

  ///@{
  /// The change of each pixel per step, in [0, 1] pixel units. Default 0.01.
  vtkSetClampMacro(Epsilon, double, 0.0, 1.0);
  vtkGetMacro(Epsilon, double);
  ///@}

  ///@{
  /// The number of FGSM steps; the time steps are 0..NumberOfSteps. Default 10.
  vtkSetClampMacro(NumberOfSteps, int, 0, 10000);
  vtkGetMacro(NumberOfSteps, int);
  ///@}

  ///@{
  /// Mean and standard deviation the model expects after the [0, 1] scaling. Default 0, 1.
  vtkSetVector2Macro(Normalization, double);
  vtkGetVector2Macro(Normalization, double);
  ///@}

protected:
  vtkAdversarialSteps();
  ~vtkAdversarialSteps() override;

  int RequestInformation(vtkInformation* request, vtkInformationVector** inputVector,
    vtkInformationVector* outputVector) override;
  int FillInputPortInformation(int port, vtkInformation* info) override;
  bool ProcessInput(vtkInformation* request, vtkDataObject* input, vtkInformation* outInfo,
    vtkDataObject* output) override;

  char* ModelFile = nullptr;
  int TargetLabel = 0;
  double Epsilon = 0.01;
  int NumberOfSteps = 10;
  double Normalization[2] = { 0.0, 1.0 };

private:
  vtkAdversarialSteps(const vtkAdversarialSteps&) = delete;
  void operator=(const vtkAdversarialSteps&) = delete;

  struct Internals;
  std::unique_ptr<Internals> Impl;
};

#endif
