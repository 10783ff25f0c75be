/**
 * @class vtkGrandTourCanvas
 * @brief Draws the Grand Tour's samples (points or thumbnails) into one image on the CPU and
 * shows it as a single textured quad behind every other prop of the view.
 *
 * With Mesa's software OpenGL (llvmpipe, the OpenGL of a headless or virtual machine) a GL point
 * costs about half a microsecond to set up whatever its size: 70,000 points take 40 ms a frame.
 * Writing their pixels here takes a few milliseconds, and an opaque RGB texture of the viewport
 * uploads and draws in about 4 ms. The samples are placed at render time with the renderer's
 * own camera and tile, so panning, zooming and large (tiled) screenshots stay exact.
 *
 * Each representation owns a Layer, fills it before the render and bumps its Version when it
 * changed; layers are drawn in the order they were added, over the renderer's background
 * (uniform or vertical gradient; transparent, in RGBA, when the renderer's background alpha is
 * below 1, as under ParaView's MPI compositing). The canvas is not drawn while the renderer makes
 * a hardware selection: vtkGrandTourPickActor carries the pickable geometry instead.
 */
#ifndef vtkGrandTourCanvas_h
#define vtkGrandTourCanvas_h

#include "vtkProp.h"
#include "vtkType.h" // for vtkIdType

#include <memory> // for std::unique_ptr
#include <vector> // for std::vector

class vtkRenderer;

class vtkGrandTourCanvas : public vtkProp
{
public:
  static vtkGrandTourCanvas* New();
  vtkTypeMacro(vtkGrandTourCanvas, vtkProp);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  /// What one representation draws. Positions are world (layout) coordinates at z = 0.
  struct Layer
  {
    bool Visible = false;
    vtkIdType NumberOfRows = 0;
    const float* Positions = nullptr;      // x, y per row
    const unsigned char* Colors = nullptr; // RGBA per row
    std::vector<vtkIdType> Faded;          // drawn first, behind the others (hidden classes)
    std::vector<vtkIdType> Shown;          // drawn in row order over the faded ones
    std::vector<vtkIdType> Selected;       // a halo behind (points) or a dot in front (thumbnails)
    std::vector<vtkIdType> Neighbors;      // as Selected, in another colour
    double PointSize = 7.0;                // diameter in pixels
    bool Shaded = true;                    // lit spheres; flat discs when false
    double Opacity = 1.0;
    // Thumbnails instead of points when Atlas is set: tile r of the atlas (top row first,
    // Channels of 1 = grayscale tinted by the row's colour, or 3 = RGB) has its top left texel
    // at TileOrigins[2r], TileOrigins[2r + 1]; ImageSide is the thumbnail side in world units.
    const unsigned char* Atlas = nullptr;
    int AtlasWidth = 0;
    int Channels = 1;
    int TileWidth = 0;
    int TileHeight = 0;
    std::vector<int> TileOrigins;
    double ImageSide = 0.0;
    unsigned long Version = 0;
  };

  ///@{
  /// The layers to draw; owned by the caller, which removes its layer before destroying it.
  void AddLayer(const Layer* layer);
  void RemoveLayer(const Layer* layer);
  ///@}

  /// The renderer the canvas is drawn in (not owned): GetBounds places the quad with its camera.
  void SetRenderer(vtkRenderer* renderer);

  /// During a render of its renderer, the bounds of the quad that covers the viewport; none
  /// otherwise (the layout's bounds come from the representations).
  double* GetBounds() override;

  int RenderOpaqueGeometry(vtkViewport* viewport) override;
  void ReleaseGraphicsResources(vtkWindow* window) override;

protected:
  vtkGrandTourCanvas();
  ~vtkGrandTourCanvas() override;

private:
  vtkGrandTourCanvas(const vtkGrandTourCanvas&) = delete;
  void operator=(const vtkGrandTourCanvas&) = delete;

  bool HasVisibleLayer() const;

  class vtkInternals;
  std::unique_ptr<vtkInternals> Internals;
  double Bounds[6];
};

#endif
