#!/usr/bin/env bash
# Time from the README's command, `dotnet run --project AppHost` (its build is a no-op after the first), to "All
# resources are healthy" (every resource healthy), median of N runs (default 3), on the default ports, each run
# stopped with SIGTERM afterwards. AppHost's per-resource lines ("<resource> healthy after N s (its process started at
# M s)") are printed for the median run, to show where the seconds go.
# Default: a fresh run folder per run (a first start: RabbitMQ creates its schema, identity its keys).
# --reuse-run-folder: one unmeasured first start, then N starts on the same folder, as the README's command does
# from the second start on (its data lives in .run/).
# --no-build: `dotnet run --no-build`, the start alone.
# Usage: benchmarks/startup/measure.sh [runs] [--reuse-run-folder] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=3
reuse=false
build_flag=""
for arg in "$@"; do
  case "$arg" in
    --reuse-run-folder) reuse=true ;;
    --no-build) build_flag="--no-build" ;;
    *) runs=$arg ;;
  esac
done
shared_dir=$(mktemp -d)

dotnet build AppHost -c Debug -v q -nologo >/dev/null
# One start to all healthy, stopped afterwards; prints the seconds it took.
start_once() {
  local run_folder=$1 log
  log=$(mktemp)
  local start end
  start=$(date +%s.%N)
  NO_COLOR=1 AppHost__RunDirectory="$run_folder" setsid dotnet run --project AppHost $build_flag >"$log" 2>&1 &
  local pid=$!
  until grep -q "All resources are healthy" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "AppHost exited:" >&2; tail -20 "$log" >&2; exit 1; fi
    sleep 0.05
  done
  end=$(date +%s.%N)
  # SIGTERM, not SIGINT: a background job inherits SIGINT as ignored, and .NET keeps it ignored.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  wait "$pid" || true
  # DCP goes on stopping the run's processes (RabbitMQ takes seconds and CPU) after AppHost has exited: the next start
  # must not overlap it, as no user's start does.
  for _ in $(seq 1 300); do
    pgrep -f "$run_folder" >/dev/null || pgrep -x dcp >/dev/null || break
    sleep 0.1
  done
  local elapsed
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
  grep -E "healthy after" "$log" | sed 's/^ *//' >"$shared_dir/lines-$elapsed"
  rm -f "$log"
  echo "$elapsed"
}

if $reuse; then
  printf 'first start (not measured): %.1f s\n' "$(start_once "$shared_dir/run")"
fi
times=()
for i in $(seq 1 "$runs"); do
  if $reuse; then folder="$shared_dir/run"; else folder="$shared_dir/run-$i"; fi
  elapsed=$(start_once "$folder")
  times+=("$elapsed")
  printf 'run %d: %.1f s to all healthy\n' "$i" "$elapsed"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2==1) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
[ -f "$shared_dir/lines-$median" ] && sed 's/^/  /' "$shared_dir/lines-$median"
rm -rf "$shared_dir"
printf 'median of %d runs: %.1f s\n' "$runs" "$median"
