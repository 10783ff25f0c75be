#!/bin/sh
# Runs a pvpython script with a display: the one given, or a private Xvfb. Debian's ParaView
# renders only through X, and without a display it crashes instead of failing cleanly.
# -noreset: see setup.sh (a client connecting while Xvfb resets is refused).
pvpython="$1"; shift
if [ -n "${DISPLAY:-}" ]; then
  exec "$pvpython" --force-offscreen-rendering "$@"
fi
exec xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$pvpython" --force-offscreen-rendering "$@"
