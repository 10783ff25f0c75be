#!/usr/bin/env bash
# Builds the libFuzzer harnesses of the file parsers with clang (ASan + UBSan) and runs each
# for SECONDS (default 300), seeded with Testing/Data and the regressions, then prints each
# target's runs and speed. A finding is saved under Testing/Fuzz/regressions/<target>/, which
# TestFormats replays in the normal test suite once committed.
#   bash Testing/Fuzz/run_fuzzers.sh [SECONDS [TARGET...]]  (targets: idx npy npz image; default all)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
seconds="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(idx npy npz image)
if ! command -v clang++-14 >/dev/null; then
  echo "the fuzzers build with clang 14 and its libFuzzer: apt-get install clang-14" >&2
  exit 2
fi
out="build-fuzz"
mkdir -p "$out"
flags=(-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
  -IReaders/Formats -ITesting/Fuzz)
formats=(Readers/Formats/IDXFormat.cxx Readers/Formats/NumPyFormat.cxx Readers/Formats/ZipArchive.cxx
  Readers/Formats/ImageFolderFormat.cxx Readers/Formats/ImageTransforms.cxx)
for target in "${targets[@]}"; do
  name="Fuzz${target^^}"
  [ "$target" = npy ] && name=FuzzNpy
  [ "$target" = npz ] && name=FuzzNpz
  [ "$target" = image ] && name=FuzzImage
  clang++-14 "${flags[@]}" "${formats[@]}" "Testing/Fuzz/$name.cxx" -lz -lpng -ljpeg -o "$out/$name"
  corpus="$out/corpus-$target"
  mkdir -p "$corpus"
  case "$target" in
    idx) cp Testing/Data/tiny-*idx* "$corpus/" ;;
    npy) cp Testing/Data/*.npy "$corpus/" ;;
    npz) cp Testing/Data/*.npz "$corpus/" ;;
    image)
      # Small seeds of each kind the decoder tells apart: RGB, grey, palette and 16-bit PNG, JPEG.
      convert -size 9x7 gradient:red-blue "$corpus/rgb.png"
      convert -size 9x7 gradient: -colorspace Gray "$corpus/grey.png"
      convert -size 9x7 gradient:red-blue -colors 4 PNG8:"$corpus/palette.png"
      convert -size 9x7 gradient: -depth 16 PNG48:"$corpus/deep.png"
      convert -size 9x7 gradient:red-blue "$corpus/rgb.jpg"
      ;;
  esac
  cp Testing/Fuzz/regressions/"$target"/* "$corpus/" 2>/dev/null || true
  log="$out/$name.log"
  status=0
  # -rss_limit_mb: a parser that allocates by an unchecked header is a finding too.
  dictionary=()
  [ -f "Testing/Fuzz/$target.dict" ] && dictionary=(-dict="Testing/Fuzz/$target.dict")
  "$out/$name" "$corpus" "${dictionary[@]}" -max_total_time="$seconds" \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="Testing/Fuzz/regressions/$target/" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  echo "$name: $runs runs in ${seconds} s ($speed per second), exit $status"
  if [ "$status" -ne 0 ]; then
    grep -m3 -E "ERROR|runtime error|==ERROR" "$log" || true
  fi
done
