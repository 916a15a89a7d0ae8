# recalc-config / notify-config: the daemon's config file with the mail
# settings (port 587 by default: SES throttles 25), and aq.conf with
# DATABASE_URL built here from the secret.
set -e
install -d -m 700 -o "$USER_NAME" -g "$USER_NAME" "$CONF_DIR"
write_mail_config "$CONF_DIR/$CONFIG"
write_database_url
echo "wrote $CONF_DIR/$CONFIG and $CONF_FILE"
