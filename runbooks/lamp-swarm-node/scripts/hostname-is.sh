# Probe for item 2's and the EC2 Commands' hostnamectl: exit 0 when the host
# name is DNS_NAME and cloud-init keeps it across reboots. Changes nothing.
current=$(hostnamectl --static)
[ "$current" = "$DNS_NAME" ] || { echo "the host name is $current, not $DNS_NAME"; exit 1; }
[ -f "$KEEP_HOSTNAME" ] || { echo "$KEEP_HOSTNAME is missing: cloud-init would reset the host name at boot"; exit 1; }
echo "the host name is $DNS_NAME and cloud-init keeps it"
