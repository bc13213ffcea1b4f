#!/usr/bin/env bash
# The main job, from a fresh clone: pack DevLoop into nuget/, install the tool next to the repo and
# run `dotnet devloop watch` on samples/HelloWeb (local target: no container engine needed).
# Open http://127.0.0.1:5180, edit samples/HelloWeb/Program.cs, save, reload. Ctrl+C stops.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's:.*<DevLoopVersion>\(.*\)</DevLoopVersion>.*:\1:p' "$repo/Directory.Build.props")
export NUGET_PACKAGES="$repo/samples/.packages"   # never a stale copy from the global package cache
rm -rf "$NUGET_PACKAGES/devloop.build" "$NUGET_PACKAGES/devloop.tool" "$repo/samples/.tools"

dotnet pack "$repo/src/DevLoop.Build.Tasks" -c Release -nologo -v:q
dotnet pack "$repo/src/DevLoop.Cli" -c Release -nologo -v:q
dotnet tool install DevLoop.Tool --version "$version" --tool-path "$repo/samples/.tools" --add-source "$repo/nuget" >/dev/null

exec "$repo/samples/.tools/dotnet-devloop" watch --project "$repo/samples/HelloWeb" "$@"
