#!/usr/bin/env bash
# The sandbox: a real control plane, the local pod runtime and the operator on this machine, with the sample
# SessionCluster from deploy/samples/minimal.yaml. Builds what is missing, shows progress until the cluster is Ready,
# prints how to connect, and stops and removes everything on Ctrl-C.
#   ./sandbox.sh                    run until Ctrl-C
#   ./sandbox.sh --exit-when-ready  stop once Ready (for benchmarks and tests); also SANDBOX_EXIT_WHEN_READY=true
#   SANDBOX_REBUILD=true ./sandbox.sh   rebuild the Java modules even if they are present and newer than their sources
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

need() { command -v "$1" >/dev/null 2>&1 || { echo "sandbox: $1 is needed ($2)" >&2; exit 1; }; }
need java "Java 17"
need mvn "Maven 3.8+"

# Control-plane binaries: built from Go modules on first use and cached in ~/.cache/sessioncache-operator.
bash control-plane/build-binaries.sh >/dev/null

hazelcast_version=$(sed -n 's:.*<hazelcast.version>\(.*\)</hazelcast.version>.*:\1:p' pom.xml | head -1)
jar="$HOME/.m2/repository/com/hazelcast/hazelcast/$hazelcast_version/hazelcast-$hazelcast_version.jar"
if [[ ! -f "$jar" ]]; then
  echo "sandbox: resolving com.hazelcast:hazelcast:$hazelcast_version (the member 'image')" >&2
  mvn -q -B dependency:get -Dtransitive=false -Dartifact="com.hazelcast:hazelcast:$hazelcast_version"
fi

operator_jar=operator/target/quarkus-app/quarkus-run.jar
# A jar older than a source it is built from would run an operator that does not know the CRD it installs.
stale() { [[ -n $(find control-plane/src operator/src session-extensions/pom.xml pod-runtime/src crds -newer "$operator_jar" \
                      -type f -print -quit 2>/dev/null) ]]; }
if [[ "${SANDBOX_REBUILD:-false}" == "true" || ! -f "$operator_jar" || ! -d pod-runtime/target/lib \
      || ! -d pod-runtime/target/classes/io/sessioncache/sandbox || ! -f session-extensions/target/classes/extensions.list ]] \
      || stale; then
  echo "sandbox: building the operator and the pod runtime (mvn -DskipTests install)..." >&2
  mvn -q -B -DskipTests install -pl control-plane,operator,session-extensions,pod-runtime
fi

mkdir -p target/sandbox
exec java -Xmx256m \
  -Dsessioncache.repository.root="$root" \
  -Dorg.slf4j.simpleLogger.logFile="$root/target/sandbox/sandbox.log" \
  -Dorg.slf4j.simpleLogger.showDateTime=true \
  -cp "pod-runtime/target/classes:pod-runtime/target/lib/*" \
  io.sessioncache.sandbox.Sandbox "$@"
