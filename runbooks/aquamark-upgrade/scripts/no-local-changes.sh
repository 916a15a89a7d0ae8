# Probe for up-reset: exit 0 when the checkout has no local changes to tracked files.
cd "$APP_DIR" 2>/dev/null || { echo "no checkout at $APP_DIR"; exit 1; }
changes=$(sudo -u "$USER_NAME" git status --porcelain --untracked-files=no)
[ -z "$changes" ] && { echo "$APP_DIR has no local changes"; exit 0; }
echo "local changes in $APP_DIR:"
printf '%s\n' "$changes"
exit 1
