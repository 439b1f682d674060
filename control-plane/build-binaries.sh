#!/usr/bin/env bash
# Builds, once, the real Kubernetes control-plane binaries the integration tests
# run (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl)
# from Go modules only: no container images, no release-page downloads.
#
#   control-plane/build-binaries.sh              build if needed; last stdout line = binaries dir
#   control-plane/build-binaries.sh --print-dir  print that dir without building
#
#   dir=$(control-plane/build-binaries.sh | tail -1)
#
# Layout (what fabric8 kube-api-test looks for, with KUBE_API_TEST_DIR=<cache>):
#   <cache>/k8s/<k8s version>-<os>-<arch>/{etcd,kube-apiserver,kube-controller-manager,kube-scheduler,kubectl}
#
# Environment:
#   SESSIONCACHE_BINARIES_CACHE  cache root (default: $HOME/.cache/sessioncache-operator)
#   SESSIONCACHE_KUBE_BINARIES   use this directory of prebuilt binaries instead and build
#                                nothing (needs etcd, kube-apiserver, kube-controller-manager,
#                                kubectl; kube-scheduler is optional there)
#
# Pinned versions live in the wrapper modules' go.mod files:
#   control-plane/binaries/kubernetes/go.mod  (k8s.io/kubernetes + a replace per staging module)
#   control-plane/binaries/etcd/go.mod        (go.etcd.io/etcd/server/v3)
# Progress goes to stderr. The Go module and build caches keep their defaults
# (~/go/pkg/mod, ~/.cache/go-build), so a rebuild after a version bump is quick.
set -euo pipefail

# Git commits of the pinned releases, stamped into the binaries' version info
# (kube `/version` gitCommit, `etcd --version` Git SHA). Add an entry when bumping a
# version; a version without an entry is stamped with an empty commit.
declare -A K8S_GIT_COMMITS=(
  [1.34.4]=14507e2fb33b11d2712ccbaed0bc282c27a4a04a
)
declare -A ETCD_GIT_SHAS=(
  [3.6.8]=4e814e2
)

# Rough duration of a build from cold Go caches on 2 cores (measured: 5 min wall clock,
# ~775 MB module cache + ~3 GB build cache), for the progress messages.
FIRST_BUILD_MINUTES=5

KUBE_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
ALL_BINARIES=(etcd "${KUBE_BINARIES[@]}")
REQUIRED_PREBUILT=(etcd kube-apiserver kube-controller-manager kubectl)
MIN_GO_MINOR=24

log() { printf '%s\n' "build-binaries: $*" >&2; }
die() { printf '%s\n' "build-binaries: ERROR: $*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
}

print_dir_only=false
case "${1:-}" in
  "") ;;
  --print-dir) print_dir_only=true ;;
  -h|--help) usage; exit 0 ;;
  *) usage; die "unknown argument: $1" ;;
esac
[[ $# -le 1 ]] || { usage; die "too many arguments"; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
k8s_module_dir="$script_dir/binaries/kubernetes"
etcd_module_dir="$script_dir/binaries/etcd"

# ---- 1. prebuilt binaries given by the caller -------------------------------------------
if [[ -n "${SESSIONCACHE_KUBE_BINARIES:-}" ]]; then
  [[ -d "$SESSIONCACHE_KUBE_BINARIES" ]] \
    || die "SESSIONCACHE_KUBE_BINARIES=$SESSIONCACHE_KUBE_BINARIES is not a directory"
  dir=$(cd "$SESSIONCACHE_KUBE_BINARIES" && pwd -P)
  if [[ "$print_dir_only" == true ]]; then printf '%s\n' "$dir"; exit 0; fi
  missing=()
  for b in "${REQUIRED_PREBUILT[@]}"; do [[ -x "$dir/$b" ]] || missing+=("$b"); done
  ((${#missing[@]} == 0)) \
    || die "SESSIONCACHE_KUBE_BINARIES=$dir lacks executable: ${missing[*]} (needs ${REQUIRED_PREBUILT[*]}; kube-scheduler optional)"
  [[ -x "$dir/kube-scheduler" ]] || log "note: $dir has no kube-scheduler (optional)"
  log "using prebuilt binaries from SESSIONCACHE_KUBE_BINARIES, building nothing"
  printf '%s\n' "$dir"
  exit 0
fi

# ---- 2. where the built binaries go ----------------------------------------------------
k8s_version=$(sed -n 's#^require k8s\.io/kubernetes v\([0-9][^ ]*\)$#\1#p' "$k8s_module_dir/go.mod")
etcd_version=$(sed -n 's#^require go\.etcd\.io/etcd/server/v3 v\([0-9][^ ]*\)$#\1#p' "$etcd_module_dir/go.mod")
[[ -n "$k8s_version" ]] || die "cannot read the k8s.io/kubernetes version from $k8s_module_dir/go.mod"
[[ -n "$etcd_version" ]] || die "cannot read the etcd version from $etcd_module_dir/go.mod"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) die "unsupported OS $(uname -s)" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) die "unsupported CPU architecture $(uname -m)" ;;
esac

cache_root=${SESSIONCACHE_BINARIES_CACHE:-$HOME/.cache/sessioncache-operator}
case "$cache_root" in
  /*) ;;
  *) cache_root="$PWD/$cache_root" ;;
esac
k8s_dir="$cache_root/k8s"
dir="$k8s_dir/$k8s_version-$os-$arch"

if [[ "$print_dir_only" == true ]]; then printf '%s\n' "$dir"; exit 0; fi

all_present() {
  local b
  for b in "${ALL_BINARIES[@]}"; do [[ -x "$dir/$b" ]] || return 1; done
}

if all_present; then
  log "Kubernetes $k8s_version and etcd $etcd_version binaries already present"
  printf '%s\n' "$dir"
  exit 0
fi

# ---- 3. build --------------------------------------------------------------------------
if ! command -v go >/dev/null 2>&1; then
  die "no Kubernetes binaries in $dir and no 'go' on PATH to build them.
  Either install Go >= 1.$MIN_GO_MINOR and put it on PATH (official Go release, or Debian's
  packages: golang-go on Debian 13+, golang-1.24-go from bookworm-backports on Debian 12,
  whose binary is /usr/lib/go-1.24/bin/go); the build fetches sources from the Go module proxy;
  or set SESSIONCACHE_KUBE_BINARIES to a directory holding etcd, kube-apiserver and kubectl
  (e.g. the one 'setup-envtest use -p path $k8s_version' prints) plus a kube-controller-manager
  of the same Kubernetes version."
fi
go_version=$(go env GOVERSION 2>/dev/null || true)
go_minor=$(sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p' <<<"$go_version")
if [[ -z "$go_minor" || "$go_minor" -lt "$MIN_GO_MINOR" ]]; then
  die "found ${go_version:-an unknown Go} at $(command -v go); building Kubernetes $k8s_version needs Go >= 1.$MIN_GO_MINOR
  (official Go release, or Debian: golang-go on Debian 13+, golang-1.24-go from bookworm-backports),
  or set SESSIONCACHE_KUBE_BINARIES to a directory of prebuilt binaries (see --help)."
fi

mkdir -p "$k8s_dir"

# One build at a time per cache (parallel test runs would otherwise race).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$k8s_dir/.build.lock"
  if ! flock -n 9; then
    log "another build is running in $k8s_dir, waiting for it..."
    flock 9
  fi
  if all_present; then
    log "Kubernetes $k8s_version and etcd $etcd_version binaries already present"
    printf '%s\n' "$dir"
    exit 0
  fi
fi

tmp=$(mktemp -d "$k8s_dir/.build-$k8s_version-XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Binaries of a partial set (only if someone deleted some) are kept, not rebuilt.
if [[ -d "$dir" ]]; then
  for b in "${ALL_BINARIES[@]}"; do
    if [[ -x "$dir/$b" ]]; then cp -p "$dir/$b" "$tmp/$b"; fi
  done
fi

build_date=$(date -u ${SOURCE_DATE_EPOCH:+-d "@$SOURCE_DATE_EPOCH"} +%Y-%m-%dT%H:%M:%SZ)
k8s_major=${k8s_version%%.*}
k8s_minor=${k8s_version#*.}; k8s_minor=${k8s_minor%%.*}
k8s_commit=${K8S_GIT_COMMITS[$k8s_version]:-}
etcd_sha=${ETCD_GIT_SHAS[$etcd_version]:-}

k8s_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=v$k8s_version"
  k8s_ldflags+=" -X $pkg.gitMajor=$k8s_major"
  k8s_ldflags+=" -X $pkg.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $pkg.gitCommit=$k8s_commit"
  k8s_ldflags+=" -X $pkg.gitTreeState=clean"
  k8s_ldflags+=" -X $pkg.buildDate=$build_date"
done
etcd_ldflags="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$etcd_sha"

# Static, reproducible, verified against go.sum; never try to download another toolchain.
export CGO_ENABLED=0 GOTOOLCHAIN=local GOOS="$os" GOARCH="$arch"
go_build() { # <module dir> <ldflags> <output> <package>
  (cd "$1" && go build -mod=readonly -trimpath -buildvcs=false -ldflags "$2" -o "$3" "$4")
}

start=$SECONDS
if [[ ! -x "$tmp/etcd" ]]; then
  log "building etcd $etcd_version with $go_version (about 1 minute from cold caches)..."
  go_build "$etcd_module_dir" "$etcd_ldflags" "$tmp/etcd" .
fi
for b in "${KUBE_BINARIES[@]}"; do
  [[ -x "$tmp/$b" ]] && continue
  log "building $b $k8s_version (the first build of all binaries takes ~$FIRST_BUILD_MINUTES minutes on 2 cores; rebuilds reuse the Go build cache)..."
  go_build "$k8s_module_dir" "$k8s_ldflags" "$tmp/$b" "k8s.io/kubernetes/cmd/$b"
done

for b in "${ALL_BINARIES[@]}"; do [[ -x "$tmp/$b" ]] || die "build produced no $b"; done
"$tmp/kube-apiserver" --version 2>/dev/null | grep -qx "Kubernetes v$k8s_version" \
  || die "$tmp/kube-apiserver --version does not report v$k8s_version"

# Publish the complete set with one rename (same filesystem), so nobody ever sees half a set.
chmod 755 "$tmp"
if [[ -e "$dir" ]]; then
  old="$k8s_dir/.old-$k8s_version-$$"
  mv "$dir" "$old"
  mv "$tmp" "$dir"
  rm -rf "$old"
else
  mv "$tmp" "$dir"
fi
trap - EXIT
log "built Kubernetes $k8s_version and etcd $etcd_version into $dir in $((SECONDS - start))s"
printf '%s\n' "$dir"
