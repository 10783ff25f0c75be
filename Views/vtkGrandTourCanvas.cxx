#include "vtkGrandTourCanvas.h"

#include "vtkActor.h"
#include "vtkBoundingBox.h"
#include "vtkCamera.h"
#include "vtkCellArray.h"
#include "vtkDataArray.h"
#include "vtkFloatArray.h"
#include "vtkImageData.h"
#include "vtkMatrix4x4.h"
#include "vtkObjectFactory.h"
#include "vtkPointData.h"
#include "vtkPoints.h"
#include "vtkPolyData.h"
#include "vtkPolyDataMapper.h"
#include "vtkProperty.h"
#include "vtkRenderWindow.h"
#include "vtkRenderer.h"
#include "vtkTexture.h"
#include "vtkWeakPointer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace
{
// ParaView's selection colour, and the one of a selected sample's nearest neighbours.
constexpr unsigned char SelectionColor[3] = { 255, 0, 255 };
constexpr unsigned char NeighborColor[3] = { 255, 200, 0 };
// A selected point gets a square halo this many pixels wider than the point; a selected
// thumbnail a dot of this side in front of it.
constexpr int HaloMargin = 6;
constexpr int SelectedDotSide = 8;
// The quad's depth in normalised device coordinates: behind everything else the view draws.
constexpr double QuadDepth = 0.998;
// Pixel coordinates beyond this are off any canvas.
constexpr double OffCanvas = 1e6;

// The renderer's composite projection (world to normalised device coordinates).
vtkMatrix4x4* CompositeProjection(vtkRenderer* renderer)
{
  return renderer->GetActiveCamera()->GetCompositeProjectionTransformMatrix(
    renderer->GetTiledAspectRatio(), -1, 1);
}

// The world corners, counter-clockwise from the bottom left, of the quad that covers the
// viewport just in front of the far plane.
void ViewportCorners(vtkMatrix4x4* projection, double corners[4][3])
{
  double inverse[16];
  vtkMatrix4x4::Invert(projection->GetData(), inverse);
  const double ndc[4][2] = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };
  for (int k = 0; k < 4; ++k)
  {
    const double in[4] = { ndc[k][0], ndc[k][1], QuadDepth, 1.0 };
    double out[4];
    vtkMatrix4x4::MultiplyPoint(inverse, in, out);
    for (int c = 0; c < 3; ++c)
    {
      corners[k][c] = out[c] / out[3];
    }
  }
}

// The pixels of one round point: coverage and shade. Shaded points are spheres lit by a
// headlight (as VTK's point imposters) with an anti-aliased edge; flat points, used for large
// data, are hard-edged discs, with no edge to blend. Each row's fully covered pixels form one
// span, so most pixels are written without blending.
struct Sprite
{
  int Side = 0;
  std::vector<unsigned char> Coverage;
  std::vector<unsigned char> Shade;
  std::vector<int> SpanBegin; // per row: the fully covered pixels are [SpanBegin, SpanEnd)
  std::vector<int> SpanEnd;
  struct EdgePixel
  {
    int I, J, K; // column, row, index in Coverage and Shade
  };
  std::vector<EdgePixel> Edge; // partly covered pixels
  double Diameter = -1.0;
  bool Shaded = false;

  void Build(double diameter, bool shaded)
  {
    if (diameter == this->Diameter && shaded == this->Shaded)
    {
      return;
    }
    this->Diameter = diameter;
    this->Shaded = shaded;
    const double radius = diameter / 2.0;
    const int side = static_cast<int>(std::ceil(diameter)) + 2;
    this->Side = side;
    this->Coverage.assign(side * side, 0);
    this->Shade.assign(side * side, 255);
    this->SpanBegin.assign(side, 0);
    this->SpanEnd.assign(side, 0);
    this->Edge.clear();
    const double centre = side / 2.0;
    for (int y = 0; y < side; ++y)
    {
      for (int x = 0; x < side; ++x)
      {
        const double distance = std::hypot(x + 0.5 - centre, y + 0.5 - centre);
        const double coverage = shaded ? std::min(1.0, std::max(0.0, radius + 0.5 - distance))
                                       : (distance <= radius ? 1.0 : 0.0);
        const int k = y * side + x;
        this->Coverage[k] = static_cast<unsigned char>(std::lround(255 * coverage));
        if (shaded)
        {
          const double r = std::min(1.0, distance / radius);
          this->Shade[k] =
            static_cast<unsigned char>(std::lround(255 * (0.3 + 0.7 * std::sqrt(1.0 - r * r))));
        }
        if (this->Coverage[k] == 255)
        {
          // A disc's full pixels in a row are contiguous.
          if (this->SpanBegin[y] == this->SpanEnd[y])
          {
            this->SpanBegin[y] = x;
          }
          this->SpanEnd[y] = x + 1;
        }
        else if (this->Coverage[k] > 0)
        {
          this->Edge.push_back({ x, y, k });
        }
      }
    }
  }
};

// Nearest integer of a pixel coordinate (coordinates are far from the int limits: the canvas
// is clipped before any use).
inline int Round(double value)
{
  return static_cast<int>(std::floor(value + 0.5));
}

// An image of the viewport, row 0 at the bottom (as a texture): RGB over an opaque
// background, RGBA (straight alpha) over a transparent one.
struct Pixels
{
  unsigned char* Data = nullptr;
  int Width = 0;
  int Height = 0;
  int Channels = 3;

  unsigned char* At(int x, int y) const
  {
    return this->Data + this->Channels * (static_cast<std::size_t>(y) * this->Width + x);
  }

  // `color` with opacity alpha (0-255) over the pixel.
  void Blend(unsigned char* pixel, const unsigned char color[3], int alpha) const
  {
    if (alpha >= 255)
    {
      std::copy_n(color, 3, pixel);
      if (this->Channels == 4)
      {
        pixel[3] = 255;
      }
      return;
    }
    if (this->Channels == 3)
    {
      for (int c = 0; c < 3; ++c)
      {
        pixel[c] = static_cast<unsigned char>(pixel[c] + ((color[c] - pixel[c]) * alpha) / 255);
      }
      return;
    }
    // Both opacities scaled by 255: the pixel keeps (1 - alpha) of its own.
    const int kept = pixel[3] * (255 - alpha);
    const int total = 255 * alpha + kept;
    if (total == 0)
    {
      return;
    }
    for (int c = 0; c < 3; ++c)
    {
      pixel[c] = static_cast<unsigned char>((255 * alpha * color[c] + kept * pixel[c]) / total);
    }
    pixel[3] = static_cast<unsigned char>(total / 255);
  }

  // A side × side square centred on (x, y) (pixel units).
  void FillSquare(double x, double y, int side, const unsigned char color[3]) const
  {
    const int x0 = Round(x - side / 2.0);
    const int y0 = Round(y - side / 2.0);
    for (int j = std::max(0, y0); j < std::min(this->Height, y0 + side); ++j)
    {
      for (int i = std::max(0, x0); i < std::min(this->Width, x0 + side); ++i)
      {
        this->Blend(this->At(i, j), color, 255);
      }
    }
  }

  // A square at each of `rows`' centres: the selection's halos or dots.
  void MarkRows(const float* centres, const std::vector<vtkIdType>& rows, int side,
    const unsigned char color[3]) const
  {
    for (vtkIdType row : rows)
    {
      this->FillSquare(centres[2 * row], centres[2 * row + 1], side, color);
    }
  }
};

// World (layout) coordinates at z = 0 to pixels of the current tile.
struct Placement
{
  double M[4][4];
  int Width = 0;
  int Height = 0;

  void ToPixels(double x, double y, double& px, double& py) const
  {
    const double w = this->M[3][0] * x + this->M[3][1] * y + this->M[3][3];
    px = ((this->M[0][0] * x + this->M[0][1] * y + this->M[0][3]) / w + 1.0) * 0.5 * this->Width;
    py = ((this->M[1][0] * x + this->M[1][1] * y + this->M[1][3]) / w + 1.0) * 0.5 * this->Height;
  }

  // Pixels per world unit (the camera is parallel: the same everywhere and in x and y).
  double Scale() const
  {
    double x0, y0, x1, y1, x2, y2;
    this->ToPixels(0, 0, x0, y0);
    this->ToPixels(1, 0, x1, y1);
    this->ToPixels(0, 1, x2, y2);
    return std::sqrt(std::abs((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)));
  }
};
using Layer = vtkGrandTourCanvas::Layer;

// A thumbnail's side in pixels: at least one, at most twice the canvas (a larger one shows
// no more of the image, and would only cost time).
int ThumbnailSide(double pixels, const Pixels& canvas)
{
  const double largest = 2.0 * std::max(canvas.Width, canvas.Height);
  return std::max(1, Round(std::min(largest, std::isfinite(pixels) ? pixels : 1.0)));
}

void DrawPoints(const Pixels& pixels,
  const float* centres,
  const Layer& layer,
  const Sprite& sprite)
{
  const int side = sprite.Side;
  const int opacity = static_cast<int>(std::lround(255 * layer.Opacity));
  auto draw = [&](vtkIdType row)
  {
    const double x = centres[2 * row];
    const double y = centres[2 * row + 1];
    const int x0 = Round(x - side / 2.0);
    const int y0 = Round(y - side / 2.0);
    if (x0 >= pixels.Width || y0 >= pixels.Height || x0 + side <= 0 || y0 + side <= 0)
    {
      return;
    }
    const unsigned char* rgba = layer.Colors + 4 * row;
    const int alpha = rgba[3] * opacity / 255;
    auto shaded = [&](int k, unsigned char color[3])
    {
      const int shade = sprite.Shade[k];
      for (int c = 0; c < 3; ++c)
      {
        color[c] = static_cast<unsigned char>(rgba[c] * shade / 255);
      }
    };
    const bool inside =
      x0 >= 0 && y0 >= 0 && x0 + side <= pixels.Width && y0 + side <= pixels.Height;
    const int jBegin = std::max(0, -y0);
    const int jEnd = std::min(side, pixels.Height - y0);
    const int iBegin = std::max(0, -x0);
    const int iEnd = std::min(side, pixels.Width - x0);
    for (int j = jBegin; j < jEnd; ++j)
    {
      unsigned char* out = pixels.At(x0, y0 + j);
      const int begin = std::max(iBegin, sprite.SpanBegin[j]);
      const int end = std::min(iEnd, sprite.SpanEnd[j]);
      for (int i = begin; i < end; ++i)
      {
        unsigned char color[3] = { rgba[0], rgba[1], rgba[2] };
        if (sprite.Shaded)
        {
          shaded(j * side + i, color);
        }
        pixels.Blend(out + pixels.Channels * i, color, alpha);
      }
    }
    for (const auto& edge : sprite.Edge)
    {
      if (inside || (edge.I >= iBegin && edge.I < iEnd && edge.J >= jBegin && edge.J < jEnd))
      {
        unsigned char color[3];
        shaded(edge.K, color);
        pixels.Blend(
          pixels.At(x0 + edge.I, y0 + edge.J), color, sprite.Coverage[edge.K] * alpha / 255);
      }
    }
  };
  for (vtkIdType row : layer.Faded)
  {
    draw(row);
  }
  const int halo = static_cast<int>(std::lround(layer.PointSize)) + HaloMargin;
  pixels.MarkRows(centres, layer.Neighbors, halo, NeighborColor);
  pixels.MarkRows(centres, layer.Selected, halo, SelectionColor);
  for (vtkIdType row : layer.Shown)
  {
    draw(row);
  }
}

void DrawThumbnails(const Pixels& pixels, const float* centres, const Layer& layer, int side)
{
  // Nearest texel for each pixel of a thumbnail; canvas rows run bottom to top, image rows top
  // to bottom.
  std::vector<int> column(side);
  std::vector<int> line(side);
  for (int k = 0; k < side; ++k)
  {
    column[k] = k * layer.TileWidth / side;
    line[k] = (side - 1 - k) * layer.TileHeight / side;
  }
  const int opacity = static_cast<int>(std::lround(255 * layer.Opacity));
  const vtkIdType tiles = static_cast<vtkIdType>(layer.TileOrigins.size() / 2);
  const int channels = layer.Channels;
  auto draw = [&](vtkIdType row)
  {
    if (row >= tiles)
    {
      return;
    }
    const double x = centres[2 * row];
    const double y = centres[2 * row + 1];
    const int x0 = Round(x - side / 2.0);
    const int y0 = Round(y - side / 2.0);
    const unsigned char* rgba = layer.Colors + 4 * row;
    // Grayscale thumbnails take their class colour (the image modulates it); RGB stay as is.
    int tint[3] = { 255, 255, 255 };
    if (channels == 1)
    {
      for (int c = 0; c < 3; ++c)
      {
        tint[c] = std::min(255, 60 + rgba[c]);
      }
    }
    const int alpha = rgba[3] * opacity / 255;
    if (x0 >= pixels.Width || y0 >= pixels.Height || x0 + side <= 0 || y0 + side <= 0)
    {
      return;
    }
    const unsigned char* tile = layer.Atlas +
      channels *
        (static_cast<std::size_t>(layer.TileOrigins[2 * row + 1]) * layer.AtlasWidth +
          layer.TileOrigins[2 * row]);
    for (int j = std::max(0, -y0); j < std::min(side, pixels.Height - y0); ++j)
    {
      const unsigned char* texels =
        tile + channels * static_cast<std::size_t>(line[j]) * layer.AtlasWidth;
      unsigned char* out = pixels.At(0, y0 + j);
      for (int i = std::max(0, -x0); i < std::min(side, pixels.Width - x0); ++i)
      {
        const unsigned char* texel = texels + channels * column[i];
        unsigned char color[3];
        for (int c = 0; c < 3; ++c)
        {
          color[c] = static_cast<unsigned char>(tint[c] * texel[channels == 1 ? 0 : c] / 255);
        }
        pixels.Blend(out + pixels.Channels * (x0 + i), color, alpha);
      }
    }
  };
  for (vtkIdType row : layer.Faded)
  {
    draw(row);
  }
  for (vtkIdType row : layer.Shown)
  {
    draw(row);
  }
  pixels.MarkRows(centres, layer.Neighbors, SelectedDotSide, NeighborColor);
  pixels.MarkRows(centres, layer.Selected, SelectedDotSide, SelectionColor);
}
} // namespace

//------------------------------------------------------------------------------
class vtkGrandTourCanvas::vtkInternals
{
public:
  vtkInternals()
  {
    vtkNew<vtkPoints> corners;
    corners->SetNumberOfPoints(4);
    vtkNew<vtkFloatArray> textureCoordinates;
    textureCoordinates->SetNumberOfComponents(2);
    const float uv[4][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
    for (const auto& corner : uv)
    {
      textureCoordinates->InsertNextTypedTuple(corner);
    }
    vtkNew<vtkCellArray> quad;
    const vtkIdType ids[4] = { 0, 1, 2, 3 };
    quad->InsertNextCell(4, ids);
    this->Quad->SetPoints(corners);
    this->Quad->SetPolys(quad);
    this->Quad->GetPointData()->SetTCoords(textureCoordinates);
    this->Mapper->SetInputData(this->Quad);
    this->Mapper->ScalarVisibilityOff();
    // One texel per pixel: no filtering. The quad is drawn with the opaque props, first: over
    // an opaque background its texture is RGB (blending the whole viewport would cost more
    // than drawing it); over a transparent one, RGBA blended onto the cleared frame.
    this->Texture->SetInputData(this->Image);
    this->Texture->InterpolateOff();
    this->Texture->EdgeClampOn();
    this->Actor->SetMapper(this->Mapper);
    this->Actor->SetTexture(this->Texture);
    this->Actor->GetProperty()->SetLighting(false);
    this->Actor->GetProperty()->SetColor(1.0, 1.0, 1.0);
    this->Actor->PickableOff();
    this->Actor->ForceOpaqueOn();
  }

  void Paint(const Placement& placement, vtkRenderer* renderer);

  std::vector<const Layer*> Layers;
  vtkWeakPointer<vtkRenderer> Renderer;
  vtkNew<vtkImageData> Image;
  vtkNew<vtkTexture> Texture;
  vtkNew<vtkPolyData> Quad;
  vtkNew<vtkPolyDataMapper> Mapper;
  vtkNew<vtkActor> Actor;
  Sprite Point;
  // What the image was painted from: placement, size, background (and its opacity) and layer
  // versions.
  std::vector<double> PaintKey;
};

//------------------------------------------------------------------------------
void vtkGrandTourCanvas::vtkInternals::Paint(const Placement& placement, vtkRenderer* renderer)
{
  // A transparent background: ParaView's parallel compositing renders on one (each rank's
  // picture is laid over the real background after), as does a transparent screenshot.
  const double backgroundAlpha = std::min(1.0, std::max(0.0, renderer->GetBackgroundAlpha()));
  const int channels = backgroundAlpha < 1.0 ? 4 : 3;
  int dimensions[3];
  this->Image->GetDimensions(dimensions);
  vtkDataArray* scalars = this->Image->GetPointData()->GetScalars();
  if (dimensions[0] != placement.Width || dimensions[1] != placement.Height || !scalars ||
    scalars->GetNumberOfComponents() != channels)
  {
    this->Image->SetDimensions(placement.Width, placement.Height, 1);
    this->Image->AllocateScalars(VTK_UNSIGNED_CHAR, channels);
  }
  // One thread: with OpenMP, workers spinning after the picture would take the cores the
  // software rasteriser draws with next, and any other load on the machine stalls them all.
  Pixels pixels;
  pixels.Data = static_cast<unsigned char*>(this->Image->GetScalarPointer());
  pixels.Width = placement.Width;
  pixels.Height = placement.Height;
  pixels.Channels = channels;

  // The renderer's background, uniform or a vertical gradient (textured backgrounds are not
  // reproduced).
  const double* bottom = renderer->GetBackground();
  const double* top = renderer->GetBackground2();
  const bool gradient = renderer->GetGradientBackground();
  for (int y = 0; y < pixels.Height; ++y)
  {
    unsigned char* row = pixels.At(0, y);
    if (y > 0 && !gradient)
    {
      std::copy_n(pixels.At(0, 0), channels * pixels.Width, row);
      continue;
    }
    const double t = pixels.Height > 1 ? static_cast<double>(y) / (pixels.Height - 1) : 0.0;
    unsigned char color[4];
    for (int c = 0; c < 3; ++c)
    {
      const double value = bottom[c] * (1.0 - t) + top[c] * t;
      color[c] = static_cast<unsigned char>(std::lround(255 * std::min(1.0, std::max(0.0, value))));
    }
    color[3] = static_cast<unsigned char>(std::lround(255 * backgroundAlpha));
    for (int x = 0; x < pixels.Width; ++x)
    {
      std::copy_n(color, channels, row + channels * x);
    }
  }

  std::vector<float> centres;
  for (const Layer* layer : this->Layers)
  {
    if (!layer->Visible || !layer->Positions || !layer->Colors)
    {
      continue;
    }
    centres.resize(2 * layer->NumberOfRows);
    for (vtkIdType r = 0; r < layer->NumberOfRows; ++r)
    {
      double x, y;
      placement.ToPixels(layer->Positions[2 * r], layer->Positions[2 * r + 1], x, y);
      // Far off the canvas (a huge camera zoom), or not a number: parked where every draw
      // rejects it, so no pixel coordinate overflows an int.
      const bool near = std::abs(x) < OffCanvas && std::abs(y) < OffCanvas;
      centres[2 * r] = static_cast<float>(near ? x : -OffCanvas);
      centres[2 * r + 1] = static_cast<float>(near ? y : -OffCanvas);
    }
    if (layer->Atlas)
    {
      DrawThumbnails(
        pixels, centres.data(), *layer, ThumbnailSide(layer->ImageSide * placement.Scale(), pixels));
    }
    else
    {
      this->Point.Build(layer->PointSize, layer->Shaded);
      DrawPoints(pixels, centres.data(), *layer, this->Point);
    }
  }
  this->Image->GetPointData()->GetScalars()->Modified();
  this->Image->Modified();
}

//------------------------------------------------------------------------------
vtkStandardNewMacro(vtkGrandTourCanvas);

//------------------------------------------------------------------------------
vtkGrandTourCanvas::vtkGrandTourCanvas()
  : Internals(new vtkInternals)
{
  // Layout bounds come from the representations; the quad follows the camera.
  this->PickableOff();
}

//------------------------------------------------------------------------------
vtkGrandTourCanvas::~vtkGrandTourCanvas() = default;

//------------------------------------------------------------------------------
void vtkGrandTourCanvas::AddLayer(const Layer* layer)
{
  auto& layers = this->Internals->Layers;
  if (layer && std::find(layers.begin(), layers.end(), layer) == layers.end())
  {
    layers.push_back(layer);
    this->Internals->PaintKey.clear();
    this->Modified();
  }
}

//------------------------------------------------------------------------------
void vtkGrandTourCanvas::RemoveLayer(const Layer* layer)
{
  auto& layers = this->Internals->Layers;
  layers.erase(std::remove(layers.begin(), layers.end(), layer), layers.end());
  this->Internals->PaintKey.clear();
  this->Modified();
}

//------------------------------------------------------------------------------
int vtkGrandTourCanvas::RenderOpaqueGeometry(vtkViewport* viewport)
{
  auto& internals = *this->Internals;
  auto* renderer = vtkRenderer::SafeDownCast(viewport);
  // Hardware selection reads ids from vtkGrandTourPickActor's geometry, not from this picture.
  if (!renderer || renderer->GetSelector() || !this->HasVisibleLayer())
  {
    return 0;
  }
  Placement placement;
  int x0, y0;
  renderer->GetTiledSizeAndOrigin(&placement.Width, &placement.Height, &x0, &y0);
  if (placement.Width < 1 || placement.Height < 1)
  {
    return 0;
  }
  vtkMatrix4x4* matrix = CompositeProjection(renderer);
  std::vector<double> key(matrix->GetData(), matrix->GetData() + 16);
  std::copy_n(&matrix->GetData()[0], 16, &placement.M[0][0]);
  key.push_back(placement.Width);
  key.push_back(placement.Height);
  key.insert(key.end(), renderer->GetBackground(), renderer->GetBackground() + 3);
  key.insert(key.end(), renderer->GetBackground2(), renderer->GetBackground2() + 3);
  key.push_back(renderer->GetGradientBackground());
  key.push_back(renderer->GetBackgroundAlpha());
  for (const Layer* layer : internals.Layers)
  {
    key.push_back(static_cast<double>(reinterpret_cast<std::uintptr_t>(layer)));
    key.push_back(static_cast<double>(layer->Version));
    key.push_back(layer->Visible);
  }
  if (key != internals.PaintKey)
  {
    internals.PaintKey = key;
    internals.Paint(placement, renderer);
  }

  double corners[4][3];
  ViewportCorners(matrix, corners);
  vtkPoints* quad = internals.Quad->GetPoints();
  for (int k = 0; k < 4; ++k)
  {
    quad->SetPoint(k, corners[k]);
  }
  quad->Modified();
  return internals.Actor->RenderOpaqueGeometry(viewport);
}

//------------------------------------------------------------------------------
bool vtkGrandTourCanvas::HasVisibleLayer() const
{
  const auto& layers = this->Internals->Layers;
  return std::any_of(
    layers.begin(), layers.end(), [](const Layer* layer) { return layer->Visible; });
}

//------------------------------------------------------------------------------
void vtkGrandTourCanvas::SetRenderer(vtkRenderer* renderer)
{
  this->Internals->Renderer = renderer;
}

//------------------------------------------------------------------------------
double* vtkGrandTourCanvas::GetBounds()
{
  // ParaView's compositing under MPI (IceT) draws only the part of the viewport that the
  // props' bounds cover, and skips a process whose props have none. The picture covers the
  // viewport, so during a render its bounds are those of its quad. Outside a render (when
  // ParaView sums the bounds that frame the view) it has none: the framing comes from the
  // representations, and the viewport's own bounds would feed back into it.
  vtkRenderer* renderer = this->Internals->Renderer;
  vtkRenderWindow* window = renderer ? renderer->GetRenderWindow() : nullptr;
  if (!window || !window->CheckInRenderStatus() || !this->HasVisibleLayer())
  {
    return nullptr;
  }
  double corners[4][3];
  ViewportCorners(CompositeProjection(renderer), corners);
  vtkBoundingBox box;
  for (const auto& corner : corners)
  {
    box.AddPoint(corner[0], corner[1], corner[2]);
  }
  box.GetBounds(this->Bounds);
  return this->Bounds;
}

//------------------------------------------------------------------------------
void vtkGrandTourCanvas::ReleaseGraphicsResources(vtkWindow* window)
{
  this->Internals->Actor->ReleaseGraphicsResources(window);
  this->Internals->Texture->ReleaseGraphicsResources(window);
  this->Internals->PaintKey.clear();
  this->Superclass::ReleaseGraphicsResources(window);
}

//------------------------------------------------------------------------------
void vtkGrandTourCanvas::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "NumberOfLayers: " << this->Internals->Layers.size() << "\n";
}
