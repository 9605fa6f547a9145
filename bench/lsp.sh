#!/usr/bin/env bash
# `jbuild lsp` against dockerfile-language-server-nodejs (the server of VS Code's Docker extension, npm) on the same
# 1,000-line Dockerfile: start-up to the first diagnostics after didOpen, and the diagnostics after a one-character
# edit in the middle of the file. Each server is driven the same way by bench/lsp-driver.py (JSON-RPC on stdio), the
# two alternating round by round. Prints, per round and server, the start-up and the median of 5 edits, in ms.
#
#   bash bench/lsp.sh [rounds]            (default 5; needs node, npm and python3)
#
# The node server is installed with npm into bench/target/lsp-node (once; not part of the tests or CI). jbuild's
# launcher learns its class archive from a first build, and lsp's own from a first session, so a small FROM scratch
# build and one session come first, untimed. Each edit is sent once the previous one's diagnostics are in: both
# servers lint it at once (jbuild waits for a next change only while the previous change's lint still runs).
set -euo pipefail
rounds=${1:-5}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=0.15.0
node_dir="$root/bench/target/lsp-node"
work="$(mktemp -d /tmp/jbuild-lspbench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if [ ! -f "$node_dir/node_modules/dockerfile-language-server-nodejs/package.json" ] \
    || ! grep -q "\"version\": \"$version\"" "$node_dir/node_modules/dockerfile-language-server-nodejs/package.json"; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --silent --no-audit --no-fund --no-save \
    "dockerfile-language-server-nodejs@$version" >/dev/null)
fi
node_server=(node "$node_dir/node_modules/dockerfile-language-server-nodejs/bin/docker-langserver" --stdio)

# A 1,000-line Dockerfile of the usual kinds of lines: stages, RUN with continuations, ENV, ARG, COPY, LABEL.
python3 - "$work/Dockerfile" <<'PY'
import sys
lines = ["# syntax=docker/dockerfile:1", "ARG BASE=debian:bookworm", "FROM $BASE AS build"]
i = 0
while len(lines) < 1000:
    lines += [f"ARG V{i}=1.{i}", f"ENV P{i}=/opt/p{i} Q{i}=$V{i}",
              f"RUN apt-get update && apt-get install -y --no-install-recommends pkg{i}=$V{i} \\",
              "    && rm -rf /var/lib/apt/lists/*", f"WORKDIR /src/{i}", f"COPY src{i}/ ./",
              f"RUN make -C /src/{i} all", f"LABEL org.example.part{i}=\"{i}\""]
    if i % 10 == 9:
        lines += [f"FROM build AS stage{i}", f"COPY --from=build /src/{i} /out/{i}"]
    i += 1
open(sys.argv[1], "w").write("\n".join(lines[:1000]) + "\n")
PY

mkdir -p "$work/ctx"
echo 'FROM scratch' > "$work/ctx/Dockerfile"
JBUILD_HOME="$work/home" "$root/jbuild" build -q "$work/ctx" >/dev/null 2>&1 || true
# the archive is written in the background after that build (its lock directory goes when it is done): wait for it,
# else the first rounds run without it (it took over 8 s under load)
for _ in $(seq 1 120); do
  compgen -G "$root/builder-cli/target/jbuild-*.lock" >/dev/null || break
  sleep 0.5
done

# jbuild lsp learns an archive of its own from its first session (as an editor's first start would): one untimed
python3 "$root/bench/lsp-driver.py" 1 5 "$work/Dockerfile" -- "$root/jbuild" lsp >/dev/null
for _ in $(seq 1 120); do
  compgen -G "$root/builder-cli/target/jbuild-*.lock" >/dev/null || break
  sleep 0.5
done

for r in $(seq 1 "$rounds"); do
  echo "round $r: jbuild lsp: $(python3 "$root/bench/lsp-driver.py" 1 5 "$work/Dockerfile" -- "$root/jbuild" lsp)"
  echo "round $r: node:       $(python3 "$root/bench/lsp-driver.py" 1 5 "$work/Dockerfile" -- "${node_server[@]}")"
done
