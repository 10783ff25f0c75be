// Times our UMAP (optionally after PCA) on a raw float32 matrix, phase by phase, for
// umap_benchmark.py. Usage:
//   umap_driver <data.f32> <rows> <columns> <components> <threads> <output.f32> [pca-dims]
// Prints one JSON line: seconds per phase and in total; writes the embedding as raw float32.
#include "PCA.h"
#include "UMAP.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace neurotour;
using Clock = std::chrono::steady_clock;

int main(int argc, char* argv[])
{
  if (argc < 7)
  {
    std::fprintf(stderr, "usage: %s data.f32 rows columns components threads output.f32 [pca]\n",
      argv[0]);
    return 2;
  }
  const long rows = std::atol(argv[2]);
  const long d = std::atol(argv[3]);
  const int pcaDims = argc > 7 ? std::atoi(argv[7]) : 0;
  MatrixRM data(rows, d);
  std::ifstream file(argv[1], std::ios::binary);
  if (!file.read(reinterpret_cast<char*>(data.data()), std::streamsize(data.size() * 4)))
  {
    std::fprintf(stderr, "cannot read %ld x %ld floats from %s\n", rows, d, argv[1]);
    return 1;
  }

  UMAPOptions options;
  options.NumberOfComponents = std::atoi(argv[4]);
  options.NumberOfThreads = std::atoi(argv[5]);
  const auto start = Clock::now();
  double pcaSeconds = 0.0;
  if (pcaDims > 0)
  {
    data = ComputePCA(ConstMatrixMap(data.data(), rows, d), pcaDims, options.NumberOfThreads).Scores;
    pcaSeconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  // Phase boundaries as ComputeUMAP reports them: kNN to 0.4, graph to 0.45, init to 0.5.
  const double marks[] = { 0.4, 0.45, 0.5, 0.98, 2.0 };
  double at[5] = { 0, 0, 0, 0, 0 };
  int next = 0;
  const UMAPResult result = ComputeUMAP(ConstMatrixMap(data.data(), data.rows(), data.cols()),
    options,
    [&](double f)
    {
      while (next < 4 && f >= marks[next] - 1e-9)
      {
        at[next++] = std::chrono::duration<double>(Clock::now() - start).count();
      }
      return true;
    });
  const double total = std::chrono::duration<double>(Clock::now() - start).count();
  std::ofstream(argv[6], std::ios::binary)
    .write(reinterpret_cast<const char*>(result.Embedding.data()),
      static_cast<std::streamsize>(result.Embedding.size() * sizeof(float)));
  std::printf("{\"pca\": %.3f, \"knn\": %.3f, \"graph\": %.3f, \"init\": %.3f, \"sgd\": %.3f, "
              "\"loss\": %.3f, \"total\": %.3f, \"epochs\": %d, \"umap_loss\": %.1f}\n",
    pcaSeconds, at[0] - pcaSeconds, at[1] - at[0], at[2] - at[1], at[3] - at[2], total - at[3],
    total, result.NumberOfEpochs, result.Loss);
  return 0;
}
