#!/bin/sh
# Pod network of one kind node (the node image's default CNI; see docs/real-nodes.md).
#
# Every node has its own pod CIDR (node.spec.podCIDR, allocated by the controller
# manager) and all nodes share one L2 network (the docker network), so a pod
# network needs only:
#   - a CNI config on this node: ptp veth pairs, host-local addresses from this
#     node's pod CIDR, portmap for hostPorts;
#   - a route on this node to every other node's pod CIDR via that node's address.
# Kube-proxy does Services. No masquerade (nothing outside the cluster is reachable
# here anyway) and no NetworkPolicy enforcement.
#
# Runs as a DaemonSet pod on the host network with NET_ADMIN; NODE_NAME comes from
# the downward API; kubectl talks to the API server with the pod's ServiceAccount.
set -eu

: "${NODE_NAME:?NODE_NAME must name this node}"
conf_dir=${PODNET_CNI_CONF_DIR:-/etc/cni/net.d}
conf="$conf_dir/10-podnet.conflist"
interval=${PODNET_INTERVAL_SECONDS:-5}

log() { echo "podnet: $*"; }

# <pod cidr> <mtu>: written to a temporary file and renamed, so the runtime never reads half a file.
write_conf() {
  cat >"$conf.tmp" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "podnet",
  "plugins": [
    {
      "type": "ptp",
      "mtu": $2,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$1" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
  mv "$conf.tmp" "$conf"
}

# One line per node: name, pod CIDR, InternalIP address(es).
nodes_query='{range .items[*]}{.metadata.name}{" "}{.spec.podCIDR}{" "}{.status.addresses[?(@.type=="InternalIP")].address}{"\n"}{end}'

mtu=$(cat /sys/class/net/eth0/mtu 2>/dev/null || echo 1500)
log "node $NODE_NAME, CNI config $conf, MTU $mtu, resync every ${interval}s"
while :; do
  if nodes=$(kubectl get nodes -o jsonpath="$nodes_query"); then
    echo "$nodes" | while read -r name cidr address _; do
      [ -n "$cidr" ] || continue
      if [ "$name" = "$NODE_NAME" ]; then
        if ! grep -q "\"$cidr\"" "$conf" 2>/dev/null; then
          write_conf "$cidr" "$mtu"
          log "wrote $conf for pod CIDR $cidr"
        fi
      elif [ -n "$address" ]; then
        if ! ip route show "$cidr" | grep -q "via $address "; then
          ip route replace "$cidr" via "$address"
          log "route $cidr via $address ($name)"
        fi
      fi
    done
  else
    log "cannot list nodes yet, retrying in ${interval}s"
  fi
  sleep "$interval"
done
