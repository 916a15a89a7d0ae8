# The worker join token, read on the manager for the EC2 Commands' swarm
# join. Changes nothing; the runbook keeps the token in memory only.
docker swarm join-token -q worker
