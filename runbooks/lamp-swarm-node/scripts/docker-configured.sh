# Probe for item 2's daemon override, reload and restart, and the EC2
# Commands' Docker root on the volume and service start: exit 0 when both
# files are the runbook's, Docker runs, and its root is DATA_ROOT.
missing=()
[ "$(cat "$OVERRIDE" 2>/dev/null)" = "$(docker_override)" ] || missing+=("$OVERRIDE is not the runbook's")
[ "$(cat "$DAEMON_JSON" 2>/dev/null)" = "$(daemon_json)" ] || missing+=("$DAEMON_JSON is not the runbook's")
systemctl is-enabled --quiet docker 2>/dev/null || missing+=("docker is not enabled")
if ! systemctl is-active --quiet docker 2>/dev/null; then
  missing+=("docker is not running")
elif [ "$(docker info --format '{{.DockerRootDir}}')" != "$DATA_ROOT" ]; then
  missing+=("Docker Root Dir is not $DATA_ROOT")
fi
if [ ${#missing[@]} -gt 0 ]; then
  printf '%s\n' "${missing[@]}"
  exit 1
fi
echo "Docker Root Dir: $DATA_ROOT; API on $PRIVATE_IP:2375; active"
