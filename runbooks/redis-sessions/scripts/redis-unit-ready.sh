# Probe for source steps 20-21: exit 0 when the unit file is the runbook's,
# and the unit is enabled and active; changes nothing.
[ -f "$UNIT_PATH" ] || { echo "$UNIT_PATH does not exist"; exit 1; }
[ "$(cat "$UNIT_PATH")" = "$UNIT_CONTENT" ] || { echo "$UNIT_PATH differs from the runbook's unit"; exit 1; }
systemctl is-enabled --quiet "$UNIT_NAME" || { echo "$UNIT_NAME is not enabled"; exit 1; }
systemctl is-active --quiet "$UNIT_NAME" || { echo "$UNIT_NAME is not active"; exit 1; }
echo "$UNIT_NAME is installed, enabled and active"
