# Verification on the manager for the EC2 Commands' swarm join: exit 0 when
# every host name in NODE_NAMES (space-separated) is a Ready node of this
# manager's swarm, 1 naming each one that is not. Changes nothing.
nodes=$(docker node ls --format '{{.Hostname}} {{.Status}}') || exit 1
missing=0
for name in $NODE_NAMES; do
  if printf '%s\n' "$nodes" | grep -Fqx "$name Ready"; then
    echo "$name Ready"
  else
    echo "$name is not a Ready node of this swarm"
    missing=1
  fi
done
exit "$missing"
