#!/usr/bin/env bash
# Container commands, jbuild against podman (the daemonless anchor), measured in the same run on the same machine:
# each run times jbuild's command, then podman's, in turn. Prints medians (ms) of wall time and of CPU time (user +
# system of the command and the children it waited for, by /usr/bin/time; conmon, the container and slirp4netns,
# which both leave running, are not in it) and the ratios jbuild / podman.
#
#   bash bench/containers.sh [runs]       (default 5 runs per figure; needs root, runc, conmon, slirp4netns)
#
# Cases (the same busybox image for both, loaded from the peers' OCI layout; the same network for both: a private
# network namespace with slirp4netns and its port forwarder):
#   run-d-port   run -d -p 127.0.0.1:PORT:80 IMG (busybox httpd) until the port answers an HTTP request
#   exec-true    exec C true, in a running container
#   ps / ps-a    ps and ps -a with 50 more containers in the store (25 running, 25 exited; --network none)
#   stop         stop C of a running httpd container (its shell leaves on SIGTERM)
#   rm           rm C of that stopped container
# Everything runs in stores of its own (JBUILD_HOME and podman --root/--runroot under a temporary directory),
# which the script empties and removes at the end.
set -euo pipefail
runs=${1:-5}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$root/../shared/tools/peers-setup.sh"
export PEERS_DIR=${PEERS_DIR:-/tmp/jbuild-peers}
[ -f "$PEERS_DIR/env.sh" ] || bash "$peers" setup >/dev/null
# shellcheck disable=SC1091
source "$PEERS_DIR/env.sh"
work="$(mktemp -d /tmp/jcb.XXXXXX)"  # short: podman puts a socket path under it
export JBUILD_HOME="$work/store"
# podman with a store, run directory and temporary directory of its own (the peers' configuration otherwise)
sed -e "s|^tmp_dir = .*|tmp_dir = \"$work/t\"|" \
  -e "s|^events_logfile_path = .*|events_logfile_path = \"$work/podman-events.log\"|" "$CONTAINERS_CONF" \
  > "$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"
# JBUILD_CLI: another jbuild launcher to measure (e.g. a copy of a checkout, so that editing this one meanwhile does
# not make its launcher rebuild the CLI in the middle of the figures)
cli="${JBUILD_CLI:-$root/jbuild}"
jb_cmd=("$cli")
pm_cmd=(podman --root "$work/podman-root" --runroot "$work/podman-run")
jb() { "${jb_cmd[@]}" "$@"; }
pm() { "${pm_cmd[@]}" "$@"; }
cleanup() {
  set +e
  jb rm -f $(jb ps -aq 2>/dev/null) >/dev/null 2>&1
  pm rm -af -t 0 >/dev/null 2>&1
  pm rmi -af >/dev/null 2>&1
  umount -R "$work/podman-root/overlay" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

image=bench/busybox:latest
skopeo copy -q "oci:$BUSYBOX_OCI_LAYOUT" "docker-archive:$work/busybox.tar:$image"
jb load -q -i "$work/busybox.tar" >/dev/null
pm load -q -i "$work/busybox.tar" >/dev/null
pimage=docker.io/$image # podman names a loaded image without a registry so
# The launcher learns its class archive from a first build after the jar was made: let it, outside the timings.
mkdir -p "$work/warm"
printf 'FROM %s\nRUN true\n' "$image" > "$work/warm/Dockerfile"
jb build -q -t bench/warm "$work/warm" >/dev/null
for _ in $(seq 1 120); do
  compgen -G "$(dirname "$cli")/builder-cli/target/jbuild-*.lock" >/dev/null || break
  sleep 1
done

net_j=(-p) # filled per run with the port
net_p=(--network slirp4netns:port_handler=slirp4netns -p)
# httpd under a shell that leaves on SIGTERM (a PID 1 without a handler ignores it and stop would wait its 10 s)
server=(sh -c 'trap "exit 0" TERM; httpd -f -p 80 -h / & wait')

now() { date +%s%N; }
free_port() { # a loopback port nothing listens on
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
answers() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"; }
# up_ms TOOL...: starts a server on a free port and prints "ms id" once the port answers
up_ms() {
  local port s id e
  port=$(free_port)
  if [ "$1" = jb ]; then
    s=$(now); id=$(cpu "$work/run-d-port.cpu.jb" "${jb_cmd[@]}" run -d "${net_j[@]}" "127.0.0.1:$port:80" "$image" \
      "${server[@]}")
  else
    s=$(now); id=$(cpu "$work/run-d-port.cpu.pm" "${pm_cmd[@]}" run -d "${net_p[@]}" "127.0.0.1:$port:80" "$pimage" \
      "${server[@]}")
  fi
  for _ in $(seq 1 3000); do answers "$port" && break; sleep 0.005; done
  e=$(now)
  answers "$port" || { echo "no answer on port $port from $1's container $id" >&2; exit 1; }
  echo "$(( (e - s) / 1000000 )) $id"
}
# cpu FILE CMD...: runs CMD, appends its CPU time (ms, user + system) to FILE
cpu() {
  local f=$1; shift
  /usr/bin/time -f '%U %S' -o "$work/time" "$@"
  awk '{printf "%d\n", ($1 + $2) * 1000}' "$work/time" >> "$f"
}
# ms CASE TOOL ARGS...: times one command of TOOL (jb or pm), wall to stdout, CPU to CASE's CPU file
ms() {
  local c=$1 t=$2 s e; shift 2
  local -n cmd=${t}_cmd
  s=$(now); cpu "$work/$c.cpu.$t" "${cmd[@]}" "$@" >/dev/null 2>&1; e=$(now); echo $(( (e - s) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
row() { printf '%-12s %10s %10s %8s %10s %10s %8s\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b ? a / b : 0}'; }
report() {
  local wj wp cj cp
  wj=$(median < "$work/$1.jb"); wp=$(median < "$work/$1.pm")
  cj=$(median < "$work/$1.cpu.jb"); cp=$(median < "$work/$1.cpu.pm")
  row "$1" "$wj" "$wp" "$(ratio "$wj" "$wp")" "$cj" "$cp" "$(ratio "$cj" "$cp")"
}

# run -d to an answering port, then stop and rm of that container
for _ in $(seq 1 "$runs"); do
  for t in jb pm; do
    read -r t_up id < <(up_ms $t)
    echo "$t_up" >> "$work/run-d-port.$t"
    ms exec-true $t exec "$id" true >> "$work/exec-true.$t"
    ms stop $t stop "$id" >> "$work/stop.$t"
    ms rm $t rm "$id" >> "$work/rm.$t"
  done
done

# 50 more containers: 25 running, 25 exited
for i in $(seq 1 25); do
  jb run -d --network none "$image" sleep 100000 >/dev/null
  pm run -d --network none "$pimage" sleep 100000 >/dev/null
  jb run --network none "$image" true >/dev/null
  pm run --network none "$pimage" true >/dev/null
done
for _ in $(seq 1 "$runs"); do
  for t in jb pm; do
    ms ps $t ps >> "$work/ps.$t"
    ms ps-a $t ps -a >> "$work/ps-a.$t"
  done
done
[ "$(jb ps -aq | wc -l)" = 50 ] && [ "$(pm ps -aq | wc -l)" = 50 ] \
  || { echo "expected 50 containers in each store" >&2; exit 1; }

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
row case "wall jb" "wall pm" "j/pm" "cpu jb" "cpu pm" "j/pm"
for c in run-d-port exec-true ps ps-a stop rm; do report $c; done
