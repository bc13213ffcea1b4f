using DevLoop.Core.Watch;
using static DevLoop.Core.Tests.Watch.WatchLists;

namespace DevLoop.Core.Tests.Watch;

public sealed class WatchClassifierTests
{
    private const WatchDecision Both = WatchDecision.Build | WatchDecision.Reevaluate;

    private static readonly WatchClassifier Plain = new(Shop);

    [Theory]
    [InlineData(Shop + "/Program.cs", FileEventKind.Changed, WatchDecision.Build)]
    [InlineData(Lib + "/Greeting.cs", FileEventKind.Changed, WatchDecision.Build)] // a referenced library
    [InlineData(Shop + "/wwwroot/site.css", FileEventKind.Changed, WatchDecision.Build)]
    [InlineData(Shop + "/Program.cs", FileEventKind.Created, WatchDecision.Build)] // saved by rename
    [InlineData(Lib + "/Greeting.cs", FileEventKind.Deleted, Both)]
    [InlineData(Shop + "/Shop.csproj", FileEventKind.Changed, Both)]
    [InlineData(Lib + "/Lib.csproj", FileEventKind.Changed, Both)]
    [InlineData("/repo/Directory.Build.props", FileEventKind.Changed, Both)]
    [InlineData(Lib + "/Directory.Build.targets", FileEventKind.Created, Both)] // a new import in a project folder
    public void Items_and_project_files_build(string path, FileEventKind kind, WatchDecision expected)
    {
        Assert.Equal(expected, Plain.Classify(ShopWithLib(), path, kind));
    }

    [Theory]
    [InlineData(Lib + "/Farewell.cs", FileEventKind.Created)] // a Compile item by glob, once evaluated
    [InlineData(Shop + "/Models/Order.cs", FileEventKind.Created)]
    [InlineData(Shop + "/Models", FileEventKind.Created)] // a folder moved in with files
    [InlineData(Lib + "/Unlisted.txt", FileEventKind.Deleted)]
    public void Files_that_appear_in_or_leave_a_project_folder_ask_for_a_new_reading(string path, FileEventKind kind)
    {
        Assert.Equal(WatchDecision.Reevaluate, Plain.Classify(ShopWithLib(), path, kind));
    }

    [Theory]
    [InlineData(Shop + "/obj/Debug/net10.0/Shop.dll", FileEventKind.Created)]
    [InlineData(Shop + "/obj/project.assets.json", FileEventKind.Changed)]
    [InlineData(Shop + "/bin/Debug/net10.0/Shop.deps.json", FileEventKind.Deleted)]
    [InlineData("/repo/artifacts/bin/Lib/debug/Lib.dll", FileEventKind.Changed)]
    [InlineData(Shop + "/.Program.cs.swp", FileEventKind.Created)]
    [InlineData(Shop + "/Program.cs~", FileEventKind.Created)]
    [InlineData(Lib + "/4913", FileEventKind.Created)]
    [InlineData(Lib + "/Greeting.cs.tmp", FileEventKind.Deleted)]
    [InlineData(Shop + "/.git/index", FileEventKind.Created)]
    [InlineData(Shop + "/node_modules/left-pad/index.js", FileEventKind.Created)]
    [InlineData(Shop + "/Notes.txt", FileEventKind.Changed)] // not an item: only its creation matters
    [InlineData("/repo/README.md", FileEventKind.Created)] // beside Directory.Build.props, outside any project
    [InlineData("/elsewhere/Program.cs", FileEventKind.Changed)]
    public void Build_outputs_editor_files_and_unlisted_files_are_ignored(string path, FileEventKind kind)
    {
        Assert.Equal(WatchDecision.Ignore, Plain.Classify(ShopWithLib(), path, kind));
    }

    [Fact]
    public void The_users_globs_add_files_under_the_project_folder_and_take_any_away()
    {
        var classifier = new WatchClassifier(Shop, included: p => p.StartsWith("templates/", StringComparison.Ordinal), excluded: p => p.EndsWith(".json", StringComparison.Ordinal) || p.StartsWith("../Lib/", StringComparison.Ordinal));
        var set = ShopWithLib();

        Assert.Equal(WatchDecision.Build, classifier.Classify(set, $"{Shop}/templates/mail.txt", FileEventKind.Changed));
        Assert.Equal(WatchDecision.Ignore, classifier.Classify(set, $"{Shop}/appsettings.json", FileEventKind.Changed));
        Assert.Equal(WatchDecision.Ignore, classifier.Classify(set, $"{Lib}/Greeting.cs", FileEventKind.Changed));
        Assert.Equal(WatchDecision.Build, classifier.Classify(set, $"{Shop}/Program.cs", FileEventKind.Changed));
    }

    [Fact]
    public void Paths_are_reported_relative_to_the_app_folder()
    {
        Assert.Equal("Program.cs", Plain.Relative($"{Shop}/Program.cs"));
        Assert.Equal("../Lib/Greeting.cs", Plain.Relative($"{Lib}/Greeting.cs"));
    }

    [Fact]
    public void A_save_by_rename_or_a_temp_file_that_came_and_went_needs_no_new_reading()
    {
        var set = ShopWithLib();
        var onDisk = new HashSet<string> { $"{Lib}/Greeting.cs", $"{Shop}/Program.cs" };

        Assert.False(Plain.NeedsReevaluation(set, new[] { $"{Lib}/Greeting.cs", $"{Lib}/Greeting.cs___jb_tmp___" }, onDisk.Contains));
    }

    [Fact]
    public void A_new_file_a_lost_item_or_a_project_file_needs_a_new_reading()
    {
        var set = ShopWithLib();
        var onDisk = new HashSet<string> { $"{Shop}/Program.cs", $"{Lib}/Farewell.cs" };

        Assert.True(Plain.NeedsReevaluation(set, new[] { $"{Lib}/Farewell.cs" }, onDisk.Contains));
        Assert.True(Plain.NeedsReevaluation(set, new[] { $"{Lib}/Greeting.cs" }, onDisk.Contains));
        Assert.True(Plain.NeedsReevaluation(set, new[] { $"{Lib}/Lib.csproj" }, _ => true));
    }
}
