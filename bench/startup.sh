#!/usr/bin/env bash
# Start-up figures of the CLI: `jbuild --version`, a no-change rebuild of the seed's hello example
# (testdata/hello-sh), running it (`jbuild run`) and listing images, next to `java -version` (the JVM's own
# start, taken in the same rounds, so that a busy machine can be allowed for) and the same no-change rebuild by
# `buildah bud` and, when a private dockerd is up (PEERS_WITH_DOCKER=1 ../shared/tools/peers-setup.sh), by
# BuildKit.
#
#   bash bench/startup.sh [rounds]        (default 15; needs root, runc and busybox-static)
#
# Each round runs every case once, in turn; the table gives the minimum and the median wall time in ms and
# the minimum over java -version's minimum. JBUILD_JAVA picks the JVM, as for ./jbuild. On a machine others
# keep busy, `nice -n -19 bash bench/startup.sh` gives the measured commands the CPU first.
set -euo pipefail
rounds=${1:-15}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/jbuild-startup.XXXXXX)"
bah=(--root "$work/buildah-root" --runroot "$work/buildah-run" --storage-driver overlay)
cleanup() {
  buildah "${bah[@]}" rm --all >/dev/null 2>&1 || true
  umount -R "$work/buildah-root/overlay" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
store="$work/store"
jb() { "$root/jbuild" "$@"; }
java="${JBUILD_JAVA:-java}"
[ -d "$java" ] && java="$java/bin/java"

# The busybox base, then the hello image once with each builder (the launcher learns its class archive here).
base="$work/busybox"
mkdir -p "$base"
cp "$root/testdata/busybox/Dockerfile" "$base/"
cp /bin/busybox "$base/busybox"
jb build -q --root "$store" -t jbuild/busybox:latest "$base" >/dev/null
jb build -q --root "$store" -t hello:1.0 "$root/testdata/hello-sh" >/dev/null
# The launcher makes its class archive in the background after that first build: wait for it (at most 2 min).
for _ in $(seq 1 120); do
  compgen -G "$root/builder-cli/target/jbuild-*.lock" >/dev/null || break
  sleep 1
done
jb build -q --root "$store" -t hello:1.0 "$root/testdata/hello-sh" >/dev/null

# buildah with a store and configuration of its own (rlimits the sandbox allows).
printf '[containers]\ndefault_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]\nnetns = "host"\n' > "$work/containers.conf"
have_buildah=0
if command -v buildah >/dev/null; then
  export CONTAINERS_CONF="$work/containers.conf"
  if buildah "${bah[@]}" bud --quiet --isolation chroot --network host --layers -t jbuild/busybox:latest "$base" \
      >/dev/null 2>"$work/buildah.err" \
    && buildah "${bah[@]}" bud --quiet --isolation chroot --network host --layers -t hello:1.0 "$root/testdata/hello-sh" \
      >/dev/null 2>>"$work/buildah.err"; then
    have_buildah=1
  else
    echo "buildah left out: $(tail -1 "$work/buildah.err")" >&2
  fi
fi
have_docker=0
if [ -n "${DOCKER_HOST:-}" ] && /usr/bin/docker info >/dev/null 2>&1 \
    && DOCKER_BUILDKIT=1 /usr/bin/docker build -q --network host -t jbuild/busybox:latest "$base" >/dev/null 2>&1 \
    && DOCKER_BUILDKIT=1 /usr/bin/docker build -q --network host -t hello:1.0 "$root/testdata/hello-sh" >/dev/null 2>&1; then
  have_docker=1
fi

names=(java-version jbuild-version jbuild-rebuild jbuild-run jbuild-images)
cmds=("$java -version" "jb --version" "jb build -q --root '$store' -t hello:1.0 '$root/testdata/hello-sh'"
  "jb run --root '$store' --rm hello:1.0" "jb images --root '$store'")
if [ $have_buildah = 1 ]; then
  names+=(buildah-rebuild)
  cmds+=("buildah ${bah[*]} bud --quiet --isolation chroot --network host --layers -t hello:1.0 '$root/testdata/hello-sh'")
fi
if [ $have_docker = 1 ]; then
  names+=(buildkit-rebuild)
  cmds+=("DOCKER_BUILDKIT=1 /usr/bin/docker build -q --network host -t hello:1.0 '$root/testdata/hello-sh'")
fi

declare -A times
for _ in $(seq 1 "$rounds"); do
  for i in "${!cmds[@]}"; do
    s=$(date +%s%N)
    eval "${cmds[$i]}" >/dev/null 2>&1
    e=$(date +%s%N)
    times[$i]+="$(( (e - s) / 1000000 )) "
  done
done
stat() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[1], a[int((NR + 1) / 2)]}'; }
read -r jvm_min _ <<<"$(stat <<<"${times[0]}")"
printf '%-18s %8s %8s %10s\n' case min-ms med-ms min/java
for i in "${!cmds[@]}"; do
  read -r min med <<<"$(stat <<<"${times[$i]}")"
  printf '%-18s %8s %8s %10s\n' "${names[$i]}" "$min" "$med" "$(awk -v a="$min" -v b="$jvm_min" 'BEGIN {printf "%.1f", a / b}')"
done
echo "($("$java" -version 2>&1 | head -1); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds)"
