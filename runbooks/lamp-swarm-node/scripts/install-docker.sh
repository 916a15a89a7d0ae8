# Item 2 (update, install docker, usermod) and the EC2 Commands' yum install
# docker. The system is updated only with the first install. Docker is not
# started here: its data root goes on the data volume first (configure-docker).
package_manager=$(command -v dnf || command -v yum)
if ! rpm -q docker >/dev/null 2>&1; then
  "$package_manager" -y -q update
  "$package_manager" -y -q install docker
fi
if ! id -nG "$USER_NAME" | tr ' ' '\n' | grep -qx docker; then
  usermod -a -G docker "$USER_NAME"
fi
rpm -q docker
