#!/usr/bin/env bash
# NeuroTour set-up: installs the Debian packages it needs, builds, then runs the main job
# ("main"), every test ("test") or the benchmarks ("benchmark"). Idempotent: packages already
# there are not reinstalled, and an existing build is reused.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
task="${1:-}"
case "$task" in
  main | test | benchmark) ;;
  *)
    echo "usage: $0 main|test|benchmark" >&2
    exit 2
    ;;
esac

# Building: compiler, ParaView 5.11 and the -dev packages its CMake package asks for when the
# plugin's components are found, LibTorch, Eigen, hnswlib, Spectra, FFTW, GoogleTest.
build_packages=(
  cmake g++ ninja-build ccache git pkg-config
  paraview paraview-dev python3-paraview
  qtbase5-dev qttools5-dev libqt5svg5-dev libqt5opengl5-dev qtxmlpatterns5-dev-tools
  libutfcpp-dev libopenmpi-dev libdouble-conversion-dev libglew-dev liblz4-dev liblzma-dev
  libexpat1-dev libjpeg-dev libpng-dev libtiff-dev libfreetype-dev libxml2-dev libjsoncpp-dev
  libpugixml-dev libgl2ps-dev libtheora-dev libogg-dev libxt-dev libprotobuf-dev libcgns-dev
  libfmt-dev zlib1g-dev
  libtorch-dev libeigen3-dev libhnswlib-dev libspectra-dev libfftw3-dev libgtest-dev
)
# Running: a virtual display (Debian's ParaView renders only through X), the data, and mpirun
# (pvbatch under MPI).
run_packages=(xvfb xauth dataset-fashion-mnist python3-numpy openmpi-bin)
# Tests compare with the peers: scikit-learn metrics, PyTorch forward hooks, torchvision models.
# GUI tests (Testing/GUI) drive the real paraview window: xdotool for mouse and keys,
# imagemagick for screenshots of the display (import) and reading their pixels (convert).
test_packages=(python3-sklearn python3-torch python3-torchvision xdotool imagemagick)
# Benchmarks time the peers: umap-learn, with an optimised BLAS as it would have in practice.
benchmark_packages=(umap-learn python3-pynndescent libopenblas0-pthread)

packages=("${build_packages[@]}" "${run_packages[@]}")
case "$task" in
  test) packages+=("${test_packages[@]}") ;;
  benchmark) packages+=("${test_packages[@]}" "${benchmark_packages[@]}") ;;
esac

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "== installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== building (build/)"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.ccache}"
# Paths relative to the checkout, so a fresh clone elsewhere reuses the cache.
export CCACHE_BASEDIR="$PWD"
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache
fi
cmake --build build -j "$(nproc)"

# One virtual display for everything that renders. -noreset: by default Xvfb resets when its
# last client leaves, and a client connecting during that reset is refused ("bad X server
# connection"), which made pvbatch processes started one after another fail now and then.
with_display() {
  if [ -n "${DISPLAY:-}" ]; then "$@"; else xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$@"; fi
}

export NEUROTOUR_PLUGIN="$PWD/build/lib/paraview-5.11/plugins/NeuroTour/NeuroTour.so"
export NEUROTOUR_BINARY_DIR="$PWD/build"
case "$task" in
  main)
    echo "== main job (output in output/)"
    with_display pvbatch --force-offscreen-rendering Examples/MainJob.py --output "$PWD/output"
    ;;
  test)
    echo "== tests"
    cd build
    with_display ctest --output-on-failure -j "$(nproc)" --timeout 1200
    ;;
  benchmark)
    echo "== benchmarks"
    for script in Testing/Benchmarks/*.py; do
      with_display pvpython --force-offscreen-rendering "$script"
    done
    ;;
esac
