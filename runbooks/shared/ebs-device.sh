# ebs_device VOLUME_ID API_DEVICE: print the block device of an EBS volume,
# found by the volume's id, never by a guessed name such as nvme1n1 (NVMe
# names follow the order devices appear). Nitro instances link each EBS
# device by its volume id under $DISK_BY_ID; Xen instances show the
# attachment name, /dev/sdf as /dev/xvdf.
ebs_device() {
  local volume_id="$1" api_device="$2"
  local link="$DISK_BY_ID/nvme-Amazon_Elastic_Block_Store_${volume_id//-/}"
  local candidate
  for candidate in "$link" "$api_device" "${api_device/\/sd//xvd}"; do
    if [ -n "$candidate" ] && [ -e "$candidate" ]; then
      readlink -f "$candidate"
      return 0
    fi
  done
  lsblk -o NAME,SIZE,TYPE,FSTYPE,SERIAL,MOUNTPOINTS || true
  echo "no block device for $volume_id (looked for $link and $api_device)"
  return 1
}

# on_device PATH DEVICE: PATH is DEVICE or one of its partitions.
on_device() {
  [ "$1" = "$2" ] || [ "$(lsblk -no PKNAME "$1" 2>/dev/null | head -n 1)" = "$(basename "$2")" ]
}
