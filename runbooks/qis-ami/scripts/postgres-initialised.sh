# Verification: the PostgreSQL cluster in PGDATA is initialised and holds no
# database of its own: only template0, template1 and postgres, whose
# directories under base/ initdb makes. Changes nothing (the server is not started).
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  echo "$PGDATA holds no cluster (no PG_VERSION)"
  exit 1
fi
databases=$( (find "$PGDATA/base" -mindepth 1 -maxdepth 1 -type d 2>/dev/null || true) | wc -l)
echo "cluster $PGDATA, PostgreSQL $(cat "$PGDATA/PG_VERSION"), $databases database directories"
if [ "$databases" -ne 3 ]; then
  echo "expected the 3 that initdb makes (template0, template1, postgres): a database was created"
  exit 1
fi
