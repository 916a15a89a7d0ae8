# Probe for the reboot check: exit 0 when the host has booted since the unit
# file was written, i.e. a reboot after the setup has happened.
[ -f "$UNIT_PATH" ] || { echo "$UNIT_PATH does not exist"; exit 1; }
boot=$(date -d "$(uptime -s)" +%s)
unit=$(stat -c %Y "$UNIT_PATH")
echo "boot=$boot unit=$unit"
[ "$boot" -gt "$unit" ]
