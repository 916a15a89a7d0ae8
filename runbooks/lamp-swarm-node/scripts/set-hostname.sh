# Item 2 and the EC2 Commands: hostnamectl set-hostname, before Docker starts
# and the node joins the swarm (a swarm node keeps the name it had then).
# cloud-init would set the name EC2 gave at the next boot: tell it not to.
hostnamectl set-hostname "$DNS_NAME"
printf 'preserve_hostname: true\n' > "$KEEP_HOSTNAME"
hostnamectl --static
