#!/bin/sh
# Runs a pvpython script with a display: the one given, or a private Xvfb. Debian's ParaView
# renders only through X, and without a display it crashes instead of failing cleanly.
pvpython="$1"; shift
if [ -n "${DISPLAY:-}" ]; then
  exec "$pvpython" --force-offscreen-rendering "$@"
fi
exec xvfb-run -a -s "-screen 0 1920x1080x24" "$pvpython" --force-offscreen-rendering "$@"
