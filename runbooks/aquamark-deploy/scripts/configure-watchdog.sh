# watchdog-config: the mail settings into watchdog.yaml, then the watchdog's
# dependencies (the source's watchdog-install-deps.sh), once.
set -e
write_mail_config "$APP_DIR/src/util/watchdog.yaml"
if [ ! -f /var/lib/aquamark/watchdog-deps ]; then
  "$APP_DIR/src/util/watchdog-install-deps.sh"
  install -d /var/lib/aquamark && date -u +%FT%TZ >/var/lib/aquamark/watchdog-deps
fi
echo "watchdog configured for $MAIL_TO via $SMTP_HOST:$SMTP_PORT"
