// Times our Aligned UMAP on raw float32 slices (identity relations) for
// aligned_umap_benchmark.py. Usage:
//   aligned_umap_driver <slices.f32> <slices> <rows> <columns> <threads> <output.f32>
// Prints one JSON line with the seconds; writes the embeddings (slices x rows x 2) as float32.
#include "AlignedUMAP.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>

using namespace neurotour;

int main(int argc, char* argv[])
{
  if (argc < 7)
  {
    std::fprintf(stderr, "usage: %s slices.f32 slices rows columns threads output.f32\n", argv[0]);
    return 2;
  }
  const int count = std::atoi(argv[2]);
  const long rows = std::atol(argv[3]);
  const long d = std::atol(argv[4]);
  MatrixRM data(count * rows, d);
  std::ifstream file(argv[1], std::ios::binary);
  if (!file.read(reinterpret_cast<char*>(data.data()), std::streamsize(data.size() * 4)))
  {
    std::fprintf(stderr, "cannot read the slices from %s\n", argv[1]);
    return 1;
  }
  std::vector<ConstMatrixMap> slices;
  std::vector<std::vector<std::int64_t>> ids(count, std::vector<std::int64_t>(rows));
  for (int s = 0; s < count; ++s)
  {
    slices.emplace_back(data.data() + s * rows * d, rows, d);
    std::iota(ids[s].begin(), ids[s].end(), 0);
  }
  AlignedUMAPOptions options;
  options.NumberOfThreads = std::atoi(argv[5]);
  const auto start = std::chrono::steady_clock::now();
  const AlignedUMAPResult result = ComputeAlignedUMAP(slices, ids, options);
  const double seconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ofstream out(argv[6], std::ios::binary);
  for (const MatrixRM& embedding : result.Embeddings)
  {
    out.write(reinterpret_cast<const char*>(embedding.data()),
      static_cast<std::streamsize>(embedding.size() * sizeof(float)));
  }
  std::printf("{\"total\": %.3f, \"epochs\": %d}\n", seconds, result.NumberOfEpochs);
  return 0;
}
