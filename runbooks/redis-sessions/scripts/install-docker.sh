# Source step 18: Docker from Ubuntu's docker.io package, the login user in
# group docker. Every command checks before it changes, so a second run is
# harmless. (newgrp and a service restart were for the source's ssh session.)
export DEBIAN_FRONTEND=noninteractive
if ! command -v docker >/dev/null 2>&1; then
  apt-get update -q
  apt-get install -y -q docker.io
fi
if ! id -nG "$USER_NAME" | tr ' ' '\n' | grep -qx docker; then
  usermod -aG docker "$USER_NAME"
fi
systemctl enable --now docker
docker --version
