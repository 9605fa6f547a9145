#!/usr/bin/env bash
# The Maven edit loop of issue #19, jbuild-maven-plugin's build goal against jib-maven-plugin 3.5.2's buildTar:
# one line of a class changed between runs, `mvn -o package` timed, tools alternating. Prints medians (ms) of the
# image goal's own time (read off Maven's timestamped log: issue #19's rows compare the goals) and of the whole
# `mvn package`, and jbuild ÷ jib, for a warm store (the developer's loop) and for a fresh store holding only the
# base (a new CI runner; jib starts from empty caches). KEEP_WORK=1 keeps the work directory (its last.log).
#
#   bash bench/maven-loop/run.sh [runs]     (default 5; not part of the tests)
#
# The base is this machine's JDK (~260 MB) with busybox, built by jbuild as bench/jre-base:1 and saved as a docker
# archive (once per JDK, kept in bench/target/maven-loop-base), which jib reads as tar:// and jbuild loads. The
# plugin comes from maven-plugin's invoker repository (target/local-repo, made here with the setup IT: nothing is
# installed into ~/.m2); everything else from ~/.m2 through a file://
# mirror, offline. jib-maven-plugin 3.5.2 is fetched from Maven Central into ~/.m2 once if missing.
set -euo pipefail
runs=${1:-5}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
jdk="${BENCH_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
work="$(mktemp -d /tmp/jbuild-mvnloop.XXXXXX)"
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT

echo "preparing (plugin, jib, base image)..." >&2
(cd "$root" && mvn -B -o -q -Dstyle.color=never -pl maven-plugin -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dinvoker.test=setup-parent >/dev/null)
repo="$root/maven-plugin/target/local-repo"
if [ ! -d "$m2/com/google/cloud/tools/jib-maven-plugin/3.5.2" ]; then
  mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
    -Dartifact=com.google.cloud.tools:jib-maven-plugin:3.5.2 >/dev/null
fi
cat > "$work/settings.xml" <<XML
<settings><mirrors><mirror><id>outer</id><mirrorOf>*</mirrorOf><url>file://$m2</url></mirror></mirrors></settings>
XML
mvnq() { mvn -B -o -q -Dstyle.color=never -s "$work/settings.xml" -Dmaven.repo.local="$repo" -Daether.offline.protocols=file "$@"; }
# Timed runs log at INFO with timestamps, so the image goal's own time can be read off the log: from its
# "--- plugin:version:goal" line to the next line of Maven's own (the next goal or the build's end).
mvnt() {
  MAVEN_OPTS="${MAVEN_OPTS:-} -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS" \
    mvn -B -o -Dstyle.color=never -s "$work/settings.xml" -Dmaven.repo.local="$repo" -Daether.offline.protocols=file "$@"
}
goal_ms() {
  awk '
    function ms(t,  a) { split(t, a, /[:.]/); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 + a[4] }
    start == "" && / \[INFO\] --- (jbuild|jib)-maven-plugin:[^ ]*:(build|buildTar) / { start = ms($1); next }
    start != "" && / \[INFO\] (--- |-----)/ { d = ms($1) - start; print (d < 0 ? d + 86400000 : d); exit }
  ' "$1"
}

# The base: two layers, busybox and the JDK, saved as a docker archive for jib and loaded into a store of its own.
# The archive is made once per JDK and kept in bench/target/maven-loop-base (BENCH_CACHE to move it).
cache="${BENCH_CACHE:-$root/bench/target}/maven-loop-base"
key="$jdk $(stat -c %Y "$jdk/release" 2>/dev/null || echo 0) $(sha256sum /bin/busybox | cut -c1-16)"
if [ ! -f "$cache/base.tar" ] || [ "$(cat "$cache/key" 2>/dev/null)" != "$key" ]; then
  mkdir -p "$work/base" "$cache"
  cp -a "$jdk" "$work/base/jdk"
  cp /bin/busybox "$work/base/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY jdk /opt/java/openjdk\nENV JAVA_HOME=/opt/java/openjdk\n' \
    > "$work/base/Dockerfile"
  JBUILD_HOME="$work/make-base" "$root/jbuild" build -q -t bench/jre-base:1 "$work/base" >/dev/null
  JBUILD_HOME="$work/make-base" "$root/jbuild" save -o "$cache/base.tar.tmp" bench/jre-base:1
  mv "$cache/base.tar.tmp" "$cache/base.tar"
  echo "$key" > "$cache/key"
  rm -rf "$work/base" "$work/make-base"
fi
JBUILD_HOME="$work/base-store" "$root/jbuild" load -q -i "$cache/base.tar" >/dev/null
echo "base: archive $(du -sm "$cache/base.tar" | cut -f1) MB in $cache" >&2

cp -a "$here" "$work/proj"
rm -rf "$work/proj/target"
n=0
edit() { n=$((n + 1)); sed -i "s/\"hello [0-9]*\"/\"hello $n\"/" "$work/proj/src/main/java/bench/loop/Greeting.java"; }
# A timed run prints "WHOLE GOAL" (ms): all of `mvn package`, and the image goal alone (see mvnt).
ms() {
  local s e
  s=$(date +%s%N); "$@" > "$work/last.log" || { tail -30 "$work/last.log" >&2; return 1; }; e=$(date +%s%N)
  echo "$(((e - s) / 1000000)) $(goal_ms "$work/last.log")"
}
jbuild_pkg() { (cd "$work/proj" && mvnt package -Pjbuild -Djbuild.storeRoot="$1"); }
jib_pkg() { (cd "$work/proj" && mvnt package -Pjib -Dbase.tar="$cache/base.tar" -Djib.applicationCache="$1/app" \
  -Djib.baseImageCache="$1/base"); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

# Warm: one untimed build each first, then the loop.
cp -a "$work/base-store" "$work/warm-store"
edit; jbuild_pkg "$work/warm-store" >/dev/null
edit; jib_pkg "$work/jib-warm" >/dev/null
# Each timed run appends its whole and goal times to the arrays named NAME_whole and NAME_goal.
timed() {
  local name=$1 w g; shift
  read -r w g <<<"$(ms "$@")"
  eval "${name}_whole+=($w); ${name}_goal+=(${g:-0})"
}
for v in warm_jbuild warm_jib fresh_jbuild fresh_jib; do eval "${v}_whole=(); ${v}_goal=()"; done
for i in $(seq 1 "$runs"); do
  edit; timed warm_jbuild jbuild_pkg "$work/warm-store"
  edit; timed warm_jib jib_pkg "$work/jib-warm"
done
for i in $(seq 1 "$runs"); do
  rm -rf "$work/fresh-store" "$work/jib-fresh"
  cp -a "$work/base-store" "$work/fresh-store"
  edit; timed fresh_jbuild jbuild_pkg "$work/fresh-store"
  edit; timed fresh_jib jib_pkg "$work/jib-fresh"
done

row() {
  local a b
  a=$(printf '%s\n' "${@:2:$runs}" | median)
  b=$(printf '%s\n' "${@:$((runs + 2)):$runs}" | median)
  printf '%-40s %8s %8s %7s\n' "$1" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')"
}
# Issue #19's rows compare the image goals (jbuild's build, Jib's buildTar); the whole `mvn package` (compile,
# test, jar and the goal) is printed too.
printf '%-40s %8s %8s %7s\n' "median of $runs (ms)" jbuild jib ratio
row "warm store, one class changed" "${warm_jbuild_goal[@]}" "${warm_jib_goal[@]}"
row "fresh store holding only the base" "${fresh_jbuild_goal[@]}" "${fresh_jib_goal[@]}"
row "whole mvn package, warm store" "${warm_jbuild_whole[@]}" "${warm_jib_whole[@]}"
row "whole mvn package, fresh store" "${fresh_jbuild_whole[@]}" "${fresh_jib_whole[@]}"
