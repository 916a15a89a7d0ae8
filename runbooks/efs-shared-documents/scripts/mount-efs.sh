# Runs as root after each deployment, on every instance. The shared file
# system is mounted at a fixed place outside the application folder (a
# deployment replaces /var/app/current; a mount inside it would go with it),
# and the application's documents folder becomes a link to it.
NFS_SOURCE="$FILE_SYSTEM_ID.efs.$REGION.amazonaws.com:/"
mkdir -p "$MOUNT_DIRECTORY"
if mountpoint -q "$MOUNT_DIRECTORY"; then
  echo "$MOUNT_DIRECTORY is already mounted"
else
  mount -t nfs4 -o "$MOUNT_OPTIONS" "$NFS_SOURCE" "$MOUNT_DIRECTORY"
fi

# Mounted again at boot; nofail lets the instance boot (and report) when EFS is unreachable.
FSTAB_LINE="$NFS_SOURCE $MOUNT_DIRECTORY nfs4 $MOUNT_OPTIONS,_netdev,nofail 0 0"
if ! grep -qxF "$FSTAB_LINE" /etc/fstab; then
  awk -v dir="$MOUNT_DIRECTORY" '$2 != dir' /etc/fstab > /etc/fstab.runbook
  echo "$FSTAB_LINE" >> /etc/fstab.runbook
  cat /etc/fstab.runbook > /etc/fstab
  rm -f /etc/fstab.runbook
fi

# The documents the bundle carries are copied to the shared folder once; what is there already wins.
if [ -d "$DOCUMENTS_DIR" ] && [ ! -L "$DOCUMENTS_DIR" ]; then
  cp -rn "$DOCUMENTS_DIR/." "$MOUNT_DIRECTORY/"
  rm -rf "$DOCUMENTS_DIR"
fi
ln -sfn "$MOUNT_DIRECTORY" "$DOCUMENTS_DIR"
# PHP runs as webapp and writes documents there.
if id webapp >/dev/null 2>&1; then
  chown webapp:webapp "$MOUNT_DIRECTORY"
fi
echo "$NFS_SOURCE is mounted at $MOUNT_DIRECTORY; $DOCUMENTS_DIR links to it"
