# Probe for item 2's swarm init and the EC2 Commands' swarm join, and their
# verification: exit 0 when this node is a swarm ROLE (manager or worker),
# 1 when it is in no swarm, 2 when it has the other role. Changes nothing.
read -r state control node <<< "$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeID}}')"
if [ "$state" != active ]; then
  echo "not in a swarm (state ${state:-unknown})"
  exit 1
fi
actual=worker
[ "$control" = true ] && actual=manager
if [ "$actual" != "$ROLE" ]; then
  echo "this node is a swarm $actual, not a $ROLE"
  exit 2
fi
echo "swarm $actual, node $node"
