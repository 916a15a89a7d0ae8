# build-1: the source's packages from Ubuntu's archive, Docker included
# (docker.io, signed by the distribution), never a piped get.docker.com
# script: that runs whatever the URL serves that day, as root, unverified.
# The AWS CLI comes as Canonical's snap (Ubuntu 24.04 has no awscli package).
export DEBIAN_FRONTEND=noninteractive
locale -a | grep -qix 'en_AU.utf8' || locale-gen en_AU en_AU.UTF-8
missing=()
for pkg in git make curl python3-pip docker.io; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
fi
command -v aws >/dev/null 2>&1 || snap install aws-cli --classic
systemctl enable --now docker
docker --version
