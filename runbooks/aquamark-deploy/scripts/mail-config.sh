# Shared by the watchdog's and the daemons' config scripts: the mail
# settings as YAML, owner-only. The password arrives as a secret reference
# (never in the command SSM records) and is written only into the file.
write_mail_config() {
  local file=$1 tmp
  tmp=$(mktemp "$file.XXXXXX")
  chmod 600 "$tmp"
  cat >"$tmp" <<YAML
# Written by runbook aquamark-deploy; edit the runbook's parameters, not this file.
smtp:
  host: "$SMTP_HOST"
  port: $SMTP_PORT
  user: "$SMTP_USER"
  password: "$SMTP_PASSWORD"
  starttls: true
from: "$MAIL_FROM"
to: "$MAIL_TO"
YAML
  chown "$USER_NAME:$USER_NAME" "$tmp"
  mv "$tmp" "$file"
}

# Whether the file already holds these settings. A probe never receives the
# password (it only reads), so the password line is left out of the comparison.
mail_config_is() {
  local file=$1 want
  [ -f "$file" ] || return 1
  want=$(mktemp)
  SMTP_PASSWORD='' write_mail_config "$want" 2>/dev/null
  diff -q <(grep -v '^  password:' "$want") <(grep -v '^  password:' "$file") >/dev/null
  local same=$?
  rm -f "$want"
  return $same
}
