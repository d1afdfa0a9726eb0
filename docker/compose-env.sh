#!/bin/sh
# Prints an .env file for docker-compose.yml with freshly generated secrets:
#   docker/compose-env.sh --dev > .env    # and trust the development token issuer (docker compose --profile dev up)
#   docker/compose-env.sh > .env          # then set DM_JWT_ISSUER_URI and DM_JWK_SET_URI to your IdP's
# Keep the file private (it is ignored by git); the database passwords take effect on the first start of an empty
# postgres-data volume only.
set -eu
secret() { head -c "$1" /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'; }
umask 077
echo "POSTGRES_SUPERUSER_PASSWORD=$(secret 24)"
echo "DM_CONNECTION_DB_PASSWORD=$(secret 24)"
echo "DM_EXPLORER_DB_PASSWORD=$(secret 24)"
echo "DM_MAPPING_DB_PASSWORD=$(secret 24)"
echo "DM_RUN_DB_PASSWORD=$(secret 24)"
echo "DM_CREDENTIALS_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
echo "DM_EXPLORER_INTERNAL_SECRET=$(secret 24)"
echo "DM_RUN_INTERNAL_SECRET=$(secret 24)"
echo "DM_MAPPING_INTERNAL_SECRET=$(secret 24)"
# The secret the organizations' keys for hmac_sha256 derive from: changing it changes every hash.
echo "DM_HMAC_SECRET=$(secret 32)"
if [ "${1:-}" = "--dev" ]; then
  echo "DM_JWT_ISSUER_URI=http://token-issuer:9000"
  echo "DM_JWK_SET_URI=http://token-issuer:9000/jwks"
else
  echo "DM_JWT_ISSUER_URI="
  echo "DM_JWK_SET_URI="
fi
