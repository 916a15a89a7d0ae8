# watchdog-cron: the source's watchdog-install.sh, as the login user.
set -e
cd "$APP_DIR"
sudo -u "$USER_NAME" ./src/util/watchdog-install.sh
crontab -u "$USER_NAME" -l | grep 'watchdog.py'
