#!/usr/bin/env bash
# The differential suite: every case of testdata/differential/ built by docker's BuildKit and by jbuild, images
# compared (config + file trees). Starts the peers (private dockerd + loopback registry + busybox base) with
# ../shared/tools/peers-setup.sh when its docker does not answer. Report: builder-cli/target/differential/report.md
#
#   bench/differential/run.sh [extra mvn args, e.g. -Djbuild.differential.cases='copy-.*']
#
# Env: PEERS_DIR (default /tmp/jbuild-peers), REGISTRY_ADDR (default 127.0.0.1:5000), as peers-setup.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PEERS_DIR="${PEERS_DIR:-/tmp/jbuild-peers}"
docker_answers() {
  [ -f "$PEERS_DIR/env.sh" ] && ( . "$PEERS_DIR/env.sh" && [ -n "${DOCKER_HOST:-}" ] \
    && timeout 20 /usr/bin/docker version >/dev/null 2>&1 )
}
if ! docker_answers; then
  PEERS_WITH_DOCKER=1 bash "$root/../shared/tools/peers-setup.sh" setup
fi
cd "$root"
exec mvn -B -Pdifferential -pl builder-cli -am verify -Dtest='io.jbuild.differential.**' \
  -Dsurefire.failIfNoSpecifiedTests=false -Djbuild.peers.dir="$PEERS_DIR" "$@"
