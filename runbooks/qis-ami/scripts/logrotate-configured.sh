# Verification: QIS's logrotate file exists and logrotate accepts it
# (--debug reads it and rotates nothing). Changes nothing.
if [ ! -f "$LOGROTATE_FILE" ]; then
  echo "$LOGROTATE_FILE does not exist"
  exit 1
fi
if ! logrotate --debug "$LOGROTATE_FILE" >/dev/null 2>&1; then
  echo "logrotate refuses $LOGROTATE_FILE"
  exit 1
fi
echo "$LOGROTATE_FILE: $(grep -c '{' "$LOGROTATE_FILE") log groups, accepted by logrotate"
