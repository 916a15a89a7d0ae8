# Read-only: the application's documents folder must be the shared file system on this instance.
real=$(readlink -f "$DOCUMENTS_DIR" || true)
echo "$DOCUMENTS_DIR -> ${real:-missing}"
if [ -z "$real" ] || ! mountpoint "$real"; then
  exit 1
fi
source=$(findmnt -n -o SOURCE --target "$real")
echo "source: $source"
case "$source" in
  "$FILE_SYSTEM_ID".efs.*) echo efs-mounted ;;
  *)
    echo "the mount is not $FILE_SYSTEM_ID"
    exit 1
    ;;
esac
