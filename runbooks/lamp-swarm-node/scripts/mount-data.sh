# EC2 Commands: mkfs, mkdir and mount, the fstab line, umount and mount -a,
# each only when needed. The device is found by the volume id (the source
# assumed nvme1n1). A device that holds a file system is never formatted:
# this script never passes -f, and mkfs.xfs refuses such a device itself.
# The fstab line is added once; mount -a then proves it works.
device=$(ebs_device "$VOLUME_ID" "$API_DEVICE") || { echo "$device" >&2; exit 1; }
echo "data volume $VOLUME_ID is $device"
fstype=$(blkid -o value -s TYPE "$device" || true)
if [ -z "$fstype" ] && [ -n "$(blkid -o value -s PTTYPE "$device" || true)" ]; then
  echo "$device holds a partition table; refusing to format it" >&2
  exit 1
elif [ -z "$fstype" ]; then
  mkfs.xfs "$device"
elif [ "$fstype" != xfs ]; then
  echo "$device holds a $fstype file system; refusing to format or mount it as XFS" >&2
  exit 1
else
  echo "$device already holds an XFS file system: not formatted"
fi
uuid=$(blkid -o value -s UUID "$device")
[ -n "$uuid" ] || { echo "$device has no file system UUID" >&2; exit 1; }
if ! findmnt -n -M "$MOUNT_POINT" >/dev/null; then
  mkdir -p "$MOUNT_POINT"
  [ -z "$(ls -A "$MOUNT_POINT")" ] || { echo "$MOUNT_POINT holds files that the volume would hide; move them first" >&2; exit 1; }
fi
entries=$(awk -v mp="$MOUNT_POINT" '$1 !~ /^#/ && $2 == mp { print $1 }' "$FSTAB")
if [ -z "$entries" ]; then
  printf 'UUID=%s %s xfs defaults,nofail 0 2\n' "$uuid" "$MOUNT_POINT" >> "$FSTAB"
  echo "added to $FSTAB: UUID=$uuid $MOUNT_POINT"
elif [ "$entries" != "UUID=$uuid" ]; then
  echo "$FSTAB already mounts $(echo "$entries" | tr '\n' ' ')at $MOUNT_POINT; fix it by hand" >&2
  exit 1
fi
mount -a
source=$(findmnt -n -o SOURCE -M "$MOUNT_POINT" || true)
[ -n "$source" ] && [ "$(readlink -f "$source")" = "$device" ] || { echo "$MOUNT_POINT is mounted from ${source:-nothing}, not $device" >&2; exit 1; }
findmnt -n -o SOURCE,FSTYPE,SIZE -M "$MOUNT_POINT"
