# Probe for up-remove: exit 0 when there is no container $NAME, or when the
# checkout is already at $REF and the image built from it (this host is past
# the removal: the container is the fresh one).
docker container inspect "$NAME" >/dev/null 2>&1 || { echo "no container $NAME"; exit 0; }
wanted=$(sudo -u "$USER_NAME" git -C "$APP_DIR" rev-parse --verify -q "origin/$REF^{commit}" 2>/dev/null || sudo -u "$USER_NAME" git -C "$APP_DIR" rev-parse --verify -q "$REF^{commit}" 2>/dev/null)
if [ -n "$wanted" ] && [ "$(cat "$APP_DIR/.runbook-built" 2>/dev/null)" = "$wanted" ]; then
  echo "container $NAME is the one started from the build of $REF"
  exit 0
fi
echo "container $NAME runs the former build: it is removed with its volumes"
exit 1
