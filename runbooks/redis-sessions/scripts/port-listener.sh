# Verification of source step 22 (the first one): what holds the port.
# lsof exits 1 when nothing listens.
command -v lsof >/dev/null 2>&1 || { echo "lsof is not installed"; exit 1; }
lsof -i ":$PORT"
