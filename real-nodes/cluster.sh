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
    kind_config "$image" | "$kind" create cluster --name "$name" --config - --wait "$READY_TIMEOUT" \
      --kubeconfig "$kubeconfig" >&2
    log "cluster $name up, every node Ready, in $((SECONDS - start))s; kubeconfig: $kubeconfig"
    ;;
  down)
    need_kind
    "$kind" delete cluster --name "$name" --kubeconfig "$kubeconfig" >&2
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
