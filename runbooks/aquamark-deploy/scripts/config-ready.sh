# Probe for build-4: exit 0 when aq.conf is owner-only, names the database's
# endpoint, holds no access keys, and is rewritten from the secret at boot.
missing=()
[ -f "$CONF_FILE" ] || { echo "$CONF_FILE does not exist"; exit 1; }
[ "$(stat -c %a "$CONF_FILE")" = 600 ] || missing+=("$CONF_FILE is not owner-only (mode $(stat -c %a "$CONF_FILE"))")
grep -q "^DATABASE_URL=postgresql://[^@]*@$DB_HOST:$DB_PORT/$DB_NAME\$" "$CONF_FILE" || missing+=("DATABASE_URL does not name $DB_HOST:$DB_PORT/$DB_NAME")
grep -qE '^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)=' "$CONF_FILE" && missing+=("$CONF_FILE holds AWS access keys")
if [ -n "${ANALYTICS_ID:-}" ]; then grep -qx "ANALYTICS_ID=$ANALYTICS_ID" "$CONF_FILE" || missing+=("ANALYTICS_ID is not $ANALYTICS_ID"); fi
systemctl is-enabled --quiet aquamark-env.service 2>/dev/null || missing+=("aquamark-env.service is not enabled")
if [ ${#missing[@]} -gt 0 ]; then
  printf '%s\n' "${missing[@]}"
  exit 1
fi
echo "$CONF_FILE: owner-only, DATABASE_URL for $DB_HOST:$DB_PORT/$DB_NAME (password from Secrets Manager), no access keys; rewritten at boot"
