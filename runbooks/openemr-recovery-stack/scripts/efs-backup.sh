# Run the NFS Backup instance's own EFS backup (duplicity of /mnt/efs to the
# stack's bucket, under Backup/). The source names /root/backup.sh; the
# OpenEMR stack installs the same script as /etc/cron.daily/backup.
if [ -x /root/backup.sh ]; then
  backup=/root/backup.sh
elif [ -x /etc/cron.daily/backup ]; then
  backup=/etc/cron.daily/backup
else
  echo "Neither /root/backup.sh nor /etc/cron.daily/backup is on this instance: is it the NFS Backup instance?" >&2
  exit 2
fi
echo "Running $backup: /mnt/efs to s3://$BUCKET/Backup"
"$backup"
