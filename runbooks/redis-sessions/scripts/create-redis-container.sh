# Source step 19, with `docker create` instead of `docker run`: the container
# is started only by its systemd unit (steps 20-21), the one owner of its
# lifecycle, so it comes back after a reboot. Redis data lives in a named
# volume and survives the container being replaced.
systemctl is-active --quiet docker || { echo "docker is not running"; exit 1; }
docker pull "$IMAGE"
if docker container inspect "$CONTAINER" >/dev/null 2>&1; then
  current=$(docker container inspect -f '{{.Config.Image}}' "$CONTAINER")
  if [ "$current" = "$IMAGE" ] && docker container inspect -f '{{json .HostConfig.PortBindings}}' "$CONTAINER" | grep -q "\"HostPort\":\"$PORT\""; then
    echo "container $CONTAINER already uses $IMAGE on port $PORT"
    exit 0
  fi
  echo "replacing container $CONTAINER ($current) with $IMAGE"
  docker rm -f "$CONTAINER"
fi
docker create --name "$CONTAINER" --restart no -p "$PORT:6379" -v redis_data:/data "$IMAGE"
