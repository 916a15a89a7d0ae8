# Probe for watchdog-cron: exit 0 when the login user's crontab runs the watchdog.
if crontab -u "$USER_NAME" -l 2>/dev/null | grep -q 'watchdog.py'; then
  echo "the watchdog's cron job is installed"
  exit 0
fi
echo "no watchdog cron job for $USER_NAME"
exit 1
