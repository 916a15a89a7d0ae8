# Verification: the open-files limit (nofile) in LIMITS_FILE is raised to at
# least MIN_NOFILE, soft and hard. Changes nothing.
if [ ! -f "$LIMITS_FILE" ]; then
  echo "$LIMITS_FILE does not exist"
  exit 1
fi
low=0
for kind in soft hard; do
  value=$(awk -v k="$kind" '$1 !~ /^#/ && $2 == k && $3 == "nofile" { v = $4 } END { print v }' "$LIMITS_FILE")
  echo "nofile $kind: ${value:-not set}"
  if [ -z "$value" ] || { [ "$value" != unlimited ] && [ "$value" -lt "$MIN_NOFILE" ]; }; then low=1; fi
done
[ $low -eq 0 ] || { echo "expected at least $MIN_NOFILE"; exit 1; }
