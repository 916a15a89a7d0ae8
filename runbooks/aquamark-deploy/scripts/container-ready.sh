# Probe for the web server and the daemons: exit 0 when container $NAME runs
# $IMAGE (its current build) with restart policy always and the env file (and
# $PORTS, when given).
docker container inspect "$NAME" >/dev/null 2>&1 || { echo "container $NAME does not exist"; exit 1; }
problems=()
[ "$(docker container inspect -f '{{.State.Running}}' "$NAME")" = true ] || problems+=("container $NAME is not running")
[ "$(docker container inspect -f '{{.HostConfig.RestartPolicy.Name}}' "$NAME")" = always ] || problems+=("container $NAME does not restart always")
if [ "$(docker container inspect -f '{{.Config.Image}}' "$NAME")" != "$IMAGE" ]; then
  problems+=("container $NAME does not run $IMAGE")
elif [ "$(docker container inspect -f '{{.Image}}' "$NAME")" != "$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null)" ]; then
  # A rebuild under the same tag leaves the container on the image it was made from.
  problems+=("container $NAME runs an older build of $IMAGE")
fi
if [ -n "${PORTS:-}" ]; then
  docker port "$NAME" | grep -q "^${PORTS#*:}/tcp -> 0.0.0.0:${PORTS%%:*}\$" || problems+=("container $NAME does not publish $PORTS")
fi
if [ ${#problems[@]} -gt 0 ]; then
  printf '%s\n' "${problems[@]}"
  exit 1
fi
echo "container $NAME runs $IMAGE, restart always${PORTS:+, ports $PORTS}"
