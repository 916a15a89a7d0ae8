# Probe: exit 0 when the kernel sees VOLUME_ID with SIZE_GIB and the file
# system at MOUNT_POINT (and its partition, when it has one) fills it.
# Changes nothing.
device=$(ebs_device "$VOLUME_ID" "$API_DEVICE") || { echo "$device"; exit 1; }
expected=$((SIZE_GIB * 1024 * 1024 * 1024))
slack=$((64 * 1024 * 1024))
disk_bytes=$(lsblk -bdno SIZE "$device")
[ "$disk_bytes" -ge "$expected" ] || { echo "the kernel sees $device as $disk_bytes bytes, not yet $SIZE_GIB GiB"; exit 1; }
source=$(findmnt -n -o SOURCE -M "$MOUNT_POINT" || true)
[ -n "$source" ] || { echo "$MOUNT_POINT is not mounted"; exit 1; }
part=$(readlink -f "$source")
on_device "$part" "$device" || { echo "$MOUNT_POINT is mounted from $part, not from $VOLUME_ID ($device)"; exit 2; }
part_bytes=$(lsblk -bdno SIZE "$part")
if [ "$part" != "$device" ] && [ $((disk_bytes - part_bytes)) -gt "$slack" ]; then
  echo "partition $part is $part_bytes bytes of $disk_bytes"
  exit 1
fi
read -r block_size blocks <<< "$(xfs_info "$MOUNT_POINT" | sed -n 's/^data *= *bsize=\([0-9]*\) *blocks=\([0-9]*\),.*/\1 \2/p')"
[ -n "$blocks" ] || { echo "xfs_info shows no XFS data section on $MOUNT_POINT"; exit 2; }
if [ $((part_bytes - block_size * blocks)) -gt "$slack" ]; then
  echo "the file system on $part spans $((block_size * blocks)) bytes of $part_bytes"
  exit 1
fi
echo "the file system on $MOUNT_POINT fills $device ($disk_bytes bytes)"
