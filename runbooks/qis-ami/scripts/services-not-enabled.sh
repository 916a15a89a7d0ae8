# Verification: Apache, Memcached and PostgreSQL are installed, and none of
# their units is enabled or running (the image enables nothing; each server
# enables its own roles later). Changes nothing.
problems=0
for pair in httpd:httpd.service memcached:memcached.service postgresql-server:postgresql.service; do
  package=${pair%%:*}
  unit=${pair#*:}
  if ! version=$(rpm -q "$package" 2>/dev/null); then
    echo "$package is not installed"; problems=1; continue
  fi
  enabled=$(systemctl is-enabled "$unit" 2>/dev/null || true)
  active=$(systemctl is-active "$unit" 2>/dev/null || true)
  echo "$version: $unit is ${enabled:-unknown}, ${active:-unknown}"
  case "$enabled" in enabled|enabled-runtime|linked|alias) problems=1 ;; esac
  [ "$active" = active ] && problems=1
done
exit $problems
