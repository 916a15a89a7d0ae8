# The operator's QIS install script (INSTALL_SCRIPT, its SHA-256 SCRIPT_SHA256),
# run once as root by bash. Its temporary copy is removed whatever happens;
# MARKER records the hash only when the script succeeded, so a failed install
# runs again on a resume.
install_script=$(mktemp)
trap 'rm -f "$install_script"' EXIT
printf '%s' "$INSTALL_SCRIPT" > "$install_script"
if ! bash "$install_script"; then
  echo "the install script failed" >&2
  exit 1
fi
mkdir -p "$(dirname "$MARKER")"
printf '%s' "$SCRIPT_SHA256" > "$MARKER"
echo "the install script $SCRIPT_SHA256 ran to its end"
