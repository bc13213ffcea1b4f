#!/usr/bin/env bash
# The fault suite with every scenario run N times (default 10), printing the table the README shows.
# The test command runs the same scenarios twice each; this asks for more.
#   tests/run-faults.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
table=$(mktemp)
{
  echo "| Scenario | Runs | Whole version kept | Data lost | Corrupt or mixed | Hangs | Next sync works | Message the user saw |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$table"
export DEVLOOP_FAULT_RUNS=$runs DEVLOOP_FAULT_TABLE=$table
status=0
dotnet test tests/DevLoop.Faults.Tests -c Release -p:CI=true || status=1
dotnet test tests/DevLoop.EndToEnd.Tests -c Release -p:CI=true --filter "FullyQualifiedName~WatchFaultTests|FullyQualifiedName~ToolKilledFaultTests" || status=1
echo
echo "Fault suite: $runs runs a scenario, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -sr):"
cat "$table"
rm -f "$table"
exit $status
