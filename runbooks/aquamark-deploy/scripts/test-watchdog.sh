# watchdog-test: watchdog.py --test sends a test email; a pass is recorded
# against the settings' hash, so the email goes again only when they change.
set -e
cd "$APP_DIR"
sudo -u "$USER_NAME" ./src/util/watchdog.py --test
install -d /var/lib/aquamark
sha256sum src/util/watchdog.yaml | cut -d' ' -f1 >/var/lib/aquamark/watchdog-tested
echo "watchdog test passed: a test email was sent to $MAIL_TO"
