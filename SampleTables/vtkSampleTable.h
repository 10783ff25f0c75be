/**
 * @class vtkSampleTable
 * @brief The sample-table data model of DESIGN.md, in one place.
 *
 * A sample table is a vtkTable with one row per sample: `SampleId` (also the row global ids,
 * so ParaView's selection links match samples across tables), `Label`, optionally `Split`,
 * and one multi-component feature array (`Pixels`, `Activations` or `Embedding`). Field data:
 * `LabelNames`, `SampleShape`, `LayerName`. Readers build tables with these helpers and
 * filters validate their inputs with them, so every module agrees on the names.
 */
#ifndef vtkSampleTable_h
#define vtkSampleTable_h

#include "NeuroTourSampleTablesModule.h" // for export macro
#include "vtkSmartPointer.h"        // for the returned arrays
#include "vtkType.h"                // for vtkIdType

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

class vtkAbstractArray;
class vtkDataArray;
class vtkDataObject;
class vtkFieldData;
class vtkFloatArray;
class vtkIdTypeArray;
class vtkInformation;
class vtkInformationIntegerKey;
class vtkPolyData;
class vtkTable;

struct NEUROTOURSAMPLETABLES_EXPORT vtkSampleTable
{
  /// Names of the columns.
  static constexpr const char* SampleIdName = "SampleId";
  static constexpr const char* LabelName = "Label";
  static constexpr const char* SplitName = "Split";
  /// Names of the field-data arrays.
  static constexpr const char* LabelNamesField = "LabelNames";
  static constexpr const char* SampleShapeField = "SampleShape";
  static constexpr const char* ImageShapeField = "ImageShape";
  static constexpr const char* LayerNameField = "LayerName";

  /// Names of the columns that describe a sample rather than hold its features.
  static const std::vector<std::string>& AnnotationNames();

  /// Set on the annotation columns' information: the filters' feature-array lists leave them
  /// out (the XML domains' key_names), so an array drop-down defaults to the features.
  static vtkInformationIntegerKey* ANNOTATION();

  /// Makes `SampleId` the table's row global ids and marks the annotation columns (call after
  /// adding or replacing columns).
  static void MarkColumns(vtkTable* table);

  /// A `SampleId` column first, first+1, ..., first+count-1.
  static vtkSmartPointer<vtkIdTypeArray> MakeSampleIds(vtkIdType count, long long first = 0);

  /// Adds `SampleId` = first, first+1, ... when the table has none.
  static void EnsureSampleIds(vtkTable* table, long long first = 0);

  /// The named array as float32 rows (a multi-component array or a one-component column).
  /// A float32 array is returned as it is (no copy); other numeric types are converted.
  /// Returns nullptr and fills `error` when it is missing, not numeric, or holds NaN/Inf.
  static vtkSmartPointer<vtkFloatArray> GetFeatures(
    vtkTable* table, const char* name, std::string& error, bool requireFinite = true);

  /// Field data `LabelNames` as strings (empty when absent).
  static std::vector<std::string> GetLabelNames(vtkFieldData* fieldData);
  static void SetLabelNames(vtkFieldData* fieldData, const std::vector<std::string>& names);

  /// Field data `SampleShape`: the shape of the table's feature array (empty when absent).
  static std::vector<int> GetSampleShape(vtkFieldData* fieldData);
  static void SetSampleShape(vtkFieldData* fieldData, const std::vector<int>& shape);

  /// Field data `ImageShape`: the shape of `Pixels` (C H W). It stays with the samples through
  /// every layer (whose `SampleShape` is that layer's), so any layer can be shown as images.
  /// Falls back on `SampleShape` for tables that have no `ImageShape`.
  static std::vector<int> GetImageShape(vtkFieldData* fieldData);
  static void SetImageShape(vtkFieldData* fieldData, const std::vector<int>& shape);

  static std::string GetLayerName(vtkFieldData* fieldData);
  static void SetLayerName(vtkFieldData* fieldData, const std::string& name);

  /// The table as points for render views: one vertex per row in row order (a picked point
  /// id is a row id), every column as point data, `SampleId` as the vtkIdType global ids that
  /// ParaView's selections match, and the table's field data. The points are at `coordinates`
  /// (2 or 3 components, z = 0 for 2), or at the origin when it is null (a view that places
  /// them itself).
  static void ToPoints(vtkTable* table, vtkFloatArray* coordinates, vtkPolyData* output);

  /// Under MPI (pvbatch, pvserver) every rank holds its own rows of a data set: piece p of N
  /// holds rows [n p / N, n (p + 1) / N), in rank order, with global SampleIds. A reader calls
  /// DeclarePieces in RequestInformation (else VTK runs it for piece 0 only) and PieceRows or
  /// KeepPieceRows in RequestData. Without a piece request the piece is all rows.
  static void DeclarePieces(vtkInformation* outInfo);
  static std::pair<vtkIdType, vtkIdType> PieceRows(vtkInformation* outInfo, vtkIdType rows);
  /// Keeps the piece's rows of every column (field data kept).
  static void KeepPieceRows(vtkTable* table, vtkInformation* outInfo);
  /// An empty column of `column`'s class, name and components, with `rows` tuples.
  static vtkSmartPointer<vtkAbstractArray> NewColumnLike(vtkAbstractArray* column, vtkIdType rows);
  /// Rows [begin, end) of every column of `table`, with its field data.
  static vtkSmartPointer<vtkTable> SliceRows(vtkTable* table, vtkIdType begin, vtkIdType end);

  /// True on a piece > 0 of a parallel run (pvbatch/pvserver under MPI) whose input holds no
  /// rows (more ranks than samples): a filter that works row by row passes an empty output on
  /// instead of reporting an error.
  static bool IsEmptyParallelPiece(vtkDataObject* input, vtkInformation* outInfo);

  /// Epochs are time steps: the index in `steps` (ascending, not empty) of the step that the
  /// output information `outInfo` requests, i.e. the last one at or before UPDATE_TIME_STEP
  /// (the first one when none is requested or the request precedes the series).
  static std::size_t RequestedTimeStep(vtkInformation* outInfo, const std::vector<double>& steps);

  /// The TIME_STEPS a pipeline information holds (empty when it has none).
  static std::vector<double> GetTimeSteps(vtkInformation* info);

  /// Computes, in one pass, the ranges ParaView's data information asks of a wide array (each
  /// component's range and finite range, the tuples' L2-norm ranges) and stores them where
  /// vtkDataArray caches them, so that GetRange() no longer takes one slow pass each (VTK's
  /// own took 12 s for a 1 GB float array of 1,280 components here, this 0.3 s). Float,
  /// double and unsigned char arrays with tuples; others are left alone. Returns the number of
  /// NaN or infinite values (0 for the others).
  static vtkIdType CacheRanges(vtkDataArray* array);

  /// Class names of well-known data sets ("fashion-mnist", "mnist"); empty when unknown.
  static std::vector<std::string> KnownLabelNames(const std::string& dataset);
};

#endif
