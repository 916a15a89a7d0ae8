# Enable this server for its role (ROLE) with QIS's own deploy/aws/configure.sh,
# which the QIS image carries; then check that the role's services run.
set -euo pipefail
if [ ! -x "$CONFIGURE_SCRIPT" ]; then
  echo "$CONFIGURE_SCRIPT is not on this host (or not executable): launch the servers from a QIS image that has it (the qis-ami runbook's)." >&2
  exit 3
fi
# The database server's private address, for the roles that use it (empty on the database server itself).
QIS_DB_HOST="$DB_HOST" "$CONFIGURE_SCRIPT" "$ROLE"
for unit in $SERVICES; do
  if ! systemctl is-active --quiet "$unit"; then
    echo "$unit is not running after $CONFIGURE_SCRIPT $ROLE" >&2
    exit 1
  fi
done
echo "configured as $ROLE: $SERVICES running"
