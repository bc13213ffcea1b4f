#!/usr/bin/env bash
# Builds the local test images from this machine's .NET runtime; nothing is pulled.
#   devloop-test/aspnet:latest    shaped like the stock ASP.NET images: /app owned by root, the `app`
#                                 user (UID 1654), sh, tar and coreutils
#   devloop-test/chiseled:latest  the same runtime with no shell and no tar
#   devloop-test/aspnet8:latest   .NET 8 and ASP.NET Core 8 only (no newer runtime), no shell
# Usage: build-test-images.sh [--force]
set -euo pipefail

force=${1:-}
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")

have() { docker image inspect "$1" >/dev/null 2>&1; }
if [ "$force" != "--force" ] && have devloop-test/aspnet:latest && have devloop-test/chiseled:latest && have devloop-test/aspnet8:latest; then
  echo "test images present"; exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

copy_with_libs() { # root, files...
  local root=$1; shift
  for f in "$@"; do
    mkdir -p "$root$(dirname "$f")"
    cp -aL "$f" "$root$f"
    ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
      [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
    done
  done
}

make_runtime_root() { # root
  local root=$1
  mkdir -p "$root/usr/share/dotnet/shared" "$root/usr/bin" "$root/etc" "$root/tmp" "$root/app" "$root/home/app"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$root/usr/share/dotnet/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$root/usr/share/dotnet/shared/"
  ln -s /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
  copy_with_libs "$root" "$dotnet_root/dotnet" $(find "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/host" -name '*.so')
  # Loaded with dlopen, so ldd does not list them: OpenSSL for System.Security.Cryptography.
  for lib in /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3 /usr/lib/aarch64-linux-gnu/libssl.so.3 /usr/lib/aarch64-linux-gnu/libcrypto.so.3; do
    [ -e "$lib" ] && copy_with_libs "$root" "$lib"
  done
  # libc's loader is named by an absolute path inside every binary.
  for loader in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
    [ -e "$loader" ] && { mkdir -p "$root$(dirname "$loader")"; cp -L "$loader" "$root$loader"; }
  done
  printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n' > "$root/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  chown 1654:1654 "$root/home/app"
}

import_image() { # root, name
  tar -C "$1" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1' \
    --change 'ENV APP_UID=1654' \
    --change 'ENV HOME=/home/app' \
    --change 'ENV ASPNETCORE_HTTP_PORTS=8080' \
    --change 'WORKDIR /app' \
    --change 'USER 1654' \
    - "$2" >/dev/null
  echo "built $2"
}

# A runtime folder holding only .NET 8 (ASP.NET Core 8), laid out from the runtime packs on NuGet. The
# dotnet muxer does not depend on the runtime version; hostfxr and hostpolicy come from the pack.
make_net8_root() { # root
  local root=$1 version=8.0.31 fetch="$work/net8-fetch" packages="$work/net8-packages"
  mkdir -p "$fetch"
  cat > "$fetch/fetch.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.NETCore.App.Runtime.linux-x64" Version="[$version]" />
    <PackageDownload Include="Microsoft.AspNetCore.App.Runtime.linux-x64" Version="[$version]" />
  </ItemGroup>
</Project>
PROJ
  NUGET_PACKAGES="$packages" dotnet restore "$fetch/fetch.csproj" -v:q >/dev/null
  local core="$packages/microsoft.netcore.app.runtime.linux-x64/$version/runtimes/linux-x64"
  local asp="$packages/microsoft.aspnetcore.app.runtime.linux-x64/$version/runtimes/linux-x64"
  mkdir -p "$root/usr/share/dotnet/host/fxr/$version" "$root/usr/share/dotnet/shared/Microsoft.NETCore.App/$version" \
           "$root/usr/share/dotnet/shared/Microsoft.AspNetCore.App/$version" "$root/usr/bin" "$root/etc" "$root/tmp" "$root/app" "$root/home/app"
  cp "$dotnet_root/dotnet" "$root/usr/share/dotnet/"
  cp "$core/native/libhostfxr.so" "$root/usr/share/dotnet/host/fxr/$version/"
  cp "$core/lib/net8.0/"* "$root/usr/share/dotnet/shared/Microsoft.NETCore.App/$version/"
  find "$core/native" -maxdepth 1 -type f ! -name libhostfxr.so -exec cp {} "$root/usr/share/dotnet/shared/Microsoft.NETCore.App/$version/" \;
  cp "$asp/lib/net8.0/"* "$root/usr/share/dotnet/shared/Microsoft.AspNetCore.App/$version/"
  ln -s /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
  copy_with_libs "$root" "$dotnet_root/dotnet" $(find "$root/usr/share/dotnet" -name '*.so')
  for lib in /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3; do
    [ -e "$lib" ] && copy_with_libs "$root" "$lib"
  done
  [ -e /lib64/ld-linux-x86-64.so.2 ] && { mkdir -p "$root/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"; }
  printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n' > "$root/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  chown 1654:1654 "$root/home/app"
}

net8="$work/net8"
make_net8_root "$net8"
import_image "$net8" devloop-test/aspnet8:latest

chiseled="$work/chiseled"
make_runtime_root "$chiseled"
import_image "$chiseled" devloop-test/chiseled:latest

stock="$work/stock"
make_runtime_root "$stock"
tools=()
for t in sh dash tar head find mv mkdir rm dirname cat ls sleep id env; do
  tools+=("$(readlink -f "$(command -v "$t")")")
done
copy_with_libs "$stock" "${tools[@]}"
for t in sh tar head find mv mkdir rm dirname cat ls sleep id env; do
  src=$(readlink -f "$(command -v "$t")")
  [ -e "$stock/bin/$t" ] || ln -s "$src" "$stock/bin/$t" 2>/dev/null || true
done
mkdir -p "$stock/bin"
[ -e "$stock/bin/sh" ] || ln -s "$(readlink -f "$(command -v dash)")" "$stock/bin/sh"
import_image "$stock" devloop-test/aspnet:latest
