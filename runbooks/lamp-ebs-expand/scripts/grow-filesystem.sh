# The source's lsblk, growpart and xfs_growfs, for either layout: growpart
# only when the file system sits on a partition (the source formats the whole
# device, where growpart DEVICE 1 cannot work), then xfs_growfs on the mount.
# Both are harmless when there is nothing to grow.
device=$(ebs_device "$VOLUME_ID" "$API_DEVICE") || { echo "$device" >&2; exit 1; }
expected=$((SIZE_GIB * 1024 * 1024 * 1024))
# The kernel follows the volume's new size within seconds of the modification.
for _ in $(seq 1 30); do
  [ "$(lsblk -bdno SIZE "$device")" -ge "$expected" ] && break
  sleep 2
done
lsblk "$device"
[ "$(lsblk -bdno SIZE "$device")" -ge "$expected" ] || { echo "$device is still smaller than $SIZE_GIB GiB" >&2; exit 1; }
source=$(findmnt -n -o SOURCE -M "$MOUNT_POINT" || true)
[ -n "$source" ] || { echo "$MOUNT_POINT is not mounted" >&2; exit 1; }
part=$(readlink -f "$source")
on_device "$part" "$device" || { echo "$MOUNT_POINT is mounted from $part, not from $VOLUME_ID ($device)" >&2; exit 1; }
if [ "$part" != "$device" ]; then
  number=${part##*[!0-9]}
  # growpart exits 1 with NOCHANGE when the partition already fills the disk.
  if ! out=$(growpart "$device" "$number" 2>&1); then
    case "$out" in
      NOCHANGE:*) ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  fi
  echo "$out"
else
  echo "the file system is on the whole device $device: no partition to grow"
fi
xfs_growfs -d "$MOUNT_POINT"
df -h "$MOUNT_POINT"
