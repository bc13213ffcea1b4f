using DevLoop.Core.Watch;

namespace DevLoop.Core.Tests.Watch;

/// <summary>The watch list of a web app in /repo/src/Shop that references a class library in /repo/src/Lib, as the targets return it.</summary>
internal static class WatchLists
{
    public const string Shop = "/repo/src/Shop";
    public const string Lib = "/repo/src/Lib";

    public static WatchFileSet ShopWithLib(params string[] extraFiles) => WatchFileSet.FromItems(new[]
        {
            new WatchItem($"{Shop}/Program.cs", WatchItemKind.File),
            new WatchItem($"{Shop}/appsettings.json", WatchItemKind.File),
            new WatchItem($"{Shop}/wwwroot/site.css", WatchItemKind.File),
            new WatchItem($"{Shop}/Shop.csproj", WatchItemKind.Project),
            new WatchItem("/repo/Directory.Build.props", WatchItemKind.Project),
            new WatchItem(Shop, WatchItemKind.Folder, $"{Shop}/bin/", $"{Shop}/obj/"),
            new WatchItem($"{Lib}/Greeting.cs", WatchItemKind.File),
            new WatchItem($"{Lib}/Lib.csproj", WatchItemKind.Project),
            new WatchItem("/repo/Directory.Build.props", WatchItemKind.Project),
            new WatchItem(Lib, WatchItemKind.Folder, "/repo/artifacts/bin/Lib/", $"{Lib}/obj/"),
        }
        .Concat(extraFiles.Select(f => new WatchItem(f, WatchItemKind.File))));
}
