/**
 * @class vtkGrandTourPickActor
 * @brief An actor drawn only while its renderer makes a hardware selection.
 *
 * vtkGrandTourCanvas draws the samples, but ParaView's selection (rubber band, hover, point
 * picking) reads the ids that real vertices and quads render: the representation keeps its
 * geometry in actors of this class, which cost nothing in ordinary frames. Their bounds are set
 * by the representation: VTK would otherwise walk every vertex at each frame to find them.
 */
#ifndef vtkGrandTourPickActor_h
#define vtkGrandTourPickActor_h

#include "vtkOpenGLActor.h"

class vtkGrandTourPickActor : public vtkOpenGLActor
{
public:
  static vtkGrandTourPickActor* New();
  vtkTypeMacro(vtkGrandTourPickActor, vtkOpenGLActor);

  int RenderOpaqueGeometry(vtkViewport* viewport) override;

  ///@{
  /// The bounds of the geometry, as the representation last laid it out.
  void SetBounds(const double bounds[6]);
  double* GetBounds() override;
  using vtkProp3D::GetBounds;
  ///@}

protected:
  vtkGrandTourPickActor() = default;
  ~vtkGrandTourPickActor() override = default;

private:
  double FixedBounds[6] = { 0, 0, 0, 0, 0, 0 };

  vtkGrandTourPickActor(const vtkGrandTourPickActor&) = delete;
  void operator=(const vtkGrandTourPickActor&) = delete;
};

#endif
