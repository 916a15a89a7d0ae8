# Probe for build-3: exit 0 when the checkout is at the ref's commit and the
# image was built from that commit (the marker make's run left).
cd "$APP_DIR" 2>/dev/null || { echo "no checkout at $APP_DIR"; exit 1; }
head=$(sudo -u "$USER_NAME" git rev-parse HEAD 2>/dev/null)
wanted=$(sudo -u "$USER_NAME" git rev-parse --verify -q "origin/$REF^{commit}" 2>/dev/null || sudo -u "$USER_NAME" git rev-parse --verify -q "$REF^{commit}" 2>/dev/null)
[ -n "$head" ] && [ "$head" = "$wanted" ] || { echo "checkout is at ${head:-nothing}, not $REF (${wanted:-unknown})"; exit 1; }
docker image inspect "$IMAGE" >/dev/null 2>&1 || { echo "image $IMAGE is not built"; exit 1; }
[ "$(cat "$APP_DIR/.runbook-built" 2>/dev/null)" = "$head" ] || { echo "image $IMAGE was not built from $head"; exit 1; }
echo "$APP_DIR at $REF ($head); image $IMAGE built from it"
