# build-4: the config directory from the checkout, then aq.conf with
# DATABASE_URL built here from the endpoint and the secret. A unit rewrites
# it at every boot before Docker starts, so an instance launched from the
# image later reads the password RDS holds then (RDS rotates it).
set -e
install -d -m 700 -o "$USER_NAME" -g "$USER_NAME" "$CONF_DIR"
[ -e "$CONF_FILE" ] || { [ -d "$APP_DIR/src/app/config" ] && sudo -u "$USER_NAME" cp -a "$APP_DIR/src/app/config/." "$CONF_DIR/"; }
install -d -m 755 /etc/aquamark
umask 077
printf "%s='%s'\n" SECRET_ARN "$SECRET_ARN" DB_HOST "$DB_HOST" DB_PORT "$DB_PORT" DB_NAME "$DB_NAME" ANALYTICS_ID "${ANALYTICS_ID:-}" CONF_FILE "$CONF_FILE" USER_NAME "$USER_NAME" >/etc/aquamark/database.env
{
  echo '#!/bin/bash'
  echo 'set -e'
  echo '. /etc/aquamark/database.env'
  declare -f write_database_url
  echo 'write_database_url'
} >/usr/local/sbin/aquamark-env
chmod 700 /usr/local/sbin/aquamark-env
cat >/etc/systemd/system/aquamark-env.service <<'UNIT'
[Unit]
Description=Aquamark: DATABASE_URL from Secrets Manager
Wants=network-online.target
After=network-online.target
Before=docker.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/aquamark-env
Restart=on-failure
RestartSec=10

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable aquamark-env.service
write_database_url
echo "wrote $CONF_FILE (DATABASE_URL for $DB_HOST:$DB_PORT/$DB_NAME, owner-only)"
