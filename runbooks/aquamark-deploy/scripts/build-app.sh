# build-3: clone the repository (or fetch it), check out the ref, and build
# the image with make; a marker records the commit the image was built from.
set -e
if [ ! -d "$APP_DIR/.git" ]; then
  sudo -u "$USER_NAME" git clone --quiet "$REPOSITORY" "$APP_DIR"
fi
cd "$APP_DIR"
sudo -u "$USER_NAME" git fetch --quiet --tags origin
sudo -u "$USER_NAME" git checkout --quiet --detach "$(sudo -u "$USER_NAME" git rev-parse --verify -q "origin/$REF^{commit}" || sudo -u "$USER_NAME" git rev-parse --verify "$REF^{commit}")"
make
docker image inspect "$IMAGE" >/dev/null
git rev-parse HEAD >"$APP_DIR/.runbook-built"
echo "built $IMAGE from $(git rev-parse --short HEAD)"
