# Verification: QIS is configured (QIS_DIR exists) but not running: no
# process of it, and neither Apache nor PostgreSQL nor Memcached active.
# Changes nothing.
if [ ! -d "$QIS_DIR" ]; then
  echo "$QIS_DIR does not exist: QIS is not configured"
  exit 1
fi
running=$(pgrep -fa "$QIS_DIR" | grep -v pgrep || true)
active=$(systemctl is-active httpd.service postgresql.service memcached.service 2>/dev/null | grep -c '^active$' || true)
echo "$QIS_DIR is there; processes of it: ${running:-none}; active services: $active"
[ -z "$running" ] && [ "$active" -eq 0 ]
