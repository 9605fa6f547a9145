#!/usr/bin/env bash
# Whole-command comparisons, jbuild against buildah (and BuildKit through a private dockerd when
# PEERS_WITH_DOCKER=1), measured in the same run on the same machine. Prints medians (ms) and ratios.
#
#   bash bench/compare.sh [runs]          (default 5 runs per figure; needs root)
#
# Cases:
#   cold-2000      build of a 2,000-file / ~200 MB context (FROM busybox, COPY . /ctx), caches emptied first
#   rebuild-2000   the same build again with nothing changed
#   run-chain-20   20 RUN true steps (per-RUN overhead), cache disabled
#   hello-rebuild  the seed's hello example rebuilt with nothing changed (start-up dominated)
#   version        jbuild --version (JVM start)
# Peers come from ../shared/tools/peers-setup.sh (loopback registry, buildah confs, busybox base).
set -euo pipefail
runs=${1:-5}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$root/../shared/tools/peers-setup.sh"
export PEERS_DIR=${PEERS_DIR:-/tmp/jbuild-peers}
bash "$peers" setup >/dev/null
# shellcheck disable=SC1091
source "$PEERS_DIR/env.sh"
work="$(mktemp -d /tmp/jbuild-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export JBUILD_HOME="$work/store"
jb() { "$root/jbuild" "$@"; }
jb --version >/dev/null   # builds the CLI once, outside the timings

# The same busybox base for every builder: the registry's for buildah/docker, loaded from its OCI layout for jbuild.
skopeo copy -q "oci:$BUSYBOX_OCI_LAYOUT" "docker-archive:$work/busybox.tar:$REGISTRY/busybox:latest"
jb load -q -i "$work/busybox.tar" >/dev/null

ctx="$work/ctx2000"
mkdir -p "$ctx"
for d in $(seq 1 40); do
  mkdir -p "$ctx/dir$d"
  for f in $(seq 1 50); do head -c 102400 /dev/urandom > "$ctx/dir$d/file$f.bin"; done
done
printf 'FROM %s/busybox:latest\nCOPY . /ctx\n' "$REGISTRY" > "$ctx/Dockerfile"
chain="$work/chain"
mkdir -p "$chain"
{ printf 'FROM %s/busybox:latest\n' "$REGISTRY"; for i in $(seq 1 20); do echo "RUN true"; done; } > "$chain/Dockerfile"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
measure() { # measure PREP CMD...: PREP runs before each timed run, untimed
  local prep=$1; shift
  for _ in $(seq 1 "$runs"); do eval "$prep"; ms "$@"; done | median
}
buildah_b() { buildah bud --quiet --network host --isolation chroot --layers "$@"; }
docker_b() { DOCKER_BUILDKIT=1 /usr/bin/docker build --network host -q "$@"; }

row() { printf '%-14s %10s %10s %10s %8s %8s\n' "$@"; }
row case jbuild buildah buildkit j/bah j/bk
ratio() { [ "$2" = "-" ] && echo "-" || awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
have_docker=0
[ "${PEERS_WITH_DOCKER:-0}" = 1 ] && /usr/bin/docker info >/dev/null 2>&1 && have_docker=1

report() { # report NAME JBUILD BUILDAH BUILDKIT
  row "$1" "$2" "$3" "$4" "$(ratio "$2" "$3")" "$(ratio "$2" "$4")"
}

j=$(measure 'rm -rf "$JBUILD_HOME/cache"' jb build -q --no-cache -t bench:cold "$ctx")
b=$(measure 'buildah rmi -f bench-cold >/dev/null 2>&1 || true' buildah_b -t bench-cold "$ctx")
k="-"; [ $have_docker = 1 ] && k=$(measure '/usr/bin/docker builder prune -af >/dev/null 2>&1 || true' docker_b -t bench-cold "$ctx")
report cold-2000 "$j" "$b" "$k"

jb build -q -t bench:warm "$ctx" >/dev/null; buildah_b -t bench-warm "$ctx" >/dev/null
[ $have_docker = 1 ] && docker_b -t bench-warm "$ctx" >/dev/null
j=$(measure ':' jb build -q -t bench:warm "$ctx")
b=$(measure ':' buildah_b -t bench-warm "$ctx")
k="-"; [ $have_docker = 1 ] && k=$(measure ':' docker_b -t bench-warm "$ctx")
report rebuild-2000 "$j" "$b" "$k"

j=$(measure ':' jb build -q --no-cache -t bench:chain "$chain")
b=$(measure ':' buildah bud --quiet --network host --isolation chroot --no-cache -t bench-chain "$chain")
k="-"; [ $have_docker = 1 ] && k=$(measure ':' docker_b --no-cache -t bench-chain "$chain")
report run-chain-20 "$j" "$b" "$k"

hello="$work/hello"
cp -r "$root/testdata/hello-sh" "$hello"
sed -i "s|^FROM .*|FROM $REGISTRY/busybox:latest|" "$hello/Dockerfile"
jb build -q -t bench:hello "$hello" >/dev/null; buildah_b -t bench-hello "$hello" >/dev/null
[ $have_docker = 1 ] && docker_b -t bench-hello "$hello" >/dev/null
j=$(measure ':' jb build -q -t bench:hello "$hello")
b=$(measure ':' buildah_b -t bench-hello "$hello")
k="-"; [ $have_docker = 1 ] && k=$(measure ':' docker_b -t bench-hello "$hello")
report hello-rebuild "$j" "$b" "$k"

j=$(measure ':' jb --version)
b=$(measure ':' buildah --version)
k="-"; [ $have_docker = 1 ] && k=$(measure ':' /usr/bin/docker version)
report version "$j" "$b" "$k"
