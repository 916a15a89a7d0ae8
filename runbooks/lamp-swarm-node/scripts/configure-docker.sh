# Item 2: the daemon override (its folder created first: the source's tee
# failed without it), daemon-reload and restart; the EC2 Commands: Docker's
# root on the data volume, then the first start. The Docker API listens on
# the private address only, where the swarm security group admits just its
# members, never on 0.0.0.0. Files are replaced, and Docker restarted, only
# when they differ.
findmnt -n -M "$MOUNT_POINT" >/dev/null || { echo "$MOUNT_POINT is not mounted: Docker's data must go on the data volume before Docker first starts" >&2; exit 1; }
changed=0
write_if_different() {
  if [ "$(cat "$1" 2>/dev/null)" != "$2" ]; then
    mkdir -p "$(dirname "$1")"
    printf '%s\n' "$2" > "$1.tmp"
    mv "$1.tmp" "$1"
    echo "wrote $1"
    changed=1
  fi
}
write_if_different "$OVERRIDE" "$(docker_override)"
write_if_different "$DAEMON_JSON" "$(daemon_json)"
mkdir -p "$DATA_ROOT"
systemctl daemon-reload
systemctl enable docker
if [ "$changed" = 1 ]; then systemctl restart docker; else systemctl start docker; fi
systemctl is-active docker
docker info --format 'Docker Root Dir: {{.DockerRootDir}}'
