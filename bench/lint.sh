#!/usr/bin/env bash
# `jbuild lint` of the corpus's Dockerfiles against dockerfile-utils (the linter of the Docker language server) in
# node, both as whole processes given every file at once, alternating, on the same machine. Prints medians of wall
# and CPU (user + system) time in ms and the ratios jbuild ÷ node.
#
#   bash bench/lint.sh [runs]             (default 7 runs per figure; needs node and npm)
#
# dockerfile-utils is installed with npm into bench/target/lint-node (once; not part of the tests or CI); node runs
# its validate() on each file, as the language server does on open. jbuild's launcher learns its class archive from
# a first build, so a small FROM scratch build comes first, untimed. Corpus: ../shared/corpus (LINT_CORPUS to change).
# JBUILD_BEFORE=path/to/other/checkout/jbuild adds that launcher to each round (before and after a change, same load).
set -euo pipefail
runs=${1:-7}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${LINT_CORPUS:-$root/../shared/corpus}"
version=0.16.3
node_dir="$root/bench/target/lint-node"
work="$(mktemp -d /tmp/jbuild-lintbench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if [ ! -f "$node_dir/node_modules/dockerfile-utils/package.json" ] \
    || ! grep -q "\"version\": \"$version\"" "$node_dir/node_modules/dockerfile-utils/package.json"; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --silent --no-audit --no-fund --no-save "dockerfile-utils@$version" >/dev/null)
fi
cat > "$node_dir/lint.js" <<'EOF'
const fs = require('fs');
const { validate } = require('dockerfile-utils');
let n = 0;
for (const f of process.argv.slice(2)) { n += validate(fs.readFileSync(f, 'utf8')).length; }
console.log(n + ' diagnostics');
EOF

mapfile -t files < <(find "$corpus" -type f -name Dockerfile | sort)
[ ${#files[@]} -gt 0 ] || { echo "no Dockerfiles under $corpus" >&2; exit 1; }

# The CLI built and its class archive learned, outside the timings.
export JBUILD_HOME="$work/store"
mkdir -p "$work/ctx"
printf 'FROM scratch\nCOPY a /a\n' > "$work/ctx/Dockerfile"
echo a > "$work/ctx/a"
launchers=("$root/jbuild")
[ -n "${JBUILD_BEFORE:-}" ] && launchers+=("$JBUILD_BEFORE")
for jb in "${launchers[@]}"; do "$jb" build -q -t lintbench:warm "$work/ctx" >/dev/null; done
for _ in $(seq 1 120); do
  locks=0
  for jb in "${launchers[@]}"; do compgen -G "$(dirname "$jb")/builder-cli/target/jbuild-*.lock" >/dev/null && locks=1; done
  [ $locks = 0 ] && break
  sleep 1
done

timed() { # timed OUT CMD...: appends "wall_ms cpu_ms" of one run to OUT
  local out=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$work/t" "$@" >/dev/null 2>&1 || true
  awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$work/t" >> "$out"
}
for _ in $(seq 1 "$runs"); do
  timed "$work/jbuild" "$root/jbuild" lint --no-fail "${files[@]}"
  [ -n "${JBUILD_BEFORE:-}" ] && timed "$work/before" "$JBUILD_BEFORE" lint --no-fail "${files[@]}"
  timed "$work/node" node "$node_dir/lint.js" "${files[@]}"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
col() { cut -d' ' -f"$2" "$1" | median; }
jw=$(col "$work/jbuild" 1); jc=$(col "$work/jbuild" 2); nw=$(col "$work/node" 1); nc=$(col "$work/node" 2)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
echo "${#files[@]} Dockerfiles, $runs runs, medians in ms"
printf '%-26s %8s %8s\n' tool wall cpu
printf '%-26s %8s %8s\n' "jbuild lint" "$jw" "$jc"
if [ -n "${JBUILD_BEFORE:-}" ]; then
  bw=$(col "$work/before" 1); bc=$(col "$work/before" 2)
  printf '%-26s %8s %8s\n' "jbuild lint (before)" "$bw" "$bc"
fi
printf '%-26s %8s %8s\n' "dockerfile-utils $version" "$nw" "$nc"
printf '%-26s %8s %8s\n' "jbuild / node" "$(ratio "$jw" "$nw")" "$(ratio "$jc" "$nc")"
[ -n "${JBUILD_BEFORE:-}" ] && printf '%-26s %8s %8s\n' "before / node" "$(ratio "$bw" "$nw")" "$(ratio "$bc" "$nc")"
exit 0
