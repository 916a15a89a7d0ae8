# EC2 Commands: docker swarm join, with the token read from the manager at
# run time. A node already in a swarm is left as it is.
state=$(docker info --format '{{.Swarm.LocalNodeState}}')
if [ "$state" = active ]; then
  echo "already in a swarm: not joined again"
  exit 0
fi
docker swarm join --token "$TOKEN" "$MANAGER_IP:2377"
