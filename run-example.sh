#!/usr/bin/env bash
# The main job end to end: builds the seed's hello example and runs it.
#   ./run-example.sh                             -> hello guest, my version is 1.0!
#   ./run-example.sh --build-arg my_ver=2.0      -> hello guest, my version is 2.0!
# On a fresh Debian machine it installs what RUN needs (runc, slirp4netns for its private network, conmon for
# containers that outlive jbuild, docker's
# seccomp profile from golang-github-containers-common, busybox-static), builds a busybox base image
# from Debian's static binary (no registry needed), then the example, then runs it. Needs root (RUN and run
# use runc over overlayfs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
need=()
command -v runc >/dev/null || need+=(runc)
command -v slirp4netns >/dev/null || need+=(slirp4netns)
command -v conmon >/dev/null || need+=(conmon)
[ -f /usr/share/containers/seccomp.json ] || need+=(golang-github-containers-common)
[ -x /bin/busybox ] || need+=(busybox-static)
if [ "${#need[@]}" -gt 0 ]; then
  echo "run-example: installing ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/testdata/busybox/Dockerfile" "$work/"
cp /bin/busybox "$work/busybox"
"$root/jbuild" build -t jbuild/busybox:latest "$work"
"$root/jbuild" build -t hello:1.0 "$@" "$root/testdata/hello-sh"
"$root/jbuild" run --rm hello:1.0
