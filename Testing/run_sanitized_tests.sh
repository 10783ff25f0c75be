#!/usr/bin/env bash
# Builds the GoogleTests (every algorithm, the file parsers, the LibTorch layer) with ASan and
# UBSan in build-asan/ (NEUROTOUR_SANITIZE=ON) and runs them; any report fails the run.
#   bash Testing/run_sanitized_tests.sh
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.ccache}" CCACHE_BASEDIR="$PWD"
if [ ! -f build-asan/build.ninja ]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEUROTOUR_SANITIZE=ON \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache >/dev/null
fi
tests=$(sed -n 's/^ *\(Test[A-Za-z]*\))\?$/\1/p; s/^neurotour_add_unit_test(\(Test[A-Za-z]*\) .*/\1/p' \
  Testing/Cxx/CMakeLists.txt)
cmake --build build-asan -j "$(nproc)" --target $tests
# halt_on_error: the first report fails its test. detect_leaks off: LibTorch's and OpenMP's
# process-lifetime allocations are reported as leaks at exit.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
for test in $tests; do
  if ./build-asan/bin/"$test" --gtest_brief=1 >"build-asan/$test.log" 2>&1; then
    echo "$test: $(grep -o '[0-9]* tests\? from [0-9]* test suites\? ran' "build-asan/$test.log" | head -1), clean"
  else
    status=1
    echo "$test: FAILED (build-asan/$test.log)"
    grep -m5 -E "ERROR: AddressSanitizer|runtime error|FAILED" "build-asan/$test.log" || true
  fi
done
exit $status
