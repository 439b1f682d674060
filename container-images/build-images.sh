#!/usr/bin/env bash
# Builds, once, the container images the project runs, on this machine and with no registry: from Debian packages, the
# local Maven repository and the operator's own build, into the local Docker daemon.
#
#   container-images/build-images.sh                    base, members, operator (in that order)
#   container-images/build-images.sh base members       only those
#   container-images/build-images.sh --rebuild [...]    rebuild even what is up to date
#
# Images (docs/container-images.md says what each contains and which contract it follows):
#   base      sessioncache/java17-base:bookworm       debootstrap --variant=minbase bookworm, openjdk-17-jre-headless
#                                                     installed by chroot, docker import
#   members   hazelcast/hazelcast:<version>           FROM the base: the Hazelcast jar and the JMX exporter agent from
#                                                     ~/.m2, with the official image's contract (member/Dockerfile)
#   operator  sessioncache/sessioncache-operator:0.1.0  Jib through Quarkus (quarkus-container-image-jib), FROM
#                                                     docker://<base>, then saved as a tarball for k3s or kind
#
# Every image carries the label io.sessioncache.inputs, a hash of what it was built from (recipe, jars, sources, base
# image id); an image whose tag already exists with the same hash is kept. Progress and timings go to stderr; the last
# stdout line is the operator image tarball (K3sChartE2E: -Dsessioncache.operator.image-tarball=<it>).
#
# Needs: root (debootstrap, chroot), a running Docker daemon (API 1.41 is enough), debootstrap, Maven and Java 17.
#
# Environment:
#   HAZELCAST_VERSIONS        member image versions (default: pom.xml's hazelcast.version and the other version
#                             operator/pom.xml copies for its upgrade tests, today 5.7.0 and 5.6.0)
#   DEBIAN_MIRROR             Debian mirror (default: the one of bookworm in /etc/apt/sources.list.d/*.sources or
#                             /etc/apt/sources.list); DEBIAN_SECURITY_MIRROR likewise for bookworm-security
#   SESSIONCACHE_IMAGES_DIR   where the operator tarball goes (default: ~/.cache/sessioncache-operator/images)
set -euo pipefail

SUITE=bookworm
BASE_IMAGE=sessioncache/java17-base:$SUITE
BASE_PACKAGES=(openjdk-17-jre-headless)
JMX_EXPORTER=io.prometheus.jmx:jmx_prometheus_javaagent:1.0.1
# Hazelcast logs through Log4j 2 in the official image; these are the versions in the local Maven repository here.
LOG4J=(org.apache.logging.log4j:log4j-api:2.23.1 org.apache.logging.log4j:log4j-core:2.23.1)
OPERATOR_IMAGE=sessioncache/sessioncache-operator:0.1.0
INPUTS_LABEL=io.sessioncache.inputs
# The user the operator's image runs as: Quarkus's Jib layers own their files as 185, and the Helm chart runs as 185.
APP_UID=185

log() { printf '%s\n' "build-images: $*" >&2; }
die() { printf '%s\n' "build-images: ERROR: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; }
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f s", e - s }'; }
# CPU-heavy steps yield to tests running on the same machine.
gently() { nice -n 19 ionice -c 3 "$@"; }

rebuild=false
targets=()
for arg in "$@"; do
  case "$arg" in
    base|members|operator) targets+=("$arg") ;;
    --rebuild) rebuild=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage; die "unknown argument: $arg" ;;
  esac
done
((${#targets[@]})) || targets=(base members operator)
wants() { [[ " ${targets[*]} " == *" $1 "* ]]; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$script_dir/.." && pwd -P)
images_dir=${SESSIONCACHE_IMAGES_DIR:-$HOME/.cache/sessioncache-operator/images}
export DOCKER_BUILDKIT=0   # the daemon's classic builder: no buildx plugin, nothing pulled

# One build at a time (two runs would build the same images twice and race on their tags).
mkdir -p "$images_dir"
exec 9>"$images_dir/.build.lock"
if ! flock -n 9; then
  log "another build-images.sh is running, waiting for it..."
  flock 9
fi

command -v docker >/dev/null || die "no docker CLI on PATH (Debian: apt-get install docker.io)"
docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1 \
  || die "no Docker daemon answers (start it: dockerd &, or systemctl start docker)"

image_label() { docker image inspect --format "{{ index .Config.Labels \"$INPUTS_LABEL\" }}" "$1" 2>/dev/null || true; }
image_id() { docker image inspect --format '{{.Id}}' "$1"; }
image_size() { docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'; }
up_to_date() { [[ "$rebuild" == false && "$(image_label "$1")" == "$2" ]]; }
hash_of() { sha256sum | cut -c1-16; }

# ---- the Debian Java 17 base ------------------------------------------------------------------------------------------

# The URI of the first deb822 stanza (or one-line entry) of /etc/apt whose suites include $1 exactly.
apt_mirror() {
  local suite=$1 file
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    awk -v suite="$suite" '
      /^[[:space:]]*$/ { if (uri != "" && found) { print uri; exit } uri = ""; found = 0; next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) found = 1 }
      END { if (uri != "" && found) print uri }' "$file" | head -1
  done | head -1
  if [[ -f /etc/apt/sources.list ]]; then
    awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }' /etc/apt/sources.list
  fi
}

# Everything the base image is made of, as text: a change here rebuilds it.
base_recipe() {
  printf 'suite=%s mirror=%s security=%s packages=%s uid=%s\n' "$SUITE" "$mirror" "$security_mirror" "${BASE_PACKAGES[*]}" "$APP_UID"
  declare -f make_rootfs write_dpkg_excludes
}

# Files dpkg never writes into the image: documentation, manuals, translations, and two JRE files a member or the
# operator never reads (javac's ct.sym; the class-data archive for heaps over 32 GB).
write_dpkg_excludes() {
  cat >"$1/etc/dpkg/dpkg.cfg.d/01-sessioncache-small" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
path-exclude=/usr/share/linda/*
path-exclude=/usr/lib/jvm/*/lib/ct.sym
path-exclude=/usr/lib/jvm/*/lib/server/classes_nocoops.jsa
EOF
}

make_rootfs() { # <rootfs dir>
  local root=$1
  gently debootstrap --variant=minbase "$SUITE" "$root" "$mirror" >&2
  echo "debootstrap done; installing ${BASE_PACKAGES[*]}" >&2
  write_dpkg_excludes "$root"
  # No service may start inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $SUITE main
deb $mirror $SUITE-updates main
${security_mirror:+deb $security_mirror $SUITE-security main}
EOF
  cat >"$root/etc/apt/apt.conf.d/01-sessioncache-small" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
  mount -t proc proc "$root/proc"
  chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive LC_ALL=C bash -euc "
    apt-get update -q
    apt-get install -y -q ${BASE_PACKAGES[*]}
    apt-get clean
    groupadd --system --gid $APP_UID app
    useradd --system --uid $APP_UID --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app
  " >&2
  chroot "$root" java -version 2>&1 | head -1 >"$root/tmp/java-version"
  java_version=$(cat "$root/tmp/java-version")
  umount "$root/proc"
  rm -f "$root/usr/sbin/policy-rc.d"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old "$root"/var/log/* "$root"/tmp/* \
    "$root"/usr/share/doc/*/changelog* "$root"/usr/share/man "$root"/usr/share/info
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
}

build_base() {
  mirror=${DEBIAN_MIRROR:-$(apt_mirror "$SUITE")}
  security_mirror=${DEBIAN_SECURITY_MIRROR:-$(apt_mirror "$SUITE-security")}
  [[ -n "$mirror" ]] || die "no Debian mirror for $SUITE in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list: set DEBIAN_MIRROR"
  local inputs; inputs=$(base_recipe | hash_of)
  if up_to_date "$BASE_IMAGE" "$inputs"; then
    log "$BASE_IMAGE is up to date ($(image_size "$BASE_IMAGE"))"
    return
  fi
  [[ $(id -u) -eq 0 ]] || die "building $BASE_IMAGE needs root (debootstrap, chroot)"
  command -v debootstrap >/dev/null || die "no debootstrap on PATH (Debian: apt-get install debootstrap)"
  local start; start=$(now)
  local root; root=$(mktemp -d /var/tmp/sessioncache-java17-base.XXXXXX)
  chmod 755 "$root"   # apt's _apt user reads its downloads there
  local build_log="$images_dir/java17-base-build.log"
  # shellcheck disable=SC2064
  trap "status=\$?; umount '$root/proc' 2>/dev/null || true; rm -rf '$root'
        ((status == 0)) || { tail -20 '$build_log' >&2; log 'ERROR: building $BASE_IMAGE failed; see $build_log'; }" EXIT
  log "building $BASE_IMAGE: debootstrap --variant=minbase $SUITE from $mirror, then ${BASE_PACKAGES[*]} by chroot (about 1-2 minutes; output in $build_log)..."
  make_rootfs "$root" 2>"$build_log"
  log "importing the root file system ($(du -sm "$root" | cut -f1) MB) into Docker..."
  tar --numeric-owner --xattrs -C "$root" -c . | gently docker import \
    --change "ENV LANG=C.UTF-8" \
    --change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "LABEL $INPUTS_LABEL=$inputs" \
    --change "LABEL org.opencontainers.image.description=\"Debian $SUITE minbase with ${BASE_PACKAGES[*]}\"" \
    --change 'CMD ["/bin/bash"]' \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
  trap - EXIT
  log "built $BASE_IMAGE in $(since "$start"): $(image_size "$BASE_IMAGE"), $java_version"
}

# ---- the Hazelcast member images ---------------------------------------------------------------------------------------

# pom.xml's hazelcast.version, then the other versions operator/pom.xml copies next to it (the upgrade's old minor).
member_versions() {
  local current others
  current=$(sed -n 's#.*<hazelcast.version>\(.*\)</hazelcast.version>.*#\1#p' "$repo/pom.xml" | head -1)
  others=$(awk '/<id>hazelcast-versions<\/id>/ { on = 1 } on && /<\/execution>/ { on = 0 }
                on && /<version>[0-9]/ { gsub(/.*<version>|<\/version>.*/, ""); print }' "$repo/operator/pom.xml")
  printf '%s\n' "$current" $others | awk 'NF && !seen[$0]++' | tr '\n' ' '
}

# The path of group:artifact:version's jar in the local Maven repository, fetched into it first if missing.
maven_jar() {
  local group=${1%%:*} rest=${1#*:}
  local artifact=${rest%%:*} version=${rest#*:}
  local m2; m2=${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}
  local jar="$m2/${group//.//}/$artifact/$version/$artifact-$version.jar"
  if [[ ! -f "$jar" ]]; then
    log "fetching $1 into the local Maven repository..."
    mvn -B -q dependency:get -Dartifact="$1" -Dtransitive=false >&2 || die "Maven could not fetch $1"
  fi
  [[ -f "$jar" ]] || die "$jar is missing after fetching $1"
  printf '%s\n' "$jar"
}

build_member() { # <hazelcast version>
  local version=$1 image=hazelcast/hazelcast:$1
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 || die "$image needs $BASE_IMAGE: run $0 base first"
  local hazelcast_jar exporter_jar log4j_jars=() coordinates inputs
  hazelcast_jar=$(maven_jar "com.hazelcast:hazelcast:$version")
  exporter_jar=$(maven_jar "$JMX_EXPORTER")
  for coordinates in "${LOG4J[@]}"; do log4j_jars+=("$(maven_jar "$coordinates")"); done
  inputs=$( { image_id "$BASE_IMAGE"; declare -f build_member; cat "$script_dir"/member/*;
              sha256sum "$hazelcast_jar" "$exporter_jar" "${log4j_jars[@]}" | cut -d' ' -f1; } | hash_of)
  if up_to_date "$image" "$inputs"; then
    log "$image is up to date ($(image_size "$image"))"
    return
  fi
  local start; start=$(now)
  local context; context=$(mktemp -d /var/tmp/sessioncache-member-image.XXXXXX)
  install -m 0644 "$script_dir"/member/{Dockerfile,hazelcast-docker.xml,jmx_agent_config.yaml,log4j2.properties} "$context/"
  install -m 0755 "$script_dir/member/hz" "$context/hz"
  install -d "$context/lib"
  install -m 0644 "$hazelcast_jar" "${log4j_jars[@]}" "$context/lib/"
  install -m 0644 "$exporter_jar" "$context/lib/jmx_prometheus_javaagent.jar"
  log "building $image FROM $BASE_IMAGE with $(basename "$hazelcast_jar"), the JMX exporter ${JMX_EXPORTER##*:} and Log4j ${LOG4J[0]##*:}..."
  # The classic builder's deprecation notice is noise here; its errors are shown.
  gently docker build --quiet --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "HZ_VERSION=$version" \
    --label "$INPUTS_LABEL=$inputs" --tag "$image" "$context" >/dev/null 2>"$context.err" \
    || { cat "$context.err" >&2; rm -rf "$context" "$context.err"; die "docker build of $image failed"; }
  rm -rf "$context" "$context.err"
  log "built $image in $(since "$start"): $(image_size "$image")"
}

# ---- the operator image ------------------------------------------------------------------------------------------------

# The operator's sources and what shapes its build: the operator and member-fence modules and the parent pom.
operator_sources_hash() {
  (cd "$repo" && git ls-files -co --exclude-standard -z -- pom.xml operator member-fence \
    | xargs -0 sha256sum | hash_of)
}

build_operator() {
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 || die "$OPERATOR_IMAGE needs $BASE_IMAGE: run $0 base first"
  local inputs; inputs=$( { image_id "$BASE_IMAGE"; declare -f build_operator; operator_sources_hash; } | hash_of)
  if up_to_date "$OPERATOR_IMAGE" "$inputs"; then
    log "$OPERATOR_IMAGE is up to date ($(image_size "$OPERATOR_IMAGE"))"
  else
    local start; start=$(now)
    log "building $OPERATOR_IMAGE: mvn -pl operator -am package with Jib, FROM docker://$BASE_IMAGE (about 1-2 minutes)..."
    (cd "$repo" && gently mvn -B -q -Dstyle.color=never -pl operator -am package -DskipTests \
      -Dquarkus.container-image.build=true \
      -Dquarkus.jib.base-jvm-image="docker://$BASE_IMAGE" \
      -Dquarkus.container-image.labels.\""$INPUTS_LABEL"\"="$inputs" >&2) \
      || die "the operator image build failed (command above)"
    [[ "$(image_label "$OPERATOR_IMAGE")" == "$inputs" ]] || die "Jib did not load $OPERATOR_IMAGE with label $inputs into Docker"
    log "built $OPERATOR_IMAGE in $(since "$start"): $(image_size "$OPERATOR_IMAGE")"
  fi

  # The image as a tarball (docker save), for `ctr images import` in k3s or kind nodes; rewritten when the image changed.
  local tarball="$images_dir/sessioncache-operator-${OPERATOR_IMAGE##*:}.tar" id
  id=$(image_id "$OPERATOR_IMAGE")
  if [[ "$rebuild" == true || ! -f "$tarball" || "$(cat "$tarball.id" 2>/dev/null)" != "$id" ]]; then
    local start; start=$(now)
    gently docker save --output "$tarball.tmp" "$OPERATOR_IMAGE"
    chmod 0644 "$tarball.tmp"
    mv "$tarball.tmp" "$tarball"
    printf '%s\n' "$id" >"$tarball.id"
    log "saved $OPERATOR_IMAGE to $tarball in $(since "$start")"
  else
    log "$tarball is up to date"
  fi
  printf '%s\n' "$tarball"
}

# ---- main --------------------------------------------------------------------------------------------------------------

total=$(now)
if wants base; then build_base; fi
if wants members; then
  for version in ${HAZELCAST_VERSIONS:-$(member_versions)}; do build_member "$version"; done
fi
if wants operator; then build_operator; fi
# Images of ours that a rebuild untagged, and nothing else.
docker image prune --force --filter "label=$INPUTS_LABEL" >/dev/null
log "done in $(since "$total")"
