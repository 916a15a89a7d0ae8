# Probe for source step 19: exit 0 when the container exists with the wanted
# image and publishes the port; changes nothing.
command -v docker >/dev/null 2>&1 || { echo "docker is not installed"; exit 1; }
docker container inspect "$CONTAINER" >/dev/null 2>&1 || { echo "no container $CONTAINER"; exit 1; }
current=$(docker container inspect -f '{{.Config.Image}}' "$CONTAINER")
[ "$current" = "$IMAGE" ] || { echo "container $CONTAINER uses $current, not $IMAGE"; exit 1; }
docker container inspect -f '{{json .HostConfig.PortBindings}}' "$CONTAINER" | grep -q "\"HostPort\":\"$PORT\"" \
  || { echo "container $CONTAINER does not publish port $PORT"; exit 1; }
echo "container $CONTAINER uses $IMAGE and publishes port $PORT"
