#!/usr/bin/env bash
# The fault campaign and the held load, longer than CI runs them, on the same Aspire test host as the suite.
# Every component is killed with SIGKILL in turn while orders flow; then 64 clients are held for 5 minutes.
# Tables (per fault: attempted / acknowledged / shipped / lost, kill to healthy, kill to first order shipped;
# orders per second and each service's RSS at start and end) are printed and kept in the test results folder.
# Usage: benchmarks/faults/run.sh [outage seconds (default 15)] [calm seconds (default 20)] [load seconds (default 300)]
set -euo pipefail
cd "$(dirname "$0")/../.."
export FAULT_CAMPAIGN_OUTAGE_SECONDS=${1:-15}
export FAULT_CAMPAIGN_CALM_SECONDS=${2:-20}
export LOAD_HELD_SECONDS=${3:-300}
results=$(mktemp -d)
dotnet build tests/TokenJourney.IntegrationTests -v q -nologo
dotnet test tests/TokenJourney.IntegrationTests --no-build \
  --filter "FullyQualifiedName~FaultCampaignTests|FullyQualifiedName~LoadHeldTests" \
  --logger "console;verbosity=detailed" --results-directory "$results" |
  grep -E '^\s*(\||[0-9]+ clients|Orders. store|Passed|Failed|Total)' || true
echo "results: $results"
