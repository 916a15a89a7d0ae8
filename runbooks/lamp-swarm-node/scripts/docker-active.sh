# Verification: Docker runs.
systemctl is-active docker
