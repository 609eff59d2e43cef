#!/usr/bin/env bash
# Whole-process benchmark: PortHunter's `overview` against tcpdump and tshark on one capture, and
# beside the performance issue's two yardsticks (bench/yardstick: a C and a Java loop that only
# count SYNs per source) when the file is a little-endian microsecond Ethernet pcap.
#
#   bench/bench.sh [--java PATH] [--runs N] [--skip-baselines]
#                  [--packets N] [--seed S] [FILE]
#
# Without FILE, a synthetic pcap of --packets packets (default 10 000 000) is generated into
# bench-out/ (reused when it already exists). Every tool runs --runs times (default 1); the best
# wall time is kept, with the peak RSS of that run (from /usr/bin/time). JVM start-up is included
# in PortHunter's time on purpose: it is what a user waits for.
# Progress goes to stderr; stdout gets a markdown report that can be pasted into the README.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="$ROOT/bench-out"
JAVA="java"
RUNS=1
SKIP_BASELINES=0
PACKETS=10000000
SEED=42
FILE=""
PORTHUNTER_HEAP="-Xmx256m"

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --java) JAVA="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --skip-baselines) SKIP_BASELINES=1; shift ;;
    --packets) PACKETS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [[ -z "$FILE" ]] || usage; FILE="$1"; shift ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--runs needs a positive integer" >&2; exit 2; }

log() { echo "bench: $*" >&2; }

# apt-get install, non-interactive; tshark must not ask about (or install) setuid dumpcap.
apt_install() {
  local sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || { log "need root or sudo to install $*"; return 1; }
    sudo="sudo"
  fi
  log "installing $* with apt-get"
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

need_time() {
  [[ -x /usr/bin/time ]] || apt_install time
}

generate() {
  mkdir -p "$OUT_DIR"
  FILE="$OUT_DIR/synthetic-${PACKETS}-s${SEED}.pcap"
  if [[ -s "$FILE" ]]; then
    log "reusing $FILE"
    return
  fi
  local cp_file="$ROOT/target/bench-classpath.txt"
  log "compiling the generator (mvn test-compile) ..."
  (cd "$ROOT" && mvn -q -o test-compile dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >&2)
  log "generating $PACKETS packets into $FILE ..."
  "$JAVA" -cp "$ROOT/target/test-classes:$(cat "$cp_file")" io.porthunter.bench.SyntheticCaptureGenerator \
      --packets "$PACKETS" --seed "$SEED" --format pcap "$FILE" >&2
}

# measure NAME COMMAND...: runs COMMAND (stdout discarded) $RUNS times; sets BEST_S, BEST_RSS_KB, EXIT.
measure() {
  local name="$1"; shift
  local tfile errfile
  tfile="$(mktemp)"; errfile="$(mktemp)"
  BEST_S=""; BEST_RSS_KB=""; EXIT=0
  for ((run = 1; run <= RUNS; run++)); do
    local t0 t1 s rss
    t0=$(date +%s%N)
    if /usr/bin/time -f '%M' -o "$tfile" "$@" >/dev/null 2>"$errfile"; then EXIT=0; else EXIT=$?; fi
    t1=$(date +%s%N)
    if [[ $EXIT -ne 0 ]]; then
      log "$name failed with exit $EXIT; last lines of its stderr:"
      tail -n 5 "$errfile" >&2
      break
    fi
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    rss=$(tail -n 1 "$tfile")
    log "$name run $run/$RUNS: ${s} s, peak RSS $((rss / 1024)) MB"
    if [[ -z "$BEST_S" ]] || awk -v x="$s" -v y="$BEST_S" 'BEGIN { exit !(x < y) }'; then
      BEST_S="$s"; BEST_RSS_KB="$rss"
    fi
  done
  rm -f "$tfile" "$errfile"
}

# Waits (up to a minute) while the launcher is still recording or making a start-up archive in target/cds.
wait_for_archive() {
  local waited=0
  while compgen -G "$ROOT/target/cds/*.tmp*" >/dev/null && [[ $waited -lt 600 ]]; do
    sleep 0.1
    waited=$((waited + 1))
  done
}

ROWS=()
PH_S=""
add_row() { # add_row TOOL (uses BEST_S, BEST_RSS_KB, EXIT)
  local tool="$1"
  if [[ $EXIT -ne 0 || -z "$BEST_S" ]]; then
    ROWS+=("| $tool | failed (exit $EXIT) | | | | |")
    return
  fi
  local pps mbps rss_mb ratio
  pps=$(awk -v n="$TOTAL_PACKETS" -v s="$BEST_S" 'BEGIN { printf "%.0f", n / s }')
  mbps=$(awk -v b="$FILE_BYTES" -v s="$BEST_S" 'BEGIN { printf "%.1f", b / 1e6 / s }')
  rss_mb=$(awk -v k="$BEST_RSS_KB" 'BEGIN { printf "%.0f", k / 1024 }')
  if [[ -n "$PH_S" && "$tool" != PortHunter* ]]; then
    ratio=$(awk -v b="$BEST_S" -v p="$PH_S" 'BEGIN { printf "%.2fx", b / p }')
  else
    ratio="—"
  fi
  ROWS+=("| $tool | $BEST_S | $pps | $mbps | $rss_mb | $ratio |")
}

need_time
[[ -n "$FILE" ]] || generate
[[ -r "$FILE" ]] || { echo "cannot read $FILE" >&2; exit 1; }
need capinfos tshark

FILE_BYTES=$(stat -L -c %s "$FILE")
# The CLI keeps the size limit (50 MB by default); the bench file is meant to be read whole.
export PORT_HUNTER_MAX_PCAP_MB=$(( FILE_BYTES / 1048576 + 1 ))
TOTAL_PACKETS=$(capinfos -M -c -r -T "$FILE" | awk -F'\t' 'NF { print $2; exit }')
JAVA_VERSION=$("$JAVA" -version 2>&1 | head -n 1)
log "$FILE: $FILE_BYTES bytes, $TOTAL_PACKETS packets"

# PortHunter runs as users run it: through the launcher (which builds the jar when it is stale and
# keeps a class-data-sharing archive per JDK). A first run on the bundled sample creates that
# archive, as anyone's first run does. On JDK 25 and later the launcher turns what that run recorded
# into an AOT cache in the background after it exits; the timed runs wait for that to end, else the
# first of them shares the cores with it (and ran 2 s slower).
# Options the caller set (e.g. -XX:TieredStopAtLevel=4) come after the heap and are named in the row.
EXTRA_OPTS="${PORTHUNTER_JAVA_OPTS:-}"
export JAVA PORTHUNTER_JAVA_OPTS="$PORTHUNTER_HEAP${EXTRA_OPTS:+ $EXTRA_OPTS}"
"$ROOT/porthunter" overview "$ROOT/samples/d19_mixed_syn_masscan_benign.pcapng" >/dev/null
wait_for_archive
measure PortHunter "$ROOT/porthunter" overview "$FILE"
[[ $EXIT -ne 0 ]] || PH_S="$BEST_S"
add_row "PortHunter \`overview\` ($PORTHUNTER_JAVA_OPTS, JVM start included)"

# The yardsticks time walking the file's records and nothing else (the issue's "minimal C program"
# and "minimal hand-written Java loop"): on a noisy VM their time in the same sitting says more about
# the machine's hour than any earlier run. They read classic little-endian Ethernet pcap only.
YARDSTICKS=0
if [[ "$(od -An -tx1 -N24 "$FILE" | tr -d ' \n')" =~ ^d4c3b2a1.{32}01000000$ ]]; then
  YARDSTICKS=1
  mkdir -p "$ROOT/target/yardstick"
  if need cc gcc; then
    cc -O2 -o "$ROOT/target/yardstick/syn_count" "$ROOT/bench/yardstick/syn_count.c"
    measure "C yardstick" "$ROOT/target/yardstick/syn_count" "$FILE"
    add_row "yardstick: C loop, mmap, SYNs per source"
  else
    log "C yardstick skipped: no C compiler"
  fi
  "$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac" -d "$ROOT/target/yardstick" \
      "$ROOT/bench/yardstick/SynCount.java"
  measure "Java yardstick" "$JAVA" -cp "$ROOT/target/yardstick" SynCount "$FILE"
  add_row "yardstick: Java loop, mmap, SYNs per source"
else
  log "yardsticks skipped: they read classic little-endian microsecond Ethernet pcap only"
fi

if [[ $SKIP_BASELINES -eq 0 ]]; then
  need tcpdump tcpdump
  need tshark tshark
  measure tcpdump tcpdump -nS -r "$FILE"
  add_row "tcpdump -nS -r"
  measure tshark tshark -r "$FILE" -T fields -e frame.number -e ip.src -e tcp.flags
  add_row "tshark -T fields (frame.number, ip.src, tcp.flags)"
fi

cat <<EOF
### Whole-process benchmark

- file: \`$(basename "$FILE")\`, $(awk -v b="$FILE_BYTES" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $TOTAL_PACKETS packets
- machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); Java: $JAVA_VERSION
- best of $RUNS run(s); peak RSS of that run from \`/usr/bin/time\`; stdout of every tool discarded

| tool | seconds | packets/s | MB/s | peak RSS (MB) | PortHunter speed-up |
|---|---:|---:|---:|---:|---:|
EOF
printf '%s\n' "${ROWS[@]}"
echo
echo "PortHunter speed-up = tool seconds / PortHunter seconds (above 1: PortHunter is faster)."
if [[ $YARDSTICKS -eq 1 ]]; then
  echo "The yardsticks only count SYNs per source: the cost of walking the records, not an analysis."
fi
