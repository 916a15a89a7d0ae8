# Probe for build-1: exit 0 when the locale, git, make, curl, python3-pip,
# Docker (running) and the AWS CLI (to read the database secret) are there.
missing=()
locale -a 2>/dev/null | grep -qix 'en_AU.utf8' || missing+=("locale en_AU.UTF-8 is not generated")
for pkg in git make curl python3-pip docker.io; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg is not installed")
done
command -v aws >/dev/null 2>&1 || missing+=("the AWS CLI is not installed")
systemctl is-active --quiet docker 2>/dev/null || missing+=("docker is not running")
if [ ${#missing[@]} -gt 0 ]; then
  printf '%s\n' "${missing[@]}"
  exit 1
fi
echo "locale, git, make, curl, python3-pip, docker and the AWS CLI are installed; docker is running"
