# Probe for the daemons' config: exit 0 when $CONF_DIR/$CONFIG holds these
# mail settings and aq.conf names the database (password from Secrets Manager).
mail_config_is "$CONF_DIR/$CONFIG" || { echo "$CONF_DIR/$CONFIG does not hold these mail settings"; exit 1; }
grep -q "^DATABASE_URL=postgresql://[^@]*@$DB_HOST:$DB_PORT/$DB_NAME\$" "$CONF_FILE" 2>/dev/null || { echo "$CONF_FILE does not name $DB_HOST:$DB_PORT/$DB_NAME"; exit 1; }
echo "$CONF_DIR/$CONFIG holds the mail settings; $CONF_FILE names the database"
