# The web server (source: start the web server) and the daemons: container
# $NAME from $IMAGE, restart always, the env file; an existing one with other
# settings is replaced (its volumes with it, as the source's upgrade does).
set -e
if docker container inspect "$NAME" >/dev/null 2>&1; then
  docker rm -fv "$NAME"
fi
args=(-d --name "$NAME" --restart=always --env-file="$CONF_FILE")
[ -n "${PORTS:-}" ] && args+=(-p "$PORTS")
[ -n "${CONFIG_MOUNT:-}" ] && args+=(-v "$CONFIG_MOUNT")
# shellcheck disable=SC2086 # COMMAND is the daemon's command line, split on purpose.
docker run "${args[@]}" "$IMAGE" ${COMMAND:-}
docker container inspect -f '{{.Name}} {{.State.Status}}' "$NAME"
