#!/bin/sh
# One-shot, before the Temporal server starts (compose service `temporal-certs`; natively
# libs/infra/temporal-cluster.ts runs it into the cluster's data folder): the certificates the
# Temporal frontend requires of every client (mTLS). Nobody may act on a case around the API, so
# only what holds the client certificate — the API, the workers, the namespace set-up and the UI
# server — can even open a connection to the frontend; another container on the network cannot.
#
#   ca.pem / ca.key          the deployment's own CA (its key stays in this folder, used only here)
#   server.pem / server.key  the Temporal server: frontend and internode (names temporal, localhost, 127.0.0.1)
#   client.pem / client.key  what the API, workers, namespace set-up and UI server present
#
# Kept when present (idempotent): delete the folder to issue new ones (every holder then needs
# a restart). Usage: generate-certs.sh <folder> [days, default 825]
set -eu

dir=${1:?usage: generate-certs.sh <folder> [days]}
days=${2:-825}
mkdir -p "$dir"
cd "$dir"

if [ -s ca.pem ] && [ -s server.pem ] && [ -s server.key ] && [ -s client.pem ] && [ -s client.key ]; then
  echo "[temporal-certs] certificates already in $dir"
  exit 0
fi

umask 077
openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days "$days" \
  -keyout ca.key -out ca.pem -subj "/CN=petitions temporal CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

cat > server.ext <<'EOF'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:temporal,DNS:localhost,IP:127.0.0.1
EOF
openssl req -newkey rsa:3072 -nodes -sha256 -keyout server.key -out server.csr -subj "/CN=temporal" 2>/dev/null
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days "$days" -sha256 -extfile server.ext -out server.pem 2>/dev/null

cat > client.ext <<'EOF'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EOF
openssl req -newkey rsa:3072 -nodes -sha256 -keyout client.key -out client.csr -subj "/CN=petitions-client" 2>/dev/null
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days "$days" -sha256 -extfile client.ext -out client.pem 2>/dev/null

rm -f server.csr client.csr server.ext client.ext ca.srl
# The containers that mount the certificates run as their images' own users (temporal, node):
# readable by them; the volume is mounted only into the services that must hold a certificate.
chmod 0644 ca.pem server.pem client.pem server.key client.key
chmod 0600 ca.key
echo "[temporal-certs] issued a CA, the server certificate and the client certificate in $dir"
