#!/bin/bash
# An example of the operator's install script for qis-ami, and the one its
# rehearsal runs in the sandbox: QIS's dependencies on Fedora, prepared the
# way the image needs them (nothing enabled, nothing running). Replace the
# QIS steps with those of QIS's own install.md for the version you ship.
set -euo pipefail

dnf -y install httpd mod_ssl memcached postgresql-server logrotate policycoreutils-python-utils

# The cluster, initialised with its standard tuning; no database is created.
postgresql-setup --initdb
cat > /var/lib/pgsql/data/conf.d/qis-tuning.conf <<'CONF'
shared_buffers = 256MB
effective_cache_size = 768MB
work_mem = 8MB
CONF
grep -q "^include_dir = 'conf.d'" /var/lib/pgsql/data/postgresql.conf || echo "include_dir = 'conf.d'" >> /var/lib/pgsql/data/postgresql.conf

# QIS itself, configured but not started.
mkdir -p /opt/qis/logs
cat > /etc/logrotate.d/qis <<'CONF'
/opt/qis/logs/*.log {
    weekly
    rotate 8
    compress
    missingok
    notifempty
}
CONF

cat > /etc/security/limits.d/90-qis.conf <<'CONF'
*    soft    nofile    65536
*    hard    nofile    65536
CONF

setenforce 1
sed -i 's/^SELINUX=.*/SELINUX=enforcing/' /etc/selinux/config
setsebool -P httpd_can_network_connect on
semanage fcontext -a -t httpd_sys_rw_content_t '/opt/qis/logs(/.*)?'
restorecon -R /opt/qis

systemctl disable httpd.service memcached.service postgresql.service

dnf clean all
# Temporary files, but not systemd's private folders of running services, nor this script.
find /tmp /var/tmp -mindepth 1 -maxdepth 1 ! -name 'systemd-private-*' ! -path "$0" -exec rm -rf {} +
