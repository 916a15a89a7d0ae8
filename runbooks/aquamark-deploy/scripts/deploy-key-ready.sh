# Probe for build-2: exit 0 when the deploy key exists on this host, and
# print its public half (the private key never leaves the host).
if [ -s "$KEY_FILE" ] && [ -s "$KEY_FILE.pub" ]; then
  echo "deploy key $KEY_FILE; add this public key to the repository as a read-only deploy key:"
  cat "$KEY_FILE.pub"
  exit 0
fi
echo "no deploy key at $KEY_FILE"
exit 1
