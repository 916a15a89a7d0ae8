# Shared by the config scripts: writes DATABASE_URL (and the source's other
# settings) into $CONF_FILE, owner-only, with the master password read from
# Secrets Manager at this moment by the instance's role. The password is
# never printed, never on a command line (python reads it from a pipe), and
# the file is replaced whole.
write_database_url() {
  local tmp region
  # The secret's region is in its ARN (arn:aws:secretsmanager:<region>:...).
  region=$(printf '%s' "$SECRET_ARN" | cut -d: -f4)
  tmp=$(mktemp "$CONF_FILE.XXXXXX")
  chmod 600 "$tmp"
  if ! aws secretsmanager get-secret-value --region "$region" --secret-id "$SECRET_ARN" --query SecretString --output text 2>/dev/null |
    CONF_FILE="$CONF_FILE" DB_HOST="$DB_HOST" DB_PORT="$DB_PORT" DB_NAME="$DB_NAME" ANALYTICS_ID="${ANALYTICS_ID:-}" python3 -c '
import json, os, sys, urllib.parse
secret = json.load(sys.stdin)
url = "postgresql://%s:%s@%s:%s/%s" % (urllib.parse.quote(secret["username"], safe=""), urllib.parse.quote(secret["password"], safe=""), os.environ["DB_HOST"], os.environ["DB_PORT"], os.environ["DB_NAME"])
keep = []
if os.path.exists(os.environ["CONF_FILE"]):
    for line in open(os.environ["CONF_FILE"]):
        key = line.split("=", 1)[0].strip()
        if key not in ("DATABASE_URL", "ANALYTICS_ID", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            keep.append(line.rstrip("\n"))
keep.append("DATABASE_URL=" + url)
if os.environ["ANALYTICS_ID"]:
    keep.append("ANALYTICS_ID=" + os.environ["ANALYTICS_ID"])
sys.stdout.write("\n".join(keep) + "\n")
' >"$tmp"; then
    rm -f "$tmp"
    echo "cannot read secret $SECRET_ARN with this instance's role: it needs secretsmanager:GetSecretValue on it" >&2
    return 1
  fi
  chown "$USER_NAME:$USER_NAME" "$tmp"
  mv "$tmp" "$CONF_FILE"
}
