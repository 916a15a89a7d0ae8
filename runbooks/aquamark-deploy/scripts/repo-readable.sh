# Verify for build-2: the repository answers to the deploy key (read-only access is enough).
if sudo -u "$USER_NAME" git ls-remote --heads "$REPOSITORY" >/dev/null 2>&1; then
  echo "$REPOSITORY is readable with the deploy key"
  exit 0
fi
echo "$REPOSITORY does not accept the deploy key yet"
exit 1
