// Times our t-SNE on a raw float32 matrix, phase by phase, for tsne_benchmark.py. Usage:
//   tsne_driver <data.f32> <rows> <columns> <threads> <output.f32> [affinities-prefix]
// Prints one JSON line: seconds per phase and in total, and the KL divergence; writes the
// embedding as raw float32 and, when asked, the affinities P after the timing (CSR:
// prefix.rows int64, prefix.columns int32, prefix.values float32), so the script measures
// every embedding's KL divergence against the same P.
#include "TSNE.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace neurotour;
using Clock = std::chrono::steady_clock;

int main(int argc, char* argv[])
{
  if (argc < 6)
  {
    std::fprintf(
      stderr, "usage: %s data.f32 rows columns threads output.f32 [prefix]\n", argv[0]);
    return 2;
  }
  const long rows = std::atol(argv[2]);
  const long d = std::atol(argv[3]);
  MatrixRM data(rows, d);
  std::ifstream file(argv[1], std::ios::binary);
  if (!file.read(reinterpret_cast<char*>(data.data()), std::streamsize(data.size() * 4)))
  {
    std::fprintf(stderr, "cannot read %ld x %ld floats from %s\n", rows, d, argv[1]);
    return 1;
  }
  TSNEOptions options;
  options.NumberOfThreads = std::atoi(argv[4]);
  // Grid experiments: NEUROTOUR_TSNE_GRID="minimum-boxes maximum-boxes near-field-spacings".
  if (const char* grid = std::getenv("NEUROTOUR_TSNE_GRID"))
  {
    std::sscanf(grid, "%d %d %lf", &options.Grid.MinimumBoxes, &options.Grid.MaximumBoxes,
      &options.Grid.NearFieldSpacings);
  }
  // Phase boundaries as ComputeTSNE reports them: kNN to 0.3, affinities to 0.32, init to 0.35.
  const double marks[] = { 0.3, 0.32, 0.35 };
  double at[3] = { 0, 0, 0 };
  int next = 0;
  const auto start = Clock::now();
  const TSNEResult result = ComputeTSNE(ConstMatrixMap(data.data(), rows, d), options,
    [&](double f)
    {
      while (next < 3 && f >= marks[next] - 1e-9)
      {
        at[next++] = std::chrono::duration<double>(Clock::now() - start).count();
      }
      return true;
    });
  const double total = std::chrono::duration<double>(Clock::now() - start).count();
  std::ofstream(argv[5], std::ios::binary)
    .write(reinterpret_cast<const char*>(result.Embedding.data()),
      static_cast<std::streamsize>(result.Embedding.size() * sizeof(float)));
  if (argc > 6)
  {
    const ConstMatrixMap view(data.data(), rows, d);
    const TSNEAffinities p = ComputeTSNEAffinities(
      Neighbors(view, TSNENeighborCount(options.Perplexity, rows) + 1, options.Distance,
        options.NumberOfThreads, options.Seed),
      options.Perplexity, options.Distance, options.NumberOfThreads);
    const std::string prefix = argv[6];
    const auto write = [&](const char* suffix, const auto& values)
    {
      std::ofstream(prefix + suffix, std::ios::binary)
        .write(reinterpret_cast<const char*>(values.data()),
          static_cast<std::streamsize>(values.size() * sizeof(values[0])));
    };
    write(".rows", p.RowStart);
    write(".columns", p.Columns);
    write(".values", p.Values);
  }
  std::printf("{\"knn\": %.3f, \"affinities\": %.3f, \"init\": %.3f, \"optimize\": %.3f, "
              "\"total\": %.3f, \"kl\": %.4f}\n",
    at[0], at[1] - at[0], at[2] - at[1], total - at[2], total, result.KLDivergence);
  return 0;
}
