# Verify for up-watchdog: the watchdog's cron job, when one is installed,
# still names a file that exists in the new checkout (the source's proviso:
# the path in the source code has not changed).
line=$(crontab -u "$USER_NAME" -l 2>/dev/null | grep 'watchdog.py' | head -1)
[ -n "$line" ] || { echo "no watchdog cron job for $USER_NAME: none was installed"; exit 0; }
file=$(printf '%s\n' "$line" | grep -o '[^ ]*watchdog\.py' | head -1)
if [ -f "$file" ]; then
  echo "the watchdog cron job runs $file, which exists"
  exit 0
fi
echo "the watchdog cron job runs $file, which the new checkout no longer has: install the cron job again (aquamark-deploy's watchdog-cron step)"
exit 1
