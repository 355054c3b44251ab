#!/usr/bin/env bash
# Time from `dotnet run --project AppHost --no-build` to "All resources are running" (every resource healthy),
# median of N runs (default 3). Each run uses the default ports and a fresh persistent run folder, then Ctrl+C.
# Usage: benchmarks/startup/measure.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}

dotnet build AppHost -c Debug -v q -nologo >/dev/null
times=()
for i in $(seq 1 "$runs"); do
  run_dir=$(mktemp -d)
  log="$run_dir/apphost.log"
  start=$(date +%s.%N)
  NO_COLOR=1 AppHost__RunDirectory="$run_dir/run" setsid dotnet run --project AppHost --no-build >"$log" 2>&1 &
  pid=$!
  until grep -q "All resources are running" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "AppHost exited:"; tail -20 "$log"; exit 1; fi
    sleep 0.05
  done
  end=$(date +%s.%N)
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
  times+=("$elapsed")
  printf 'run %d: %.1f s to all healthy\n' "$i" "$elapsed"
  # SIGTERM, not SIGINT: a background job inherits SIGINT as ignored, and .NET keeps it ignored.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  wait "$pid" || true
  rm -rf "$run_dir"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2==1) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
printf 'median of %d runs: %.1f s\n' "$runs" "$median"
