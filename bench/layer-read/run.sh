#!/usr/bin/env bash
# The metadata-only snapshot of one layer blob, in-process, with the CLI's JVM flags for builds: wall time and CPU
# time of the calling thread and of the process, one fresh JVM per run (LayerRead.java). Uses the CLI's jar (run
# ./jbuild once to build it).
#
#   bash bench/layer-read/run.sh BLOB [runs]     (default 5; e.g. the JDK layer of bench/maven-loop's base store)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
blob="$1"
runs="${2:-5}"
work="$(mktemp -d /tmp/jbuild-layer-read.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp="$root/builder-cli/target/jbuild.jar:$root/builder-cli/target/lib/*"
for _ in $(seq "$runs"); do
  java -XX:+UseSerialGC -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 \
    -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000 -cp "$cp" "$here/LayerRead.java" "$blob" "$work"
done
