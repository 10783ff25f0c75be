#!/bin/sh
# Layering checks on built libraries (see Testing/CMakeLists.txt):
#   check_library.sh loads-none LIBRARY REGEX   the libraries LIBRARY loads (ldd: the whole
#                                              closure) include none whose name matches REGEX
#   check_library.sh defines-none LIBRARY OTHER LIBRARY exports none of the functions OTHER
#                                              defines (OTHER's code is linked in once)
#   check_library.sh resolves-all LIBRARY       every symbol LIBRARY itself uses is defined
#                                              (a source missing from a CMake list links, then
#                                              kills paraview at load: "symbol lookup error")
set -eu
mode=$1 library=$2
case $mode in
  loads-none)
    found=$(ldd "$library" | grep -E "$3" || true)
    if [ -n "$found" ]; then
      echo "$library loads libraries it must not:"
      echo "$found"
      exit 1
    fi ;;
  defines-none)
    defined() { nm -D --defined-only "$1" | awk '$2 == "T" { print $3 }' | sort -u; }
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    defined "$library" > "$tmp/library"
    defined "$3" > "$tmp/other"
    twice=$(comm -12 "$tmp/library" "$tmp/other")
    if [ -n "$twice" ]; then
      echo "$library also defines functions of $3:"
      echo "$twice" | head -20
      exit 1
    fi ;;
  resolves-all)
    # ldd -r names the object that lacks each symbol; ParaView's own Python libraries lack
    # the interpreter's symbols on purpose, so only LIBRARY's own count.
    missing=$(ldd -r "$library" 2>&1 | grep "undefined symbol" | grep -F "($library)" || true)
    if [ -n "$missing" ]; then
      echo "$library uses symbols no library defines:"
      echo "$missing" | head -20
      exit 1
    fi ;;
  *)
    echo "usage: $0 loads-none LIBRARY REGEX | defines-none LIBRARY OTHER | resolves-all LIBRARY" >&2
    exit 2 ;;
esac
