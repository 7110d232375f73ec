#!/bin/sh
# One-shot before the public proxy starts (compose service `edge-certs`): the certificate nginx
# serves on the public port. An operator mounts the office's own pair (edge.pem / edge.key) into
# the folder; when none is there, a self-signed pair is generated for the demo (browsers warn).
# Usage: generate-edge-cert.sh <folder> [host name, default localhost] [days, default 825]
set -eu
dir=${1:?usage: generate-edge-cert.sh <folder> [host] [days]}
host=${2:-localhost}
days=${3:-825}
mkdir -p "$dir"
cd "$dir"
if [ -s edge.pem ] && [ -s edge.key ]; then
  echo "[edge-certs] certificate already in $dir"
  exit 0
fi
umask 077
openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days "$days" \
  -keyout edge.key -out edge.pem -subj "/CN=$host" \
  -addext "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1" 2>/dev/null
chmod 644 edge.pem
chmod 600 edge.key
echo "[edge-certs] self-signed certificate for $host in $dir (replace edge.pem/edge.key with the office's own)"
