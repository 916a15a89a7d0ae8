# Verify for up-inspect: the current container's configuration, for the
# run's evidence, with the values of its environment redacted (aq.conf holds
# the database URL and its password). No container: said so, nothing to keep.
if ! docker container inspect "$NAME" >/dev/null 2>&1; then
  echo "no container $NAME: nothing to record"
  exit 0
fi
docker container inspect "$NAME" | sed -E 's/"([A-Za-z_][A-Za-z0-9_]*)=[^"]*"/"\1=(redacted)"/g'
