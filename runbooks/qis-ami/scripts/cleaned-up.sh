# Verification: the package cache is empty (`yum clean all`, which dnf answers
# on Fedora) and no temporary file is left in /tmp or /var/tmp (systemd's
# private folders of running services, and this probe's own copy, aside).
# Changes nothing.
cache=$( (find /var/cache/dnf /var/cache/libdnf5 /var/cache/yum -type f 2>/dev/null || true) | wc -l)
left=$(find /tmp /var/tmp -mindepth 1 -maxdepth 1 ! -name 'systemd-private-*' ! -path "$0" 2>/dev/null || true)
echo "package cache: $cache files"
if [ -n "$left" ]; then echo "left in /tmp and /var/tmp:"; echo "$left" | head -20; fi
[ "$cache" -eq 0 ] && [ -z "$left" ]
