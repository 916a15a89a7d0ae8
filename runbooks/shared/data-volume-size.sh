# Verification: MOUNT_POINT is the file system of VOLUME_ID and df shows
# SIZE_GIB. XFS keeps its log inside the file system, so df shows a little
# less than the volume: within 1% counts. Changes nothing.
device=$(ebs_device "$VOLUME_ID" "$API_DEVICE") || { echo "$device"; exit 1; }
source=$(findmnt -n -o SOURCE -M "$MOUNT_POINT" || true)
[ -n "$source" ] || { echo "$MOUNT_POINT is not mounted"; exit 1; }
on_device "$(readlink -f "$source")" "$device" || { echo "$MOUNT_POINT is mounted from $source, not from $VOLUME_ID ($device)"; exit 1; }
df -h "$MOUNT_POINT"
bytes=$(df -B1 --output=size "$MOUNT_POINT" | tail -n 1 | tr -d ' ')
expected=$((SIZE_GIB * 1024 * 1024 * 1024))
if [ "$bytes" -lt $((expected / 100 * 99)) ] || [ "$bytes" -gt "$expected" ]; then
  echo "the file system on $MOUNT_POINT is $bytes bytes; expected about $SIZE_GIB GiB"
  exit 1
fi
echo "$MOUNT_POINT is $VOLUME_ID with $SIZE_GIB GiB"
