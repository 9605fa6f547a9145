#!/usr/bin/env bash
# Whole-command comparisons of issue #19's table: jbuild against buildah and BuildKit (a private dockerd), or the
# row's own peer, measured in the same run on the same machine, tools alternating within each run. Prints each
# row's medians (ms) and jbuild ÷ peer as it goes, and a Markdown table at the end.
#
#   bash bench/compare.sh [--quick] [--only ROW,ROW] [runs]      (default 5 runs per figure; needs root)
#   COMPARE_ONLY=apt,push bash bench/compare.sh 3                (the same selection from the environment)
#
# --quick is one run of each (a smoke check, not figures); --list prints the rows. Rows:
#   cold-2000       COPY of a 2,000-file / 200 MB context onto busybox, caches emptied first; jbuild -Xmx256m
#   rebuild-2000    the same build again with nothing changed
#   hello-rebuild   the seed's hello example (testdata/hello-sh) rebuilt with nothing changed
#   run-chain-20    20 `RUN true` steps, --no-cache (jbuild's RUN has its private network, the peers the host's)
#   apt             Debian bookworm minbase + `RUN apt-get update && apt-get install -y python3-minimal`,
#                   --no-cache, every tool on the host's network (deb.debian.org); jbuild -Xmx256m
#   push            re-push of the 200 MB image to the loopback registry, which has every blob already
#   multiplatform   a 20 MB jar COPYed onto an amd64+arm64 busybox index, --no-cache, built for linux/amd64 and for
#                   linux/amd64,linux/arm64 (buildah: --manifest); each tool's 2 ÷ 1 platform ratio (no BuildKit)
#   cache-from      issue #20's two CI runners: runner A builds a multi-stage Dockerfile with slow RUN steps,
#                   exports its cache to the loopback registry (jbuild: --cache-to mode=max; BuildKit: its inline
#                   cache, BUILDKIT_INLINE_CACHE=1) and pushes the image; runner B, holding only the base, builds
#                   it with --cache-from, pulls the final image instead, and builds it cold (no buildah column);
#                   and jbuild's warm build with -o type=registry (pushed only: no cached layer downloaded)
#   buildkit-files  the Dockerfiles listed in bench/buildkit-dockerfiles.txt built one after another, --no-cache,
#                   no network (buildah: the host's); total time, and which build fails with which tool
#   lint            bench/lint.sh: `jbuild lint` of the corpus against dockerfile-utils in node
#   maven-loop      bench/maven-loop/run.sh: the Maven edit loop against jib-maven-plugin (warm and fresh store), the
#                   image goals' own times (as issue #19's rows; run.sh prints the whole mvn package's too)
#   version         --version (start-up alone)
# A row whose command fails (a build that does not fit in -Xmx256m, say) prints FAIL and the command's last output,
# and the script exits 1. The peers come from ../shared/tools/peers-setup.sh (loopback registry, buildah confs,
# busybox base; BuildKit when their private dockerd answers, which `PEERS_WITH_DOCKER=1 peers-setup.sh setup`
# starts); they are set up here only when they do not answer. The apt row's Debian base is
# the end-to-end tests' (builder-core's DebianBase): a debootstrap minbase tar and the image made from it, cached
# in /var/cache/jbuild-e2e (made here once if missing, with the same commands), loaded into all three tools.
# Set-up that takes minutes (debootstrap, npm install for lint, the Maven loop's base) is cached outside the work
# directory and never done by the tests or CI.
set -euo pipefail
all_rows=(cold-2000 rebuild-2000 hello-rebuild run-chain-20 apt push multiplatform cache-from buildkit-files lint maven-loop version)
runs=5
only="${COMPARE_ONLY:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) runs=1 ;;
    --only) only="${2:?--only needs a list of rows}"; shift ;;
    --only=*) only="${1#--only=}" ;;
    --list) printf '%s\n' "${all_rows[@]}"; exit 0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *[!0-9]*|'') echo "compare.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    *) runs=$1 ;;
  esac
  shift
done
[ "$runs" -ge 1 ] || { echo "compare.sh: runs must be at least 1" >&2; exit 2; }
for r in ${only//,/ }; do
  [[ " ${all_rows[*]} " == *" $r "* ]] || { echo "compare.sh: no row '$r' (rows: ${all_rows[*]})" >&2; exit 2; }
done
wanted() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PEERS_DIR=${PEERS_DIR:-/tmp/jbuild-peers}
docker_sock="$PEERS_DIR/docker/docker.sock"
docker_answers() { [ -S "$docker_sock" ] && timeout 20 /usr/bin/docker -H "unix://$docker_sock" version >/dev/null 2>&1; }
peers_answer() {
  [ -f "$PEERS_DIR/env.sh" ] && (. "$PEERS_DIR/env.sh" && curl -fsS -m 2 "http://$REGISTRY/v2/" >/dev/null 2>&1)
}
# The peers are set up only when they do not answer: setup rewrites env.sh, which other users of the peers read,
# and without PEERS_WITH_DOCKER=1 it would drop the running dockerd's DOCKER_HOST from it.
if ! peers_answer || { [ "${PEERS_WITH_DOCKER:-0}" = 1 ] && ! docker_answers; }; then
  if docker_answers; then export PEERS_WITH_DOCKER=1; fi
  bash "$root/../shared/tools/peers-setup.sh" setup >/dev/null
fi
# shellcheck disable=SC1091
source "$PEERS_DIR/env.sh"
have_docker=0
if docker_answers; then export DOCKER_HOST="unix://$docker_sock"; have_docker=1; fi
tools=(j b)
[ $have_docker = 1 ] && tools+=(k)

work="$(mktemp -d /tmp/jbuild-bench.XXXXXX)"
# Names of this run's images in the peers' shared stores (another run may be going on beside this one).
p="jbench$$"
cleanup() {
  buildah images --format '{{.Name}}:{{.Tag}}' 2>/dev/null | grep "^localhost/$p-" \
    | xargs -r buildah rmi -f >/dev/null 2>&1 || true
  if [ $have_docker = 1 ]; then
    /usr/bin/docker images --format '{{.Repository}}:{{.Tag}}' | grep "^$p-" \
      | xargs -r /usr/bin/docker rmi -f >/dev/null 2>&1 || true
  fi
  if [ -n "${mp_storage_conf:-}" ]; then
    CONTAINERS_STORAGE_CONF="$mp_storage_conf" buildah rmi -a -f >/dev/null 2>&1 || true
    # (containers/storage's overlay driver may bind-mount its own directory: this run's mount, undone here)
    if mountpoint -q "$work/multiplatform/buildah-storage/overlay"; then
      umount "$work/multiplatform/buildah-storage/overlay" || true
    fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT
logs="$work/logs"
mkdir -p "$logs"
export JBUILD_HOME="$work/store"
jb() { "$root/jbuild" "$@"; }
jb_small() { JBUILD_JAVA_OPTS="${JBUILD_JAVA_OPTS:-} -Xmx256m" "$root/jbuild" "$@"; }
buildah_b() { buildah bud --quiet --isolation chroot "$@"; }
docker_b() { DOCKER_BUILDKIT=1 /usr/bin/docker build -q "$@"; }

# The same busybox base for every builder: the registry's for buildah/docker, loaded from its OCI layout for jbuild.
base="$REGISTRY/busybox:latest"
skopeo copy -q "oci:$BUSYBOX_OCI_LAYOUT" "docker-archive:$work/busybox.tar:$base"
jb load -q -i "$work/busybox.tar" >/dev/null
# The CLI is built by that first command; its class archive is learned from a first build and made in the
# background: both outside the timings (the wait is at most 2 min).
mkdir -p "$work/warm"
printf 'FROM %s\nCOPY a /a\n' "$base" > "$work/warm/Dockerfile"
echo a > "$work/warm/a"
jb build -q -t bench:warm-up "$work/warm" >/dev/null
for _ in $(seq 1 120); do
  compgen -G "$root/builder-cli/target/jbuild-*.lock" >/dev/null || break
  sleep 1
done

# ---- measuring
# timed LOG CMD...: the wall time of CMD in ms, or FAIL (its output is kept in LOG)
timed() {
  local log=$1 s e rc=0
  shift
  s=$(date +%s%N)
  "$@" >"$log" 2>&1 </dev/null || rc=$?
  e=$(date +%s%N)
  if [ $rc = 0 ]; then echo $(((e - s) / 1000000)); else echo "FAIL"; fi
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
ratio() { case "$1$2" in *-*|*FAIL*) echo "-" ;; *) awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}' ;; esac; }
failed=0
declare -A tool_name=([j]=jbuild [b]=buildah [k]=BuildKit)
# alternate ROW [T...]: $runs rounds, each running ROW_j, ROW_b and ROW_k (or ROW_T for the Ts given) in turn (after
# ROW_prep_T, untimed, when the row defines it); sets med[T] to each one's median, or FAIL with the failed command's
# output shown.
declare -A med
alternate() {
  local fn=${1//-/_} row=$1 i t v
  shift
  local ts=("$@")
  [ ${#ts[@]} -gt 0 ] || ts=("${tools[@]}")
  declare -A all=()
  for i in $(seq 1 "$runs"); do
    for t in "${ts[@]}"; do
      if declare -F "${fn}_prep_$t" >/dev/null; then "${fn}_prep_$t" >"$logs/$row-prep-$t.log" 2>&1 </dev/null || true; fi
      v=$(timed "$logs/$row-$t.log" "${fn}_$t")
      all[$t]+="$v "
    done
  done
  med=([j]=- [b]=- [k]=-)
  for t in "${ts[@]}"; do
    if [[ "${all[$t]}" == *FAIL* ]]; then
      med[$t]=FAIL
      failed=1
      echo "FAILED: $row with ${tool_name[$t]:-$t}; its last output:" >&2
      tail -15 "$logs/$row-$t.log" | sed 's/^/    /' >&2
    else
      med[$t]=$(tr ' ' '\n' <<<"${all[$t]}" | grep . | median)
    fi
  done
}
table="$work/table.md"
printf '%-34s %9s %9s %9s %9s %9s\n' row jbuild buildah BuildKit j/buildah j/BuildKit
# report LABEL J B K [NOTE]: one row on standard output and in the Markdown table (K may be another peer's figure;
# then LABEL says which)
report() {
  local rb rk
  rb=$(ratio "$2" "$3"); rk=$(ratio "$2" "$4")
  printf '%-34s %9s %9s %9s %9s %9s %s\n' "$1" "$2" "$3" "$4" "$rb" "$rk" "${5:-}"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$rb" "$rk" >> "$table"
}

# ---- inputs
# The 2,000-file / 200 MB context: the same bytes and times on every run (a cipher's stream), so that re-pushed
# layers are the same blobs from one run of the script to the next.
ctx_dockerfile="$work/ctx2000.Dockerfile"
printf 'FROM %s\nCOPY . /ctx\n' "$base" > "$ctx_dockerfile"
ctx=""
make_ctx() {
  [ -n "$ctx" ] && return 0
  ctx="$work/ctx2000"
  mkdir -p "$ctx/parts"
  # (openssl ends on SIGPIPE once head has its bytes)
  { openssl enc -aes-128-ctr -nosalt -pass pass:jbuild-bench -pbkdf2 </dev/zero 2>/dev/null || true; } \
    | head -c $((2000 * 102400)) | (cd "$ctx/parts" && split -b 102400 -a 4 -d - p)
  local d f i=0
  for d in $(seq 1 40); do
    mkdir "$ctx/dir$d"
    for f in $(seq 1 50); do mv "$ctx/parts/p$(printf %04d $i)" "$ctx/dir$d/file$f.bin"; i=$((i + 1)); done
  done
  rmdir "$ctx/parts"
  find "$ctx" -exec touch -h -d @1767225600 {} +
}

# ---- rows
if wanted cold-2000; then
  make_ctx
  cold_2000_prep_j() { rm -rf "$JBUILD_HOME/cache"; }
  cold_2000_j() { jb_small build -q --no-cache -f "$ctx_dockerfile" -t bench:cold "$ctx"; }
  cold_2000_prep_b() { buildah rmi -f "$p-cold"; }
  cold_2000_b() { buildah_b --layers -f "$ctx_dockerfile" -t "$p-cold" "$ctx"; }
  cold_2000_prep_k() { /usr/bin/docker rmi -f "$p-cold"; /usr/bin/docker builder prune -af; }
  cold_2000_k() { docker_b -f "$ctx_dockerfile" -t "$p-cold" "$ctx"; }
  alternate cold-2000
  report "cold-2000 (jbuild -Xmx256m)" "${med[j]}" "${med[b]}" "${med[k]}"
fi

if wanted rebuild-2000; then
  make_ctx
  rebuild_2000_j() { jb build -q -f "$ctx_dockerfile" -t bench:warm "$ctx"; }
  rebuild_2000_b() { buildah_b --layers -f "$ctx_dockerfile" -t "$p-warm" "$ctx"; }
  rebuild_2000_k() { docker_b -f "$ctx_dockerfile" -t "$p-warm" "$ctx"; }
  for t in "${tools[@]}"; do "rebuild_2000_$t" >/dev/null 2>&1 || true; done
  alternate rebuild-2000
  report rebuild-2000 "${med[j]}" "${med[b]}" "${med[k]}"
fi

if wanted hello-rebuild; then
  hello="$work/hello"
  cp -r "$root/testdata/hello-sh" "$hello"
  sed -i "s|^FROM .*|FROM $base|" "$hello/Dockerfile"
  hello_rebuild_j() { jb build -q -t bench:hello "$hello"; }
  hello_rebuild_b() { buildah_b --layers -t "$p-hello" "$hello"; }
  hello_rebuild_k() { docker_b -t "$p-hello" "$hello"; }
  for t in "${tools[@]}"; do "hello_rebuild_$t" >/dev/null 2>&1 || true; done
  alternate hello-rebuild
  report hello-rebuild "${med[j]}" "${med[b]}" "${med[k]}"
fi

if wanted run-chain-20; then
  chain="$work/chain"
  mkdir -p "$chain"
  { echo "FROM $base"; for _ in $(seq 1 20); do echo "RUN true"; done; } > "$chain/Dockerfile"
  run_chain_20_j() { jb build -q --no-cache -t bench:chain "$chain"; }
  run_chain_20_b() { buildah_b --network host --no-cache -t "$p-chain" "$chain"; }
  run_chain_20_k() { docker_b --network host --no-cache -t "$p-chain" "$chain"; }
  alternate run-chain-20
  report run-chain-20 "${med[j]}" "${med[b]}" "${med[k]}"
fi

if wanted apt; then
  # builder-core's DebianBase makes and caches these two files; the same commands here when they are missing.
  e2e=/var/cache/jbuild-e2e
  debian_tar="$e2e/debian-bookworm-minbase.tar"
  debian_image="$e2e/debian-bookworm-image.tar"
  debian=jbuild-e2e/debian:bookworm
  if [ ! -f "$debian_tar" ]; then
    echo "apt: making the Debian base with debootstrap (once per machine)..." >&2
    mkdir -p "$e2e"
    rootfs="$(mktemp -d "$e2e/rootfs-XXXXXX")"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$logs/debootstrap.log" 2>&1 \
      || { tail -5 "$logs/debootstrap.log" >&2; rm -rf "$rootfs"; echo "apt: debootstrap failed" >&2; exit 1; }
    tar --numeric-owner -C "$rootfs" -cf "$debian_tar.tmp" .
    mv "$debian_tar.tmp" "$debian_tar"
    rm -rf "$rootfs"
  fi
  if [ ! -f "$debian_image" ]; then
    mkdir -p "$work/debian"
    cp "$debian_tar" "$work/debian/debian.tar"
    printf 'FROM scratch\nADD debian.tar /\nCMD ["bash"]\n' > "$work/debian/Dockerfile"
    jb build -q -t "$debian" "$work/debian" >/dev/null
    jb save -o "$debian_image.tmp" "$debian"
    mv "$debian_image.tmp" "$debian_image"
  fi
  jb load -q -i "$debian_image" >/dev/null
  buildah pull -q "docker-archive:$debian_image" >/dev/null
  [ $have_docker = 1 ] && /usr/bin/docker load -q -i "$debian_image" >/dev/null
  aptctx="$work/apt"
  mkdir -p "$aptctx"
  printf 'FROM %s\nRUN apt-get update && apt-get install -y python3-minimal\n' "$debian" > "$aptctx/Dockerfile"
  apt_j() { jb_small build -q --no-cache --network host -t bench:apt "$aptctx"; }
  apt_b() { buildah_b --layers --network host --no-cache -t "$p-apt" "$aptctx"; }
  apt_k() { docker_b --network host --no-cache -t "$p-apt" "$aptctx"; }
  alternate apt
  report "apt (jbuild -Xmx256m)" "${med[j]}" "${med[b]}" "${med[k]}"
fi

if wanted push; then
  make_ctx
  # Each tool's own 200 MB image in a repository of its own, pushed once untimed: then every blob is there.
  push_j_ref="$REGISTRY/jbuild-bench/push-jbuild:1"
  push_b_ref="$REGISTRY/jbuild-bench/push-buildah:1"
  push_k_ref="$REGISTRY/jbuild-bench/push-buildkit:1"
  jb build -q -f "$ctx_dockerfile" -t "$push_j_ref" "$ctx" >/dev/null
  buildah_b --layers -f "$ctx_dockerfile" -t "$p-push" "$ctx" >/dev/null
  if [ $have_docker = 1 ]; then
    docker_b -f "$ctx_dockerfile" -t "$p-push" "$ctx" >/dev/null
    /usr/bin/docker tag "$p-push" "$push_k_ref"
  fi
  push_j() { jb push -q "$push_j_ref"; }
  push_b() { buildah push -q --tls-verify=false "$p-push" "docker://$push_b_ref"; }
  push_k() { /usr/bin/docker push -q "$push_k_ref"; }
  for t in "${tools[@]}"; do "push_$t" >/dev/null 2>&1 || true; done
  alternate push
  report "push, 200 MB, blobs there" "${med[j]}" "${med[b]}" "${med[k]}"
fi

if wanted multiplatform; then
  # A RUN-less build for one and for two platforms: a 20 MB jar-like file (the same bytes on every run) COPYed onto
  # an amd64+arm64 busybox index, --no-cache. The index is the tests' (MultiPlatformBusybox): Debian's
  # busybox-static for each architecture (.ci/run unpacks the arm64 one) with a link per applet, COPYed FROM
  # scratch; jbuild builds it for both platforms and pushes it to the loopback registry, where buildah pulls it from.
  # Buildah keeps this row's images in a storage of the run's own (overlay, as the peers'): `--manifest` adds to a
  # list of that name, so each run starts from none, and its per-platform images carry no name to remove them by.
  # docker 20.10's builder cannot build several platforms into its image store: no BuildKit figure.
  arm64_busybox=/var/cache/jbuild-e2e/busybox-arm64/bin/busybox
  [ -x "$arm64_busybox" ] \
    || { echo "multiplatform: $arm64_busybox is missing (.ci/run unpacks busybox-static:arm64 there)" >&2; exit 1; }
  mp="$work/multiplatform"
  mapfile -t applets < <(/bin/busybox --list | grep -vx busybox)
  for arch in amd64 arm64; do
    r="$mp/base/rootfs-$arch"
    mkdir -p "$r/bin" "$r/etc" "$r/tmp"
    if [ $arch = amd64 ]; then cp /bin/busybox "$r/bin/busybox"; else cp "$arm64_busybox" "$r/bin/busybox"; fi
    for a in "${applets[@]}"; do ln -s busybox "$r/bin/$a"; done
    echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"
    echo 'root:x:0:' > "$r/etc/group"
  done
  printf 'FROM scratch\nARG TARGETARCH\nCOPY rootfs-$TARGETARCH/ /\nENV PATH=%s\nCMD ["sh"]\n' \
    /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin > "$mp/base/Dockerfile"
  mp_base="$REGISTRY/jbuild-bench/busybox-multi:latest"
  jb build -q --platform linux/amd64,linux/arm64 -t "$mp_base" "$mp/base" >/dev/null
  jb push -q "$mp_base" >/dev/null
  mkdir -p "$mp/app"
  { openssl enc -aes-128-ctr -nosalt -pass pass:jbuild-bench-jar -pbkdf2 </dev/zero 2>/dev/null || true; } \
    | head -c $((20 * 1024 * 1024)) > "$mp/app/app.jar"
  touch -d @1767225600 "$mp/app/app.jar"
  printf 'FROM %s\nCOPY app.jar /app/app.jar\nCMD ["sh"]\n' "$mp_base" > "$mp/app/Dockerfile"
  mp_storage_conf="$mp/storage.conf"
  printf '[storage]\ndriver = "overlay"\ngraphroot = "%s"\nrunroot = "%s"\n' "$mp/buildah-storage" \
    "$mp/buildah-run" > "$mp_storage_conf"
  mp_buildah() { CONTAINERS_STORAGE_CONF="$mp_storage_conf" buildah_b "$@"; }
  multiplatform_j1() { jb build -q --no-cache --platform linux/amd64 -t bench:mp1 "$mp/app"; }
  multiplatform_j2() { jb build -q --no-cache --platform linux/amd64,linux/arm64 -t bench:mp2 "$mp/app"; }
  multiplatform_prep_b1() { CONTAINERS_STORAGE_CONF="$mp_storage_conf" buildah rmi -f "$p-mp1"; }
  multiplatform_b1() { mp_buildah --no-cache --platform linux/amd64 -t "$p-mp1" "$mp/app"; }
  multiplatform_prep_b2() {
    CONTAINERS_STORAGE_CONF="$mp_storage_conf" buildah manifest rm "$p-mp2"
    CONTAINERS_STORAGE_CONF="$mp_storage_conf" buildah rmi --prune
  }
  multiplatform_b2() { mp_buildah --no-cache --platform linux/amd64,linux/arm64 --manifest "$p-mp2" "$mp/app"; }
  # (untimed: buildah pulls both platforms of the base into its storage)
  multiplatform_b2 >"$logs/multiplatform-warm-b.log" 2>&1 || true
  alternate multiplatform j1 b1 j2 b2
  report "multiplatform, 1 platform" "${med[j1]}" "${med[b1]}" -
  report "multiplatform, amd64+arm64" "${med[j2]}" "${med[b2]}" -
  report "multiplatform, 2 ÷ 1 platform" "$(ratio "${med[j2]}" "${med[j1]}")" "$(ratio "${med[b2]}" "${med[b1]}")" - \
    "(each tool's 2-platform ÷ 1-platform time; issue #21: jbuild's ≤ 1.3)"
fi

if wanted cache-from; then
  # Two stores stand for two CI runners. Runner A (the default store; untimed, once) builds, exports its cache and
  # pushes the image. Runner B is a store holding only the base, made anew before every timed command; for
  # BuildKit it is the shared dockerd with the row's images removed and its build cache pruned (the base stays,
  # as it stays in B's store). Every build has --network none (no RUN needs one).
  cf="$work/cache-from"
  mkdir -p "$cf"
  cat > "$cf/Dockerfile" <<EOF
FROM $base AS deps
RUN sleep 1 && mkdir /deps && for i in \$(seq 1 20); do head -c 100000 /dev/urandom > /deps/lib\$i.bin; done
RUN sleep 1 && echo 'deps: 20 libraries' > /deps/MANIFEST
FROM $base AS build
COPY --from=deps /deps /deps
RUN sleep 1 && mkdir /out && cat /deps/*.bin | sha256sum > /out/app.sum && head -c 2000000 /dev/urandom > /out/app.bin
FROM $base
COPY --from=deps /deps /app/lib
COPY --from=build /out /app
RUN sleep 1 && echo ready > /app/ready
CMD ["cat", "/app/ready"]
EOF
  cf_j_ref="$REGISTRY/jbuild-bench/cache-from-jbuild:1"
  cf_j_cache="$REGISTRY/jbuild-bench/cache-from-jbuild:cache"
  cf_k_ref="$REGISTRY/jbuild-bench/cache-from-buildkit:1"
  jb build -q --network none --cache-to "type=registry,ref=$cf_j_cache,mode=max" --push -t "$cf_j_ref" "$cf" >/dev/null
  if [ $have_docker = 1 ]; then
    /usr/bin/docker rmi -f "$cf_k_ref" >/dev/null 2>&1 || true
    /usr/bin/docker builder prune -af >/dev/null
    docker_b --network none --build-arg BUILDKIT_INLINE_CACHE=1 -t "$cf_k_ref" "$cf" >/dev/null
    /usr/bin/docker push -q "$cf_k_ref" >/dev/null
  fi
  store_b="$work/store-b"
  runner_b_j() { rm -rf "$store_b"; JBUILD_HOME="$store_b" jb load -q -i "$work/busybox.tar"; }
  runner_b_k() { /usr/bin/docker rmi -f "$cf_k_ref" "$p-cf"; /usr/bin/docker builder prune -af; }
  jb_b() { JBUILD_HOME="$store_b" jb "$@"; }
  # The warm build and the pull are timed in the same rounds (warm, pull, for each tool in turn), so that their ratio
  # compares commands run minutes apart on a machine whose speed drifts. Plain progress for the builds, so that the
  # logs show which steps were CACHED (checked below).
  cache_from_prep_jw() { runner_b_j; }
  cache_from_jw() {
    jb_b build --progress plain --network none --cache-from "type=registry,ref=$cf_j_cache" -t bench:cf "$cf"
  }
  cache_from_prep_kw() { runner_b_k; }
  cache_from_kw() {
    DOCKER_BUILDKIT=1 /usr/bin/docker build --progress plain --network none --cache-from "$cf_k_ref" -t "$p-cf" "$cf"
  }
  # The same warm build when the runner only pushes (-o type=registry): no cached layer is downloaded, the image's
  # layers are mounted from the cache's repository. docker 20.10's builder has no push-only output: jbuild only.
  cache_from_push_prep_j() { runner_b_j; }
  cache_from_push_j() {
    jb_b build --progress plain --network none --cache-from "type=registry,ref=$cf_j_cache" -o type=registry \
      -t "$REGISTRY/jbuild-bench/cache-from-jbuild:b" "$cf"
  }
  cache_from_prep_jp() { runner_b_j; }
  cache_from_jp() { jb_b pull -q "$cf_j_ref"; }
  cache_from_prep_kp() { runner_b_k; }
  cache_from_kp() { /usr/bin/docker pull -q "$cf_k_ref"; }
  cache_from_cold_prep_j() { runner_b_j; }
  cache_from_cold_j() { jb_b build -q --network none -t bench:cf "$cf"; }
  cache_from_cold_prep_k() { runner_b_k; }
  cache_from_cold_k() { docker_b --network none -t "$p-cf" "$cf"; }
  # No buildah column: the issue compares with BuildKit's inline cache.
  all_tools=("${tools[@]}")
  tools=(j)
  [ $have_docker = 1 ] && tools+=(k)
  if [ $have_docker = 1 ]; then alternate cache-from jw jp kw kp; else alternate cache-from jw jp; fi
  declare -A warm=([j]=${med[jw]} [k]=${med[kw]:--}) pull=([j]=${med[jp]} [k]=${med[kp]:--})
  # How many of the four RUN steps ran on runner B in the last warm run (each sleeps 1 s: a warm figure with RUN
  # steps run again measures something else, so the row says so). Both tools print BuildKit's plain progress.
  runs_run() {
    awk '$2 ~ /^\[/ && / RUN / {run[$1] = 1} $2 == "CACHED" {cached[$1] = 1}
         END {n = 0; for (s in run) if (!(s in cached)) n++; print n}' "$1" 2>/dev/null || echo "?"
  }
  ran_j=$(runs_run "$logs/cache-from-jw.log")
  ran_k=$(runs_run "$logs/cache-from-kw.log")
  alternate cache-from-push j
  declare -A pushed=([j]=${med[j]})
  alternate cache-from-cold
  declare -A cold=([j]=${med[j]} [k]=${med[k]})
  tools=("${all_tools[@]}")
  report "cache-from, runner B warm" "${warm[j]}" - "${warm[k]}" \
    "(warm ÷ pull: jbuild $(ratio "${warm[j]}" "${pull[j]}"), BuildKit $(ratio "${warm[k]}" "${pull[k]}"), goal ≤ 1.2; RUN steps run: jbuild $ran_j, BuildKit $ran_k of 4)"
  report "cache-from, runner B pull" "${pull[j]}" - "${pull[k]}"
  report "cache-from, runner B warm, -o type=registry" "${pushed[j]}" - - \
    "(÷ pull: jbuild $(ratio "${pushed[j]}" "${pull[j]}"); the image is pushed, no cached layer downloaded)"
  report "cache-from, runner B cold" "${cold[j]}" - "${cold[k]}" \
    "(warm ÷ cold: jbuild $(ratio "${warm[j]}" "${cold[j]}"), BuildKit $(ratio "${warm[k]}" "${cold[k]}"))"
fi

if wanted buildkit-files; then
  # Each listed Dockerfile (under ../shared/conformance/buildkit), adapted: every FROM's image is the local busybox
  # (its AS name kept) and a `# syntax=` directive is dropped (BuildKit would fetch a frontend image). Context:
  # the file's own directory. No cache; no network for jbuild and BuildKit (buildah's chroot isolation has only the
  # host's: none of the files gets as far as using it).
  list="$root/bench/buildkit-dockerfiles.txt"
  src="$root/../shared/conformance/buildkit"
  mapfile -t files < <(grep -v -e '^#' -e '^$' "$list")
  adapted="$work/buildkit-files"
  for f in "${files[@]}"; do
    [ -f "$src/$f" ] || { echo "buildkit-files: $src/$f is missing" >&2; exit 1; }
    mkdir -p "$adapted/$(dirname "$f")"
    awk -v base="$base" '
      NR == 1 || directives { if ($0 ~ /^#[ \t]*[A-Za-z]+[ \t]*=/) { if (tolower($0) ~ /^#[ \t]*syntax[ \t]*=/) next; directives = 1; print; next } }
      { directives = 0 }
      cont { if ($0 ~ /[\\`][ \t]*$/) next; cont = 0; n = split($0, w, /[ \t]+/); as = ""
             for (i = 1; i <= n; i++) if (tolower(w[i]) == "as" && i < n) as = " AS " w[i + 1]
             print "FROM " base as; next }
      toupper($1) == "FROM" {
        if ($0 ~ /[\\`][ \t]*$/) { cont = 1; next }
        as = ""; for (i = 2; i < NF; i++) if (tolower($i) == "as") as = " AS " $(i + 1)
        plat = ""; for (i = 2; i <= NF; i++) if ($i ~ /^--/) plat = plat " " $i
        print "FROM" plat " " base as; next }
      { print }' "$src/$f" > "$adapted/$f"
  done
  # bk_all T: builds every file with tool T, one after another; the exit status of each goes to outcome-T
  bk_one_j() { jb build -q --no-cache --network none -f "$adapted/$1" -t "bench:bk" "$src/$(dirname "$1")"; }
  bk_one_b() { buildah_b --network host --no-cache -f "$adapted/$1" -t "$p-bk" "$src/$(dirname "$1")"; }
  bk_one_k() { docker_b --network none --no-cache -f "$adapted/$1" -t "$p-bk" "$src/$(dirname "$1")"; }
  bk_all() {
    local f rc
    : > "$work/outcome-$1"
    for f in "${files[@]}"; do
      rc=0; "bk_one_$1" "$f" >>"$logs/bk-$1-builds.log" 2>&1 </dev/null || rc=$?
      echo "$rc $f" >> "$work/outcome-$1"
    done
  }
  buildkit_files_j() { bk_all j; }
  buildkit_files_b() { bk_all b; }
  buildkit_files_k() { bk_all k; }
  alternate buildkit-files
  fails() { [ -f "$work/outcome-$1" ] && awk '$1 != 0' "$work/outcome-$1" | wc -l || echo -; }
  report "buildkit-files, ${#files[@]} Dockerfiles" "${med[j]}" "${med[b]}" "${med[k]}" \
    "(fail: jbuild $(fails j), buildah $(fails b), BuildKit $(fails k) of ${#files[@]})"
  # Which files fail with which tool: those the tools disagree on one a line (x: failed), then the rest.
  {
    same_fail=(); same_ok=0; header=0
    for f in "${files[@]}"; do
      marks=(); nfail=0
      for t in "${tools[@]}"; do
        rc=$(awk -v f="$f" '$2 == f {print $1}' "$work/outcome-$t")
        if [ "$rc" = 0 ]; then marks+=(.); else marks+=(x); nfail=$((nfail + 1)); fi
      done
      if [ $nfail = 0 ]; then same_ok=$((same_ok + 1))
      elif [ $nfail = ${#tools[@]} ]; then same_fail+=("$f")
      else
        [ $header = 1 ] || printf '  %-72s %7s %7s %8s\n' "tools disagree on" jbuild buildah BuildKit
        header=1
        printf '  %-72s %7s %7s %8s\n' "$f" "${marks[@]}"
      fi
    done
    echo "  built by every tool: $same_ok; failed with every tool: ${#same_fail[@]}${same_fail:+:}"
    [ ${#same_fail[@]} = 0 ] || printf '    %s\n' "${same_fail[@]}"
  } >&2
fi

if wanted lint; then
  # bench/lint.sh alternates itself; its wall medians are the row (node's is in the BuildKit column).
  bash "$root/bench/lint.sh" "$runs" > "$work/lint.out" 2>"$logs/lint.log" || { failed=1; tail -15 "$logs/lint.log" >&2; }
  n=$(awk 'NR == 1 {print $1}' "$work/lint.out")
  j=$(awk '/^jbuild lint /{print $3}' "$work/lint.out")
  k=$(awk '/^dockerfile-utils /{print $3}' "$work/lint.out")
  report "lint, $n files (vs node)" "${j:-FAIL}" - "${k:-FAIL}" "(BuildKit column: dockerfile-utils in node)"
fi

if wanted maven-loop; then
  # bench/maven-loop/run.sh alternates itself; jib-maven-plugin's figures are in the BuildKit column.
  bash "$root/bench/maven-loop/run.sh" "$runs" > "$work/maven.out" 2>"$logs/maven.log" \
    || { failed=1; tail -15 "$logs/maven.log" >&2; }
  for r in "warm store" "fresh store"; do
    read -r j k <<<"$(awk -v r="$r" 'index($0, r) == 1 {print $(NF - 2), $(NF - 1)}' "$work/maven.out")"
    report "maven-loop, $r (vs jib)" "${j:-FAIL}" - "${k:-FAIL}" "(BuildKit column: jib-maven-plugin 3.5.2; the goals' own times)"
  done
fi

if wanted version; then
  version_j() { jb --version; }
  version_b() { buildah --version; }
  version_k() { /usr/bin/docker version; }
  alternate version
  report version "${med[j]}" "${med[b]}" "${med[k]}"
fi

echo
echo "$runs run(s) each, medians in ms; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%F)"
echo "| case | jbuild | buildah | BuildKit | jbuild ÷ buildah | jbuild ÷ BuildKit |"
echo "|---|---|---|---|---|---|"
cat "$table"
exit $failed
