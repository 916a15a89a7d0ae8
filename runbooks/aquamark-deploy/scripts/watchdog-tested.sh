# Probe for watchdog-test: exit 0 once watchdog.py --test has passed with these settings.
[ "$(cat /var/lib/aquamark/watchdog-tested 2>/dev/null)" = "$(sha256sum "$APP_DIR/src/util/watchdog.yaml" | cut -d' ' -f1)" ] && { echo "the watchdog test passed with these settings"; exit 0; }
echo "the watchdog has not been tested with these settings"
exit 1
