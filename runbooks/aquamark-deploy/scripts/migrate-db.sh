# build-5: alembic upgrade head in the image (it does nothing when already at head).
set -e
docker run --rm --env-file "$CONF_FILE" "$IMAGE" alembic upgrade head
docker run --rm --env-file "$CONF_FILE" "$IMAGE" alembic current
