# Probe for the EC2 Commands' file system, mount and fstab lines: exit 0 when
# VOLUME_ID holds XFS, is mounted at MOUNT_POINT, and FSTAB lists it exactly
# once, by UUID. Changes nothing.
device=$(ebs_device "$VOLUME_ID" "$API_DEVICE") || { echo "$device"; exit 1; }
fstype=$(blkid -o value -s TYPE "$device" || true)
[ "$fstype" = xfs ] || { echo "$device holds ${fstype:-no} file system, not XFS"; exit 1; }
uuid=$(blkid -o value -s UUID "$device")
entries=$(awk -v mp="$MOUNT_POINT" '$1 !~ /^#/ && $2 == mp { print $1 }' "$FSTAB")
[ "$entries" = "UUID=$uuid" ] || { echo "$FSTAB has $(printf '%s' "$entries" | grep -c .) entries for $MOUNT_POINT, not one for UUID=$uuid"; exit 1; }
source=$(findmnt -n -o SOURCE -M "$MOUNT_POINT" || true)
[ -n "$source" ] && [ "$(readlink -f "$source")" = "$device" ] || { echo "$MOUNT_POINT is not mounted from $device"; exit 1; }
echo "$device (UUID $uuid) is mounted at $MOUNT_POINT and listed once in $FSTAB"
