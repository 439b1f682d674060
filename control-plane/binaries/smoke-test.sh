#!/usr/bin/env bash
# Smoke test of the binaries control-plane/build-binaries.sh lays out: starts etcd,
# kube-apiserver, kube-controller-manager (and kube-scheduler when present) on free
# 127.0.0.1 ports with throwaway state in a temp dir, checks that they work together,
# then stops everything it started. Nothing outside 127.0.0.1 is contacted.
#
#   control-plane/binaries/smoke-test.sh [binaries dir]   (default: build-binaries.sh's dir)
#   SMOKE_KEEP=1 keeps the temp dir (logs, certs, kubeconfigs) for inspection.
#
# The flags below are the reference for the Java test fixture.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
bin=${1:-$("$here/../build-binaries.sh" | tail -1)}
for b in etcd kube-apiserver kube-controller-manager kubectl; do
  [[ -x "$bin/$b" ]] || { echo "smoke: no $bin/$b" >&2; exit 1; }
done
expected_version=$("$bin/kube-apiserver" --version | sed -n 's/^Kubernetes //p')

work=$(mktemp -d "${TMPDIR:-/tmp}/sessioncache-smoke-XXXXXX")
pids=()
failed=0
cleanup() {
  local n pid i
  for ((n = ${#pids[@]} - 1; n >= 0; n--)); do # stop in reverse start order, etcd last
    pid=${pids[n]}
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if ((failed)); then
    for log in "$work"/*.log; do
      [[ -f "$log" ]] || continue
      echo "---- last lines of $(basename "$log")" >&2; tail -n 15 "$log" >&2
    done
  fi
  if [[ "${SMOKE_KEEP:-0}" == 1 ]]; then echo "smoke: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() { failed=1; echo "smoke: FAIL: $*" >&2; exit 1; }
ok() { echo "smoke: ok: $*" >&2; }

taken_ports=" "
free_port() { # a port nothing listens on (and not handed out before in this run)
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    [[ "$taken_ports" == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then taken_ports+="$p "; echo "$p"; return; fi
  done
}

wait_http() { # <what> <url> [curl args...]: wait up to 60 s for HTTP 200
  local what=$1 url=$2 code i; shift 2
  for i in $(seq 1 120); do
    code=$(curl -sk -o /dev/null -w '%{http_code}' "$@" "$url" || true)
    [[ "$code" == 200 ]] && return 0
    sleep 0.5
  done
  fail "$what: $url answered ${code:-nothing} for 60 s"
}

etcd_client_port=$(free_port)
etcd_peer_port=$(free_port)
apiserver_port=$(free_port)
kcm_port=$(free_port)
scheduler_port=$(free_port)
token=smoke-admin-token-$RANDOM$RANDOM

# --- credentials: service-account key pair, static tokens ------------------------------
openssl genrsa -out "$work/sa.key" 2048 2>/dev/null
openssl rsa -in "$work/sa.key" -pubout -out "$work/sa.pub" 2>/dev/null
cat > "$work/tokens.csv" <<EOF
$token,admin,admin-uid,"system:masters"
$token-kcm,system:kube-controller-manager,kcm-uid
$token-scheduler,system:kube-scheduler,scheduler-uid
EOF

# --- etcd -------------------------------------------------------------------------------
"$bin/etcd" \
  --name=smoke \
  --data-dir="$work/etcd-data" \
  --listen-client-urls="http://127.0.0.1:$etcd_client_port" \
  --advertise-client-urls="http://127.0.0.1:$etcd_client_port" \
  --listen-peer-urls="http://127.0.0.1:$etcd_peer_port" \
  --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster="smoke=http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster-state=new \
  --unsafe-no-fsync=true \
  --log-level=warn \
  >"$work/etcd.log" 2>&1 &
pids+=($!)
t0=$SECONDS
wait_http etcd "http://127.0.0.1:$etcd_client_port/health"
ok "etcd healthy after $((SECONDS - t0))s: $(curl -s "http://127.0.0.1:$etcd_client_port/version")"

# --- kube-apiserver ---------------------------------------------------------------------
"$bin/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$etcd_client_port" \
  --bind-address=127.0.0.1 \
  --advertise-address=127.0.0.1 \
  --secure-port="$apiserver_port" \
  --cert-dir="$work/apiserver-certs" \
  --service-cluster-ip-range=10.0.0.0/24 \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$work/sa.pub" \
  --service-account-signing-key-file="$work/sa.key" \
  --token-auth-file="$work/tokens.csv" \
  --authorization-mode=RBAC \
  --endpoint-reconciler-type=none \
  >"$work/apiserver.log" 2>&1 &
pids+=($!)
t0=$SECONDS
wait_http kube-apiserver "https://127.0.0.1:$apiserver_port/readyz" -H "Authorization: Bearer $token"
ok "kube-apiserver ready after $((SECONDS - t0))s"
server_version=$(curl -sk -H "Authorization: Bearer $token" "https://127.0.0.1:$apiserver_port/version" \
  | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p')
[[ "$server_version" == "$expected_version" ]] || fail "/version says '$server_version', expected $expected_version"
ok "/version gitVersion $server_version"

kubeconfig() { # <file> <token>: kubeconfig verifying the apiserver's self-signed serving cert
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: smoke
  cluster:
    server: https://127.0.0.1:$apiserver_port
    certificate-authority: $work/apiserver-certs/apiserver.crt
contexts:
- name: smoke
  context: {cluster: smoke, user: smoke}
current-context: smoke
users:
- name: smoke
  user: {token: $2}
EOF
}
kubeconfig "$work/admin.kubeconfig" "$token"
kubeconfig "$work/kcm.kubeconfig" "$token-kcm"
kubeconfig "$work/scheduler.kubeconfig" "$token-scheduler"
kubectl() { "$bin/kubectl" --kubeconfig="$work/admin.kubeconfig" "$@"; }

"$bin/kubectl" --server="https://127.0.0.1:$apiserver_port" --insecure-skip-tls-verify --token="$token" \
  get ns default >/dev/null || fail "kubectl get ns"
kubectl get ns kube-system >/dev/null || fail "kubectl with kubeconfig (CA = apiserver.crt)"
ok "kubectl get ns (token + --insecure-skip-tls-verify, and kubeconfig with the serving cert as CA)"

# --- kube-controller-manager ------------------------------------------------------------
"$bin/kube-controller-manager" \
  --kubeconfig="$work/kcm.kubeconfig" \
  --bind-address=127.0.0.1 \
  --secure-port="$kcm_port" \
  --cert-dir="$work/kcm-certs" \
  --leader-elect=true \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$work/sa.key" \
  --root-ca-file="$work/apiserver-certs/apiserver.crt" \
  --service-cluster-ip-range=10.0.0.0/24 \
  >"$work/kcm.log" 2>&1 &
pids+=($!)
t0=$SECONDS
wait_http kube-controller-manager "https://127.0.0.1:$kcm_port/healthz"
for i in $(seq 1 60); do
  holder=$(kubectl -n kube-system get lease kube-controller-manager -o jsonpath='{.spec.holderIdentity}' 2>/dev/null || true)
  [[ -n "$holder" ]] && break
  sleep 0.5
done
[[ -n "$holder" ]] || fail "kube-controller-manager never took its lease"
ok "kube-controller-manager healthy and leader ($holder) after $((SECONDS - t0))s"

kubectl create namespace smoke >/dev/null
kubectl -n smoke create deployment web --image=registry.invalid/none:1 --replicas=2 >/dev/null
for i in $(seq 1 60); do
  pods=$(kubectl -n smoke get pods -l app=web -o name 2>/dev/null | wc -l)
  [[ "$pods" == 2 ]] && break
  sleep 0.5
done
[[ "$pods" == 2 ]] || fail "deployment controller made $pods pods, expected 2"
ok "controllers work: deployment -> replicaset -> 2 pods (Pending: there is no kubelet)"

# --- kube-scheduler (optional) ----------------------------------------------------------
if [[ -x "$bin/kube-scheduler" ]]; then
  "$bin/kube-scheduler" \
    --kubeconfig="$work/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="$scheduler_port" \
    --leader-elect=true \
    >"$work/scheduler.log" 2>&1 &
  pids+=($!)
  t0=$SECONDS
  wait_http kube-scheduler "https://127.0.0.1:$scheduler_port/healthz"
  # A Node object only (nothing runs it), so the scheduler has somewhere to bind pods.
  kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata: {name: smoke-node, labels: {kubernetes.io/hostname: smoke-node}}
status:
  capacity: {cpu: "8", memory: 16Gi, pods: "110"}
  allocatable: {cpu: "8", memory: 16Gi, pods: "110"}
EOF
  for i in $(seq 1 60); do
    bound=$(kubectl -n smoke get pods -l app=web -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | grep -c smoke-node || true)
    [[ "$bound" == 2 ]] && break
    sleep 0.5
  done
  [[ "$bound" == 2 ]] || fail "kube-scheduler bound $bound of 2 pods"
  ok "kube-scheduler healthy and bound both pods after $((SECONDS - t0))s"
fi

echo "smoke: all checks passed (Kubernetes $expected_version, $(kubectl version -o yaml | sed -n 's/^  gitVersion: //p' | head -1) client)" >&2
