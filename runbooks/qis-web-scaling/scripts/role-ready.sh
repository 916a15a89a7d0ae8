# Exit 0 when every service of the role (SERVICES) is enabled and running,
# which is what QIS's configure.sh leaves behind for it; 1 otherwise. Reads only.
set -u
missing=0
for unit in $SERVICES; do
  if systemctl is-enabled --quiet "$unit" && systemctl is-active --quiet "$unit"; then
    echo "$unit: enabled and running"
  else
    echo "$unit: not enabled and running"
    missing=1
  fi
done
exit "$missing"
