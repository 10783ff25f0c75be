"""The adversarial trajectory (FGSM), as in the Grand Tour article's "8s pushed to 0s", here
for Fashion-MNIST: test images pushed step by step until the network calls them sandals
(coloured by the network's prediction, so the sneakers, boots and the rest turn red).

AdversarialSteps makes one time step per FGSM step; ActivationExtraction gives the softmax of
each step; the Grand Tour view shows them with the projection held fixed on the
sandal / sneaker / ankle-boot triangle, one frame per step (frames/adversarial/)."""
import os

import neurotour_example as ex
from paraview.simple import *

TARGET_CLASS = 5  # Sandal


def adversarial_trajectory(args, model, steps=10, epsilon=0.01):
    # (A row query such as "Label == 7" would pick the sneakers alone, but ParaView 5.11's
    # Python query selection crashes in pvbatch here, so every class is pushed.)
    images = ex.test_images(args, min(args.samples, 500))
    attacked = AdversarialSteps(Input=images, ModelFile=model, TargetLabel=TARGET_CLASS, Epsilon=epsilon,
                                NumberOfSteps=steps)
    probabilities = ex.layer(ActivationExtraction(Input=attacked, ModelFile=model, Layers=["fc2"], IncludeInput=0),
                             "fc2")
    view = CreateView("GrandTourView")
    view.ViewSize = [800, 800]
    Show(probabilities, view)
    view.CoordinatesArray = "Probabilities"
    view.ColorArray = "Prediction"
    view.ShowAxisHandles = 1
    import neurotour
    neurotour.ColorByLabels(probabilities, array="Prediction", view=view)
    neurotour.SetProjectionMatrix(ex.triangle_projection(10, [5, 7, 9]), view)
    scene = GetAnimationScene()
    scene.UpdateAnimationUsingDataTimeSteps()
    directory = os.path.join(args.output, "frames", "adversarial")
    os.makedirs(directory, exist_ok=True)
    SaveAnimation(os.path.join(directory, "step.png"), view, ImageResolution=[800, 800])
    return directory


if __name__ == "__main__":
    arguments = ex.arguments(__doc__)
    with ex.stage("FGSM trajectory (every class -> Sandal)"):
        print("frames in %s" % adversarial_trajectory(arguments, ex.checkpoints(arguments)[-1]))
