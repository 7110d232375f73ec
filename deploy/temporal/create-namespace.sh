#!/bin/sh
# One-shot, run by the `temporal-namespace` service (image temporalio/admin-tools) once the
# Temporal server is up: waits until the cluster answers its health check, then registers the
# namespace the API and the worker use (TEMPORAL_NAMESPACE, `default` unless overridden) if it is
# not registered yet, and any custom search attributes listed in TEMPORAL_SEARCH_ATTRIBUTES
# ("Name=Type,Name=Type", types as `temporal operator search-attribute create --type` takes them).
# Safe to run on every `docker compose up`.
set -eu

: "${TEMPORAL_ADDRESS:=temporal:7233}"
: "${NAMESPACE:=default}"
: "${NAMESPACE_RETENTION:=720h}"
: "${TEMPORAL_SEARCH_ATTRIBUTES:=}"

# The frontend requires a client certificate (mTLS): this set-up holds one like the API and the workers.
tls=""
if [ -n "${TEMPORAL_TLS_CERT:-}" ]; then
  tls="--tls-cert-path $TEMPORAL_TLS_CERT --tls-key-path $TEMPORAL_TLS_KEY --tls-ca-path $TEMPORAL_TLS_CA --tls-server-name ${TEMPORAL_TLS_SERVER_NAME:-temporal}"
fi

echo "[temporal-namespace] waiting for the Temporal cluster at $TEMPORAL_ADDRESS"
tries=0
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" $tls >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 90 ]; then
    echo "[temporal-namespace] the cluster did not report SERVING within 3 minutes" >&2
    temporal operator cluster health --address "$TEMPORAL_ADDRESS" $tls || true
    exit 1
  fi
  sleep 2
done

if temporal operator namespace describe --address "$TEMPORAL_ADDRESS" $tls -n "$NAMESPACE" >/dev/null 2>&1; then
  echo "[temporal-namespace] namespace $NAMESPACE already registered"
else
  echo "[temporal-namespace] registering namespace $NAMESPACE (retention $NAMESPACE_RETENTION)"
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" $tls -n "$NAMESPACE" \
    --retention "$NAMESPACE_RETENTION" \
    --description "Petition workflows (created by deploy/temporal/create-namespace.sh)"
fi

# `describe` reads the namespace from the database, but workflow calls go through the server's
# namespace cache, which picks a new namespace up only at its next refresh (about 10 s). Wait for
# that here, so that the worker and the API never see "namespace not found" after this exits 0.
tries=0
until temporal workflow count --address "$TEMPORAL_ADDRESS" $tls -n "$NAMESPACE" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "[temporal-namespace] namespace $NAMESPACE is still not usable after 60 s" >&2
    temporal workflow count --address "$TEMPORAL_ADDRESS" $tls -n "$NAMESPACE" || true
    exit 1
  fi
  sleep 1
done
echo "[temporal-namespace] namespace $NAMESPACE is usable"

if [ -n "$TEMPORAL_SEARCH_ATTRIBUTES" ]; then
  existing=$(temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" $tls -n "$NAMESPACE" || true)
  for pair in $(echo "$TEMPORAL_SEARCH_ATTRIBUTES" | tr ',' ' '); do
    name=${pair%%=*}
    type=${pair#*=}
    if printf '%s\n' "$existing" | grep -qw "$name"; then
      echo "[temporal-namespace] search attribute $name already present"
    else
      echo "[temporal-namespace] adding search attribute $name ($type)"
      temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" $tls -n "$NAMESPACE" \
        --name "$name" --type "$type"
    fi
  done
fi

echo "[temporal-namespace] done"
