# Probe for source step 18: exit 0 when Docker is installed, enabled and
# running and the login user is in group docker; changes nothing.
missing=()
command -v docker >/dev/null 2>&1 || missing+=("docker is not installed")
systemctl is-enabled --quiet docker 2>/dev/null || missing+=("docker is not enabled")
systemctl is-active --quiet docker 2>/dev/null || missing+=("docker is not running")
id -nG "$USER_NAME" 2>/dev/null | tr ' ' '\n' | grep -qx docker || missing+=("$USER_NAME is not in group docker")
if [ ${#missing[@]} -gt 0 ]; then
  printf '%s\n' "${missing[@]}"
  exit 1
fi
echo "docker is installed, enabled and running; $USER_NAME is in group docker"
