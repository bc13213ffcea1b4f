using DevLoop.Core.Watch;
using static DevLoop.Core.Tests.Watch.WatchLists;

namespace DevLoop.Core.Tests.Watch;

public sealed class WatchFileSetTests
{
    [Fact]
    public void Holds_the_items_and_project_files_of_the_app_and_its_references_once_each()
    {
        var set = ShopWithLib();

        Assert.Equal(
            new[]
            {
                "/repo/Directory.Build.props", $"{Lib}/Greeting.cs", $"{Lib}/Lib.csproj",
                $"{Shop}/Program.cs", $"{Shop}/Shop.csproj", $"{Shop}/appsettings.json", $"{Shop}/wwwroot/site.css",
            },
            set.Files.Order(StringComparer.Ordinal));
        Assert.True(set.Contains($"{Lib}/Greeting.cs"));
        Assert.True(set.Contains($"{Shop}/sub/../Program.cs"));
        Assert.False(set.Contains($"{Shop}/Other.cs"));
        Assert.True(set.IsProjectFile("/repo/Directory.Build.props"));
        Assert.False(set.IsProjectFile($"{Shop}/Program.cs"));
    }

    [Fact]
    public void Project_folders_are_watched_whole_and_files_outside_them_by_their_own_folder()
    {
        var set = ShopWithLib("/repo/shared/Linked.cs");

        Assert.Equal(
            new[]
            {
                new WatchRoot("/repo", Recursive: false),
                new WatchRoot("/repo/shared", Recursive: false),
                new WatchRoot(Lib, Recursive: true),
                new WatchRoot(Shop, Recursive: true),
            },
            set.Roots());
    }

    [Fact]
    public void A_project_inside_another_projects_folder_is_covered_by_the_outer_watcher()
    {
        var set = WatchFileSet.FromItems(new[]
        {
            new WatchItem("/repo/App", WatchItemKind.Folder, "/repo/App/bin/", "/repo/App/obj/"),
            new WatchItem("/repo/App/Plugins/Plugin", WatchItemKind.Folder, "/repo/App/Plugins/Plugin/bin/", "/repo/App/Plugins/Plugin/obj/"),
            new WatchItem("/repo/App/Plugins/Plugin/Plugin.cs", WatchItemKind.File),
        });

        Assert.Equal(new[] { new WatchRoot("/repo/App", Recursive: true) }, set.Roots());
        Assert.Equal("/repo/App/Plugins/Plugin", set.FolderOf("/repo/App/Plugins/Plugin/New.cs")!.Path);
        Assert.Equal("/repo/App", set.FolderOf("/repo/App/Models/New.cs")!.Path);
        Assert.Null(set.FolderOf("/repo/Application/New.cs"));
    }

    [Theory]
    [InlineData(Shop + "/bin/Debug/net10.0/Shop.dll", true)]
    [InlineData(Shop + "/obj/Debug/net10.0/Shop.AssemblyInfo.cs", true)]
    [InlineData("/repo/artifacts/bin/Lib/debug/Lib.dll", true)]
    [InlineData(Lib + "/obj/project.assets.json", true)]
    [InlineData(Lib + "/bin/Notes.txt", false)] // Lib's output goes to artifacts/, so its bin/ is an ordinary folder
    [InlineData(Shop + "/binary/Data.cs", false)]
    [InlineData(Shop + "/Program.cs", false)]
    public void Knows_the_folders_the_builds_write_to(string path, bool output)
    {
        Assert.Equal(output, ShopWithLib().IsBuildOutput(path));
    }

    [Fact]
    public void The_difference_of_two_readings_is_the_files_that_joined_or_left()
    {
        var before = ShopWithLib($"{Lib}/Old.cs");
        var after = ShopWithLib($"{Lib}/New.cs");

        Assert.Equal(new[] { $"{Lib}/New.cs", $"{Lib}/Old.cs" }, before.Difference(after));
        Assert.Empty(before.Difference(ShopWithLib($"{Lib}/Old.cs")));
    }
}
