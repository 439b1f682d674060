#!/usr/bin/env bash
# Starts and stops a real multi-node Kubernetes cluster on this machine with kind:
# one control-plane node and three workers, one per zone (topology.kubernetes.io/zone
# zone-a, zone-b, zone-c), on the node image real-nodes/build-node-image.sh builds
# offline. Build that first: `up` does not build (it runs under the machine-wide lock,
# which a build of several minutes should not hold).
#
#   real-nodes/cluster.sh up          create the cluster, wait until every node is Ready
#   real-nodes/cluster.sh down        delete it
#   real-nodes/cluster.sh kubeconfig  write its kubeconfig and print the file's path
#   real-nodes/cluster.sh kubectl ... kubectl (the cluster's version) against it
#
# Starting node containers competes with other tests for the machine; run it under
# the machine-wide lock, e.g.:
#   flock /tmp/sessioncache-e2e.lock sh -c 'real-nodes/cluster.sh up && ... ; real-nodes/cluster.sh down'
#
# Environment:
#   SESSIONCACHE_KIND_CLUSTER  cluster name (default: sessioncache)
#   SESSIONCACHE_BINARIES_CACHE  cache root, as for build-node-image.sh
set -euo pipefail

ZONES=(zone-a zone-b zone-c)
READY_TIMEOUT=5m

log() { printf '%s\n' "cluster: $*" >&2; }
die() { printf '%s\n' "cluster: ERROR: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
name=${SESSIONCACHE_KIND_CLUSTER:-sessioncache}
bin_dir=$("$script_dir/build-node-image.sh" --print-bin)
kind="$bin_dir/kind"
kubeconfig="$bin_dir/../kubeconfig-$name"

kind_config() { # <node image>
  printf '%s\n' "kind: Cluster" "apiVersion: kind.x-k8s.io/v1alpha4" "nodes:" \
    "  - role: control-plane" "    image: $1"
  local zone
  for zone in "${ZONES[@]}"; do
    printf '%s\n' "  - role: worker" "    image: $1" "    labels:" "      topology.kubernetes.io/zone: $zone"
  done
}

# Capabilities missing from this machine's bounding set (docker's --privileged asks for all
# of them and then fails), as docker names them: "SYS_RESOURCE,..."; empty when none is.
missing_caps() {
  local last full bnd missing
  last=$(cat /proc/sys/kernel/cap_last_cap)
  full=$(( (1 << (last + 1)) - 1 ))
  bnd=$(( 16#$(awk '/^CapBnd:/ {print $2}' /proc/self/status) ))
  missing=$(( full & ~bnd ))
  (( missing != 0 )) || return 0
  command -v capsh >/dev/null || die "capabilities $(printf '%#x' "$missing") are missing and capsh (libcap2-bin) is not installed to name them"
  capsh --decode="$(printf '%x' "$missing")" | sed -e 's/^[^=]*=//' -e 's/cap_//g' | tr '[:lower:]' '[:upper:]'
}

# kind always starts nodes with --privileged; without every capability that fails, so
# kind then gets real-nodes/unprivileged/docker first on its PATH.
run_kind() {
  local caps
  caps=$(missing_caps)
  if [[ -n "$caps" ]]; then
    log "this machine lacks $caps: nodes start with every other capability instead of --privileged"
    SESSIONCACHE_REAL_DOCKER=$(command -v docker) SESSIONCACHE_MISSING_CAPS=$caps \
      PATH="$script_dir/unprivileged:$PATH" "$kind" "$@"
  else
    "$kind" "$@"
  fi
}

need_kind() { [[ -x "$kind" ]] || die "no kind in $bin_dir: run real-nodes/build-node-image.sh"; }

case "${1:-}" in
  up)
    image=$("$script_dir/build-node-image.sh" --print-image)
    docker image inspect "$image" >/dev/null 2>&1 \
      || die "no node image $image: run real-nodes/build-node-image.sh first (without the lock)"
    need_kind
    if "$kind" get clusters 2>/dev/null | grep -qx "$name"; then
      die "cluster $name already exists (real-nodes/cluster.sh down first)"
    fi
    log "creating cluster $name: 1 control-plane + ${#ZONES[@]} workers (${ZONES[*]}) from $image"
    start=$SECONDS
    kind_config "$image" | run_kind create cluster --name "$name" --config - --wait "$READY_TIMEOUT" \
      --kubeconfig "$kubeconfig" >&2
    # kind's --wait covers the control plane only.
    "$bin_dir/kubectl" --kubeconfig "$kubeconfig" wait --for=condition=Ready nodes --all --timeout="$READY_TIMEOUT" >&2
    log "cluster $name up, every node Ready, in $((SECONDS - start))s; kubeconfig: $kubeconfig"
    ;;
  down)
    need_kind
    run_kind delete cluster --name "$name" --kubeconfig "$kubeconfig" >&2
    rm -f "$kubeconfig"
    ;;
  kubeconfig)
    need_kind
    "$kind" get kubeconfig --name "$name" >"$kubeconfig"
    printf '%s\n' "$kubeconfig"
    ;;
  kubectl)
    shift
    exec "$bin_dir/kubectl" --kubeconfig "$kubeconfig" "$@"
    ;;
  -h|--help) usage ;;
  *) usage; die "expected up, down, kubeconfig or kubectl" ;;
esac
