# Probe for build-5: exit 0 when the database's schema is at alembic's head.
current=$(docker run --rm --env-file "$CONF_FILE" "$IMAGE" alembic current 2>/dev/null) || { echo "alembic current failed (is the database reachable?)"; exit 1; }
if printf '%s\n' "$current" | grep -q '(head)'; then
  echo "schema at head: $(printf '%s\n' "$current" | tail -1)"
  exit 0
fi
echo "schema not at head: ${current:-no revision}"
exit 1
