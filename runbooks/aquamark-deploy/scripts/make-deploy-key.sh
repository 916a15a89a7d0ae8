# build-2: an ed25519 deploy key without a passphrase (the source's three
# reasons hold: read-only, only for fetching, the code is on the host
# anyway), owned by the login user, and ssh told to use it for the
# repository's host. Only the public half is printed.
home=$(getent passwd "$USER_NAME" | cut -d: -f6)
git_host=${REPOSITORY#*@}
git_host=${git_host%%:*}
install -d -m 700 -o "$USER_NAME" -g "$USER_NAME" "$home/.ssh"
if [ ! -s "$KEY_FILE" ]; then
  sudo -u "$USER_NAME" ssh-keygen -q -t ed25519 -N '' -C "$KEY_COMMENT" -f "$KEY_FILE"
fi
config="$home/.ssh/config"
if ! grep -q "^# runbook: $git_host deploy key" "$config" 2>/dev/null; then
  printf '# runbook: %s deploy key\nHost %s\n  IdentityFile %s\n  IdentitiesOnly yes\n' "$git_host" "$git_host" "$KEY_FILE" >>"$config"
fi
grep -q "^$git_host " "$home/.ssh/known_hosts" 2>/dev/null || ssh-keyscan -t ed25519 "$git_host" >>"$home/.ssh/known_hosts" 2>/dev/null
chown "$USER_NAME:$USER_NAME" "$config" "$home/.ssh/known_hosts"
chmod 600 "$config"
echo "add this public key to the repository as a read-only deploy key:"
cat "$KEY_FILE.pub"
