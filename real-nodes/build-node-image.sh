#!/usr/bin/env bash
# Builds, once, a kind node image for a real multi-node cluster on this machine,
# offline: every binary from Go modules (the Go module proxy), every root
# filesystem from Debian packages (debootstrap), no container registry.
#
#   real-nodes/build-node-image.sh                build if needed; last stdout line = node image
#   real-nodes/build-node-image.sh --print-image  print the node image name without building
#   real-nodes/build-node-image.sh --print-bin    print the binaries dir (kind, kubectl, ...) without building
#
# What it makes (details: docs/real-nodes.md):
#   1. binaries, cached in <cache>/real-nodes/bin-<key>/: kubelet, kubeadm, kube-proxy
#      (real-nodes/binaries/kubernetes), etcd (real-nodes/binaries/etcd), containerd,
#      ctr, containerd-shim-runc-v2, runc, crictl, the CNI plugins, CoreDNS, kind
#      (`go install <module>@<version>`), a static pause (real-nodes/pause/pause.c);
#      kube-apiserver, kube-controller-manager, kube-scheduler and kubectl come from
#      control-plane/build-binaries.sh;
#   2. the images kubeadm expects (`kubeadm config images list`), each a tiny root
#      filesystem with its static binary, `docker import`ed under the official
#      name and tag; kube-proxy and the pod network (real-nodes/podnet) on a Debian
#      minbase with iptables and iproute2;
#   3. the base image: Debian <suite> with the packages and files of kind's base image
#      (files taken from the sigs.k8s.io/kind module), containerd, runc, crictl, CNI;
#   4. the node image: the base plus kubelet, kubeadm, kubectl, /kind/version, the
#      default CNI manifest, and every image of step 2 imported into its containerd,
#      started by real-nodes/unprivileged/node-entrypoint (kind's entrypoint, after
#      making cgroups writable for a node started without --privileged),
#      the way `kind build node-image` assembles one (which cannot be used here: it
#      fetches etcd, CoreDNS, pause and kindnetd from registries).
#
# A step is redone only when its inputs change: the binaries' key hashes the pinned
# versions and wrapper modules; the images are tagged with a hash of everything
# they are made from, and an image already in the daemon is not rebuilt.
#
# Environment:
#   SESSIONCACHE_BINARIES_CACHE  cache root (default: $HOME/.cache/sessioncache-operator)
#   SESSIONCACHE_DEBIAN_MIRROR   Debian mirror for debootstrap (default: the first
#                                URIs of /etc/apt/sources.list.d/debian.sources, else
#                                http://deb.debian.org/debian)
#
# Needs: root (debootstrap, chroot), docker, debootstrap, Go >= 1.26, gcc with static
# glibc (libc6-dev), libseccomp-dev (runc's seccomp support), jq. Progress goes to stderr.
# The script and everything it starts run at the lowest CPU and I/O priority (the docker
# daemon's own share of an import or save is not lowered).
set -euo pipefail

# ---- pinned versions --------------------------------------------------------------------
KIND_VERSION=v0.33.0
CONTAINERD_VERSION=v2.4.2
RUNC_VERSION=v1.4.3
CRICTL_VERSION=v1.37.0
CNI_PLUGINS_VERSION=v1.10.0
CNI_PLUGINS=(host-local loopback ptp portmap)
DEBIAN_SUITE=bookworm
# Images whose versions kubeadm decides; checked against `kubeadm config images list`.
COREDNS_VERSION=v1.12.1
PAUSE_VERSION=3.10.1
# The sandbox image named in kind's containerd config (the same pause program).
KIND_SANDBOX_PAUSE_VERSION=3.10
PODNET_VERSION=1
# Packages of kind's base image (images/base/Dockerfile) this cluster needs; left out:
# fuse-overlayfs (rootless), nfs-common and open-iscsi (storage drivers).
BASE_PACKAGES=(systemd conntrack iptables nftables iproute2 ethtool util-linux mount kmod
  libseccomp2 pigz e2fsprogs bash ca-certificates curl jq procps)
# Root filesystem of kube-proxy and the pod network.
NET_PACKAGES=(iptables ipset conntrack iproute2 kmod)

FIRST_BUILD_MINUTES=15

log() { printf '%s\n' "build-node-image: $*" >&2; }
die() { printf '%s\n' "build-node-image: ERROR: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; }

mode=build
case "${1:-}" in
  "") ;;
  --print-image) mode=print-image ;;
  --print-bin) mode=print-bin ;;
  -h|--help) usage; exit 0 ;;
  *) usage; die "unknown argument: $1" ;;
esac
[[ $# -le 1 ]] || { usage; die "too many arguments"; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo_dir=$(dirname "$script_dir")
k8s_module_dir="$script_dir/binaries/kubernetes"
etcd_module_dir="$script_dir/binaries/etcd"

k8s_version=$(sed -n 's#^require k8s\.io/kubernetes v\([0-9][^ ]*\)$#\1#p' "$k8s_module_dir/go.mod")
etcd_version=$(sed -n 's#^require go\.etcd\.io/etcd/server/v3 v\([0-9][^ ]*\)$#\1#p' "$etcd_module_dir/go.mod")
[[ -n "$k8s_version" && -n "$etcd_version" ]] || die "cannot read the pinned versions from $script_dir/binaries/*/go.mod"
cp_k8s_version=$(sed -n 's#^require k8s\.io/kubernetes v\([0-9][^ ]*\)$#\1#p' "$repo_dir/control-plane/binaries/kubernetes/go.mod")
[[ "$cp_k8s_version" == "$k8s_version" ]] \
  || die "control-plane/binaries pins Kubernetes $cp_k8s_version, real-nodes/binaries pins $k8s_version: bump both together"
[[ "$(uname -m)" == x86_64 ]] || die "only linux/amd64 is supported (found $(uname -m))"

cache_root=${SESSIONCACHE_BINARIES_CACHE:-$HOME/.cache/sessioncache-operator}
[[ "$cache_root" == /* ]] || cache_root="$PWD/$cache_root"
cache="$cache_root/real-nodes"

# Content keys: a change to any input gives a new key, hence a rebuild of what depends on it.
hash_of() { sha256sum | cut -c1-12; }
bin_key=$( { echo "$KIND_VERSION $CONTAINERD_VERSION $RUNC_VERSION $CRICTL_VERSION $CNI_PLUGINS_VERSION ${CNI_PLUGINS[*]} $COREDNS_VERSION $(go env GOVERSION 2>/dev/null)"
  cat "$k8s_module_dir"/go.* "$etcd_module_dir"/go.* "$etcd_module_dir"/main.go "$script_dir/pause/pause.c"; } | hash_of)
bin_dir="$cache/bin-$bin_key"
image_key=$( { echo "$bin_key $DEBIAN_SUITE ${BASE_PACKAGES[*]} ${NET_PACKAGES[*]} $PAUSE_VERSION $KIND_SANDBOX_PAUSE_VERSION $PODNET_VERSION"
  cat "${BASH_SOURCE[0]}" "$script_dir"/podnet/* "$script_dir/unprivileged/node-entrypoint"; } | hash_of)
node_image="sessioncache.local/kind-node:v$k8s_version-$image_key"
base_image="sessioncache.local/kind-base:$DEBIAN_SUITE-$image_key"
podnet_image="sessioncache.local/podnet:$PODNET_VERSION-$image_key"

case "$mode" in
  print-image) printf '%s\n' "$node_image"; exit 0 ;;
  print-bin) printf '%s\n' "$bin_dir"; exit 0 ;;
esac

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
if image_exists "$node_image"; then
  log "node image $node_image already present"
  printf '%s\n' "$node_image"
  exit 0
fi

# ---- prerequisites ----------------------------------------------------------------------
[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap and chroot)"
for tool in go docker debootstrap gcc jq sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not on PATH (see --help for what this needs)"
done
docker info >/dev/null 2>&1 || die "the docker daemon does not answer ('docker info' fails)"
[[ -e /usr/include/seccomp.h ]] || die "runc needs libseccomp-dev: apt-get install libseccomp-dev"
go_minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')
[[ -n "$go_minor" && "$go_minor" -ge 26 ]] || die "needs Go >= 1.26 (CNI plugins $CNI_PLUGINS_VERSION), found $(go env GOVERSION)"

mkdir -p "$cache"
exec 9>"$cache/.build.lock"
if ! flock -n 9; then
  log "another build is running in $cache, waiting for it..."
  flock 9
fi
if image_exists "$node_image"; then
  log "node image $node_image already present"
  printf '%s\n' "$node_image"
  exit 0
fi

work=$(mktemp -d "$cache/.work-XXXXXX")
build_container=""
cleanup() {
  [[ -z "$build_container" ]] || docker rm -f -v "$build_container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
total_start=$SECONDS
renice -n 19 -p $$ >/dev/null
ionice -c 3 -p $$
log "building the kind node image for Kubernetes $k8s_version (the first build takes ~$FIRST_BUILD_MINUTES minutes on 2 cores; later ones reuse the caches)"

# ---- 1. binaries --------------------------------------------------------------------------
log "control-plane binaries (control-plane/build-binaries.sh)..."
cp_dir=$("$repo_dir/control-plane/build-binaries.sh" | tail -1)

export CGO_ENABLED=0 GOTOOLCHAIN=local GOOS=linux GOARCH=amd64 GOFLAGS=-buildvcs=false
build_date=$(date -u ${SOURCE_DATE_EPOCH:+-d "@$SOURCE_DATE_EPOCH"} +%Y-%m-%dT%H:%M:%SZ)
step() { # <label> <command...>: runs a build step at low priority and says how long it took
  local label=$1 start=$SECONDS; shift
  log "building $label..."
  "$@"
  log "built $label in $((SECONDS - start))s"
}
go_install() { # <dir> <ldflags> <tags> <package@version...>
  local dir=$1 ldflags=$2 tags=$3; shift 3
  GOBIN="$dir" go install -trimpath -ldflags "-s -w $ldflags" -tags "$tags" "$@"
}
build_binaries() { # <dir>
  local dir=$1 k8s_ldflags="-s -w" pkg b
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    k8s_ldflags+=" -X $pkg.gitVersion=v$k8s_version -X $pkg.gitMajor=${k8s_version%%.*}"
    k8s_ldflags+=" -X $pkg.gitMinor=$(cut -d. -f2 <<<"$k8s_version") -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
  done
  for b in kubelet kubeadm kube-proxy; do
    step "$b $k8s_version" bash -c 'cd "$1" && go build -mod=readonly -trimpath -ldflags "$2" -o "$3" "k8s.io/kubernetes/cmd/$4"' \
      _ "$k8s_module_dir" "$k8s_ldflags" "$dir/$b" "$b"
  done
  step "etcd $etcd_version" bash -c 'cd "$1" && go build -mod=readonly -trimpath -ldflags "-s -w" -o "$2" .' _ "$etcd_module_dir" "$dir/etcd"
  step "containerd $CONTAINERD_VERSION" go_install "$dir" "-X github.com/containerd/containerd/v2/version.Version=$CONTAINERD_VERSION" \
    "no_aufs no_zfs no_btrfs no_devmapper" \
    "github.com/containerd/containerd/v2/cmd/containerd@$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/ctr@$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2@$CONTAINERD_VERSION"
  # runc links libseccomp (the node image installs libseccomp2), like kind's base image.
  CGO_ENABLED=1 step "runc $RUNC_VERSION" go_install "$dir" "" "seccomp urfave_cli_no_docs" \
    "github.com/opencontainers/runc@$RUNC_VERSION"
  step "crictl $CRICTL_VERSION" go_install "$dir" "-X sigs.k8s.io/cri-tools/pkg/version.Version=$CRICTL_VERSION" "" \
    "sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION"
  mkdir -p "$dir/cni"
  local cni_pkgs=() p
  for p in "${CNI_PLUGINS[@]}"; do
    case "$p" in
      host-local) cni_pkgs+=("github.com/containernetworking/plugins/plugins/ipam/$p@$CNI_PLUGINS_VERSION") ;;
      portmap) cni_pkgs+=("github.com/containernetworking/plugins/plugins/meta/$p@$CNI_PLUGINS_VERSION") ;;
      *) cni_pkgs+=("github.com/containernetworking/plugins/plugins/main/$p@$CNI_PLUGINS_VERSION") ;;
    esac
  done
  step "CNI plugins $CNI_PLUGINS_VERSION (${CNI_PLUGINS[*]})" go_install "$dir/cni" \
    "-X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=$CNI_PLUGINS_VERSION" "" "${cni_pkgs[@]}"
  step "CoreDNS $COREDNS_VERSION" go_install "$dir" "" "" "github.com/coredns/coredns@$COREDNS_VERSION"
  step "kind $KIND_VERSION" go_install "$dir" "" "" "sigs.k8s.io/kind@$KIND_VERSION"
  step "pause" gcc -static -Os -s -o "$dir/pause" "$script_dir/pause/pause.c"
}

if [[ -x "$bin_dir/kind" ]]; then
  log "binaries already built in $bin_dir"
else
  start=$SECONDS
  build_binaries "$work/bin"
  "$work/bin/kubelet" --version | grep -qx "Kubernetes v$k8s_version" || die "kubelet --version does not report v$k8s_version"
  rm -rf "$bin_dir" && mv "$work/bin" "$bin_dir"
  log "built all binaries into $bin_dir in $((SECONDS - start))s"
fi
for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do cp -p "$cp_dir/$b" "$bin_dir/$b"; done

# ---- 2. root filesystems from Debian --------------------------------------------------------
mirror=${SESSIONCACHE_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
debs="$cache/debs-$DEBIAN_SUITE"
mkdir -p "$debs"
debootstrap_into() { # <dir> <packages...>: a minbase root filesystem with those packages
  local dir=$1; shift
  local packages; packages=$(IFS=,; echo "$*")
  local start=$SECONDS
  log "debootstrap of a Debian $DEBIAN_SUITE minbase with $* (from $mirror)..."
  debootstrap --variant=minbase --cache-dir="$debs" --include="$packages" "$DEBIAN_SUITE" "$dir" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
  log "debootstrap done in $((SECONDS - start))s"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/*
}
import_rootfs() { # <dir> <image> [docker import --change ...]: the directory as a one-layer image
  local dir=$1 image=$2; shift 2
  tar -C "$dir" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - . \
    | docker import "$@" - "$image" >/dev/null
}

# ---- 3. the images kubeadm and the default CNI need ---------------------------------------
images_dir="$work/images"
mkdir -p "$images_dir"
static_image() { # <image> <binary> <path in image> <entrypoint json>: one static binary, nothing else
  local image=$1 binary=$2 path=$3 entrypoint=$4 root
  root="$work/root-${binary##*/}"
  mkdir -p "$root$(dirname "$path")" "$root/tmp" "$root/etc"
  chmod 1777 "$root/tmp"
  cp "$binary" "$root$path"
  echo "root:x:0:0:root:/root:/sbin/nologin" >"$root/etc/passwd"
  echo "root:x:0:" >"$root/etc/group"
  import_rootfs "$root" "$image" --change "ENV PATH=/usr/local/bin:/usr/bin:/bin" --change "ENTRYPOINT $entrypoint"
  rm -rf "$root"
}
k8s_images=()
start=$SECONDS
for b in kube-apiserver kube-controller-manager kube-scheduler; do
  static_image "registry.k8s.io/$b:v$k8s_version" "$bin_dir/$b" "/usr/local/bin/$b" '[]'
  k8s_images+=("registry.k8s.io/$b:v$k8s_version")
done
static_image "registry.k8s.io/etcd:$etcd_version-0" "$bin_dir/etcd" /usr/local/bin/etcd '[]'
static_image "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" "$bin_dir/coredns" /coredns '["/coredns"]'
static_image "registry.k8s.io/pause:$PAUSE_VERSION" "$bin_dir/pause" /pause '["/pause"]'
docker tag "registry.k8s.io/pause:$PAUSE_VERSION" "registry.k8s.io/pause:$KIND_SANDBOX_PAUSE_VERSION"
k8s_images+=("registry.k8s.io/etcd:$etcd_version-0" "registry.k8s.io/coredns/coredns:$COREDNS_VERSION"
  "registry.k8s.io/pause:$PAUSE_VERSION" "registry.k8s.io/pause:$KIND_SANDBOX_PAUSE_VERSION")
log "made the static-binary images in $((SECONDS - start))s"

net_root="$work/netbase"
debootstrap_into "$net_root" "${NET_PACKAGES[@]}"
cp "$bin_dir/kube-proxy" "$net_root/usr/local/bin/kube-proxy"
import_rootfs "$net_root" "registry.k8s.io/kube-proxy:v$k8s_version" --change "ENTRYPOINT []"
rm "$net_root/usr/local/bin/kube-proxy"
cp "$bin_dir/kubectl" "$net_root/usr/local/bin/kubectl"
install -m 755 "$script_dir/podnet/podnet.sh" "$net_root/usr/local/bin/podnet"
import_rootfs "$net_root" "$podnet_image" --change 'ENTRYPOINT ["/usr/local/bin/podnet"]'
rm -rf "$net_root"
k8s_images+=("registry.k8s.io/kube-proxy:v$k8s_version" "$podnet_image")

start=$SECONDS
for image in "${k8s_images[@]}"; do
  docker save "$image" >"$images_dir/$(tr '/:' '__' <<<"$image").tar"
done
# They live on in the node's containerd only: the daemon keeps no image under an
# official name that was not made by its owner.
docker rmi "${k8s_images[@]}" >/dev/null
log "saved ${#k8s_images[@]} images for the node's containerd in $((SECONDS - start))s"

# ---- 4. the base image ----------------------------------------------------------------------
if image_exists "$base_image"; then
  log "base image $base_image already present"
else
  kind_dir=$(GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/kind@$KIND_VERSION" | jq -r .Dir)
  kind_files="$kind_dir/images/base/files"
  [[ -f "$kind_files/usr/local/bin/entrypoint" ]] || die "no kind base files in $kind_files"
  root="$work/base"
  debootstrap_into "$root" "${BASE_PACKAGES[@]}"
  start=$SECONDS
  # kind's files (entrypoint, systemd units, containerd/crictl config), modes as its Dockerfile sets them.
  (cd "$kind_files" && find . -type f ! -path './LICENSES/*' | while read -r f; do
     mode=0644
     case "$f" in ./usr/local/bin/*|./kind/bin/*) mode=0755 ;; esac
     install -D -m "$mode" "$f" "$root/${f#./}"
   done)
  chmod 755 "$root/kind" "$root/kind/bin"
  install -m 755 "$bin_dir"/{containerd,ctr,containerd-shim-runc-v2,crictl} "$script_dir/unprivileged/node-entrypoint" \
    "$root/usr/local/bin/"
  install -m 755 "$bin_dir/runc" "$root/usr/local/sbin/runc"
  mkdir -p "$root/opt/cni/bin" "$root/etc/kubernetes/manifests"
  install -m 755 "$bin_dir"/cni/* "$root/opt/cni/bin/"
  # The runtime spec containerd starts containers from (as kind's Dockerfile generates it).
  "$bin_dir/ctr" oci spec \
    | jq '.hooks.createContainer[.hooks.createContainer | length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' \
    | jq 'del(.process.rlimits)' >"$root/etc/containerd/cri-base.json"
  # systemd as PID 1 in a container: the unit pruning of kind's Dockerfile.
  find "$root/lib/systemd/system/sysinit.target.wants/" -name systemd-tmpfiles-setup.service -delete
  rm -f "$root"/lib/systemd/system/multi-user.target.wants/* "$root"/etc/systemd/system/*.wants/* \
    "$root"/lib/systemd/system/local-fs.target.wants/* "$root"/lib/systemd/system/sockets.target.wants/*udev* \
    "$root"/lib/systemd/system/sockets.target.wants/*initctl* "$root"/lib/systemd/system/basic.target.wants/*
  echo "ReadKMsg=no" >>"$root/etc/systemd/journald.conf"
  ln -sf /usr/lib/systemd/systemd "$root/sbin/init"
  chroot "$root" systemctl enable kubelet.service containerd.service undo-mount-hacks.service >/dev/null 2>&1
  chroot "$root" systemctl mask systemd-binfmt.service >/dev/null 2>&1
  chroot "$root" /usr/local/sbin/runc --version >/dev/null || die "runc does not run in the base root filesystem"
  import_rootfs "$root" "$base_image-rootfs" --change "ENV container=docker" \
    --change 'ENTRYPOINT ["/usr/local/bin/node-entrypoint", "/sbin/init"]'
  rm -rf "$root"
  # systemd shuts down cleanly on SIGRTMIN+3; `docker import` cannot set a stop signal.
  printf 'FROM %s\nSTOPSIGNAL SIGRTMIN+3\n' "$base_image-rootfs" | DOCKER_BUILDKIT=0 docker build -q -t "$base_image" - >/dev/null
  docker rmi "$base_image-rootfs" >/dev/null
  log "made base image $base_image in $((SECONDS - start))s (after debootstrap)"
fi

# ---- 5. the node image ----------------------------------------------------------------------
start=$SECONDS
log "assembling node image $node_image..."
build_container="kind-node-build-$$"
docker run -d --name "$build_container" --entrypoint=sleep --security-opt seccomp=unconfined \
  "$base_image" infinity >/dev/null
in_node() { docker exec "$build_container" "$@"; }
for b in kubeadm kubelet kubectl; do docker cp "$bin_dir/$b" "$build_container:/usr/bin/$b"; done
in_node chown root:root /usr/bin/kubeadm /usr/bin/kubelet /usr/bin/kubectl
in_node sh -c "echo v$k8s_version > /kind/version && mkdir -p /kind/manifests"
sed "s#@PODNET_IMAGE@#$podnet_image#" "$script_dir/podnet/default-cni.yaml" \
  | docker exec -i "$build_container" sh -c 'cat > /kind/manifests/default-cni.yaml'

# Every image kubeadm will ask for must be in the node (pause: kind's sandbox image stands in).
while read -r wanted; do
  [[ "$wanted" == registry.k8s.io/pause:* ]] && continue
  printf '%s\n' "${k8s_images[@]}" | grep -qx "$wanted" \
    || die "kubeadm $k8s_version wants $wanted, which this script does not build (update the pinned versions)"
done < <(in_node kubeadm config images list --kubernetes-version "v$k8s_version" 2>/dev/null)

in_node bash -c 'nohup containerd >/tmp/containerd.log 2>&1 &'
for _ in $(seq 1 30); do in_node ctr version >/dev/null 2>&1 && break; sleep 1; done
in_node ctr version >/dev/null 2>&1 || die "containerd did not start in the build container"
for tar in "$images_dir"/*.tar; do
  docker exec -i "$build_container" ctr --namespace=k8s.io images import --label=io.cri-containerd.pinned=pinned \
    --all-platforms --no-unpack --digests - <"$tar" >/dev/null 2>"$work/ctr.log" \
    || { cat "$work/ctr.log" >&2; die "cannot import $tar into the node's containerd"; }
done
imported=$(in_node ctr --namespace=k8s.io images list -q 2>/dev/null)
for image in "${k8s_images[@]}"; do
  grep -qFx -e "$image" -e "docker.io/$image" <<<"$imported" || die "image $image was not imported into the node's containerd"
done
in_node pkill containerd
for _ in $(seq 1 30); do in_node pgrep -x containerd >/dev/null || break; sleep 1; done
docker commit --change 'ENTRYPOINT [ "/usr/local/bin/node-entrypoint", "/sbin/init" ]' \
  "$build_container" "$node_image" >/dev/null
log "assembled node image $node_image in $((SECONDS - start))s"

# Earlier builds (other versions or inputs) of the base and node images are superseded.
for repo in sessioncache.local/kind-node sessioncache.local/kind-base; do
  docker image ls --format '{{.Repository}}:{{.Tag}}' "$repo" | grep -vxF -e "$node_image" -e "$base_image" \
    | xargs -r docker rmi >/dev/null 2>&1 || log "note: could not remove an earlier $repo image (in use?)"
done
log "built everything in $((SECONDS - total_start))s; images: $(docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$node_image" | cut -d' ' -f2) node, $(docker image ls --format '{{.Size}}' "$base_image") base"
printf '%s\n' "$node_image"
