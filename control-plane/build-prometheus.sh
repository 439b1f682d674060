#!/usr/bin/env bash
# Builds, once, a Prometheus server with Kubernetes service discovery from its Go module, for the end-to-end test that
# discovers member pods through the API server (kubernetes_sd_configs). Debian's prometheus package, which the other
# alert tests use, is built without Kubernetes discovery.
#
#   control-plane/build-prometheus.sh              build if needed; last stdout line = the binary's dir
#   control-plane/build-prometheus.sh --print-dir  print that dir without building
#
# The build keeps only the service discovery the tests use (build tags remove_all_sd,enable_kubernetes_sd: static,
# file and kubernetes) and no web UI assets; the HTTP API is complete. It goes to
#   ${SESSIONCACHE_BINARIES_CACHE:-$HOME/.cache/sessioncache-operator}/prometheus/<version>-<os>-<arch>/prometheus
# Progress goes to stderr.
set -euo pipefail

# The Go module's versions are v0.3XX.Y for Prometheus 3.XX.Y; RELEASE is stamped into the binary's --version.
VERSION=v0.316.0
RELEASE=3.16.0
PACKAGE=github.com/prometheus/prometheus/cmd/prometheus

log() { printf '%s\n' "build-prometheus: $*" >&2; }
die() { printf '%s\n' "build-prometheus: ERROR: $*" >&2; exit 1; }

print_dir_only=false
case "${1:-}" in
  "") ;;
  --print-dir) print_dir_only=true ;;
  *) die "unknown argument: $1 (takes none, or --print-dir)" ;;
esac

cache_root=${SESSIONCACHE_BINARIES_CACHE:-$HOME/.cache/sessioncache-operator}
case "$cache_root" in
  /*) ;;
  *) cache_root="$PWD/$cache_root" ;;
esac
os=$(uname -s | tr '[:upper:]' '[:lower:]')
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) die "unsupported CPU architecture $(uname -m)" ;;
esac
parent="$cache_root/prometheus"
dir="$parent/$VERSION-$os-$arch"

if [[ "$print_dir_only" == true ]]; then printf '%s\n' "$dir"; exit 0; fi
if [[ -x "$dir/prometheus" ]]; then
  log "prometheus $VERSION already present"
  printf '%s\n' "$dir"
  exit 0
fi
command -v go >/dev/null 2>&1 || die "no $dir/prometheus and no 'go' on PATH to build it (Go >= 1.26; the build fetches from the Go module proxy)"

mkdir -p "$parent"
# One build at a time per cache (parallel test runs would otherwise race).
exec 9>"$parent/.build.lock"
flock 9
if [[ -x "$dir/prometheus" ]]; then printf '%s\n' "$dir"; exit 0; fi

tmp=$(mktemp -d "$parent/.build-$VERSION-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
log "building prometheus $VERSION with Kubernetes discovery (a few minutes from cold Go caches on 2 cores)..."
# Checked against the Go checksum database; never download another toolchain.
CGO_ENABLED=0 GOTOOLCHAIN=local GOBIN="$tmp" \
  go install -trimpath -tags remove_all_sd,enable_kubernetes_sd \
  -ldflags "-s -w -X github.com/prometheus/common/version.Version=$RELEASE" "$PACKAGE@$VERSION"
[[ -x "$tmp/prometheus" ]] || die "the build produced no prometheus"
"$tmp/prometheus" --version 2>&1 | grep -q "^prometheus, version $RELEASE " \
  || die "$tmp/prometheus --version does not report $RELEASE"
chmod 755 "$tmp"
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT
log "built prometheus $VERSION into $dir in $((SECONDS - start))s"
printf '%s\n' "$dir"
