# Verification: SELinux is enforcing now and after a reboot. Changes nothing.
now=$(getenforce 2>/dev/null || echo unknown)
configured=$(sed -n 's/^SELINUX=//p' /etc/selinux/config 2>/dev/null)
echo "getenforce: $now; /etc/selinux/config: SELINUX=${configured:-unset}"
[ "$now" = Enforcing ] && [ "$configured" = enforcing ]
