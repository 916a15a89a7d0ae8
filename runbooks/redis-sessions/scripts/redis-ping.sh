# Verification: Redis itself answers inside the container.
docker exec "$CONTAINER" redis-cli ping
