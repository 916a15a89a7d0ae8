# The two files that configure Docker, as the runbook writes them.
docker_override() {
  # Single quotes: $OPTIONS and the others are systemd's, from /etc/sysconfig/docker.
  printf '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://%s:2375 --containerd=/run/containerd/containerd.sock $OPTIONS $DOCKER_STORAGE_OPTIONS $DOCKER_ADD_RUNTIMES' "$PRIVATE_IP"
}
daemon_json() {
  printf '{ "data-root": "%s" }' "$DATA_ROOT"
}
