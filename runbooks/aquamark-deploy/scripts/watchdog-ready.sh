# Probe for watchdog-config: exit 0 when watchdog.yaml holds these mail
# settings, owner-only, and the watchdog's dependencies are installed.
file="$APP_DIR/src/util/watchdog.yaml"
mail_config_is "$file" || { echo "$file does not hold these mail settings"; exit 1; }
[ -f /var/lib/aquamark/watchdog-deps ] || { echo "the watchdog's dependencies are not installed"; exit 1; }
echo "$file holds the mail settings (owner-only); dependencies installed"
