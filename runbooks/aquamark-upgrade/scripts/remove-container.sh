# up-remove: the former container and its volumes (docker rm -fv).
set -e
if docker container inspect "$NAME" >/dev/null 2>&1; then
  docker rm -fv "$NAME"
fi
echo "container $NAME removed with its volumes"
