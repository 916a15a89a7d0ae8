# Item 2: docker swarm init, on the manager only, advertising the private
# address. A node already in a swarm is left as it is. The output of
# swarm init holds the join token, so it is not printed.
state=$(docker info --format '{{.Swarm.LocalNodeState}}')
if [ "$state" = active ]; then
  echo "already in a swarm: not initialized again"
  exit 0
fi
docker swarm init --advertise-addr "$PRIVATE_IP" > /dev/null
docker info --format 'swarm initialized: node {{.Swarm.NodeID}}, manager {{.Swarm.ControlAvailable}}'
