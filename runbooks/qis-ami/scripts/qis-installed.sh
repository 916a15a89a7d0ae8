# Probe for the QIS install: exit 0 when the install script whose SHA-256 is
# SCRIPT_SHA256 has run to its end on this host (MARKER holds that hash).
# Changes nothing.
if [ "$(cat "$MARKER" 2>/dev/null)" = "$SCRIPT_SHA256" ]; then
  echo "the install script $SCRIPT_SHA256 has run on this host"
  exit 0
fi
if [ -f "$MARKER" ]; then echo "another install script ran here ($(cat "$MARKER"))"; else echo "no install script has run here"; fi
exit 1
