#!/usr/bin/env bash
# The main job, from a fresh clone: pack DevLoop into nuget/, install the tool next to the repo and
# run `dotnet devloop watch` on a sample, on the local target (no container engine needed).
#   samples/watch-sample.sh        samples/HelloWeb: open http://127.0.0.1:5180, edit Program.cs, save, reload
#   samples/watch-sample.sh Shop   samples/Shop: two services (Orders on :5181, Billing on :5182) and the
#                                  Shared library both use; edit Shared/Prices.cs and both serve the change
# Further arguments go to watch (-v, -p:Name=Value). Ctrl+C stops.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sample=HelloWeb
if [ $# -gt 0 ] && [ -d "$repo/samples/$1" ]; then sample=$1; shift; fi
version=$(sed -n 's:.*<DevLoopVersion>\(.*\)</DevLoopVersion>.*:\1:p' "$repo/Directory.Build.props")
export NUGET_PACKAGES="$repo/samples/.packages"   # never a stale copy from the global package cache
rm -rf "$NUGET_PACKAGES/devloop.build" "$NUGET_PACKAGES/devloop.tool" "$repo/samples/.tools"

dotnet pack "$repo/src/DevLoop.Build.Tasks" -c Release -nologo -v:q
dotnet pack "$repo/src/DevLoop.Cli" -c Release -nologo -v:q
dotnet tool install DevLoop.Tool --version "$version" --tool-path "$repo/samples/.tools" --add-source "$repo/nuget" >/dev/null

# A folder with one project watches it; one with a solution (samples/Shop/Shop.slnx) watches its services.
exec "$repo/samples/.tools/dotnet-devloop" watch --project "$repo/samples/$sample" "$@"
