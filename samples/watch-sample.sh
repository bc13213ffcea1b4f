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
export NUGET_PACKAGES="$repo/samples/.packages"   # never a stale copy from the global package cache
rm -rf "$NUGET_PACKAGES/devloop.build" "$NUGET_PACKAGES/devloop.tool" "$repo/samples/.tools"

# Each commit packs a version of its own (Nerdbank.GitVersioning); pack says which it made.
version=$(dotnet pack "$repo/src/DevLoop.Build.Tasks" -c Release -nologo -v:q -getProperty:PackageVersion | tail -n 1)
tool_version=$(dotnet pack "$repo/src/DevLoop.Cli" -c Release -nologo -v:q -getProperty:PackageVersion | tail -n 1)
if [ -z "$version" ] || [ "$version" != "$tool_version" ]; then
  echo "watch-sample.sh: packing gave DevLoop.Build '$version' and DevLoop.Tool '$tool_version'; expected one version." >&2
  exit 1
fi
dotnet tool install DevLoop.Tool --version "$version" --tool-path "$repo/samples/.tools" --add-source "$repo/nuget" >/dev/null
echo "DevLoop $version"
case "$version" in *-nogit) echo "(this clone has no git history, so every pack is $version: 'git fetch --unshallow' gives each commit its version)";; esac

# A folder with one project watches it; one with a solution (samples/Shop/Shop.slnx) watches its services.
# The samples reference DevLoop.Build at the version just packed.
exec "$repo/samples/.tools/dotnet-devloop" watch --project "$repo/samples/$sample" -p:DevLoopVersion="$version" "$@"
