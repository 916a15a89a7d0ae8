# Probe for item 2's yum install and usermod: exit 0 when the docker package
# is installed and USER_NAME is in group docker. Changes nothing.
missing=()
rpm -q docker >/dev/null 2>&1 || missing+=("docker is not installed")
id -nG "$USER_NAME" 2>/dev/null | tr ' ' '\n' | grep -qx docker || missing+=("$USER_NAME is not in group docker")
if [ ${#missing[@]} -gt 0 ]; then
  printf '%s\n' "${missing[@]}"
  exit 1
fi
echo "$(rpm -q docker); $USER_NAME is in group docker"
