# up-reset: discard local changes (git reset --hard HEAD); the fetch and the
# checkout of the ref follow in the build step.
set -e
cd "$APP_DIR"
sudo -u "$USER_NAME" git reset --quiet --hard HEAD
echo "local changes in $APP_DIR discarded"
