using System.Reflection;
using DevLoop.Core.Errors;
using DevLoop.Targets.Settings;

namespace DevLoop.Targets.Tests.Settings;

public sealed class SettingsTableTests
{
    private static readonly Dictionary<string, string?> Required = new()
    {
        ["DevLoopStateDir"] = "/p/obj/devloop/",
        ["TargetDir"] = "/p/bin/Debug/net10.0/",
    };

    public static TheoryData<string> AllProperties()
    {
        var data = new TheoryData<string>();
        foreach (var setting in SettingsTable.All)
        {
            data.Add(setting.Property);
        }

        return data;
    }

    [Fact]
    public void The_table_lists_every_setting_once_with_a_description()
    {
        var declared = typeof(SettingsTable).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(Setting).IsAssignableFrom(f.FieldType))
            .Select(f => (Setting)f.GetValue(null)!)
            .ToList();

        Assert.Equal(declared.Count, SettingsTable.All.Count);
        Assert.All(declared, s => Assert.Contains(s, SettingsTable.All));
        Assert.Equal(SettingsTable.All.Count, SettingsTable.All.Select(s => s.Property).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(SettingsTable.All, s => Assert.False(string.IsNullOrWhiteSpace(s.Description), s.Property));
    }

    [Theory]
    [MemberData(nameof(AllProperties))]
    public void A_blank_value_is_the_same_as_none(string property)
    {
        if (Required.ContainsKey(property))
        {
            return;
        }

        var blank = DevLoopSettings.From(new Dictionary<string, string?>(Required) { [property] = "  " });

        Assert.True(blank.SameTargetAs(DevLoopSettings.From(Required)), property);
        Assert.Equal(DevLoopSettings.From(Required).WatchInclude, blank.WatchInclude);
        Assert.Equal(DevLoopSettings.From(Required).WatchExclude, blank.WatchExclude);
    }

    [Fact]
    public void The_defaults_are_what_the_README_says()
    {
        var settings = DevLoopSettings.From(Required);

        Assert.Equal("local", settings.Target);
        Assert.Equal("/app", settings.AppDir);
        Assert.True(settings.Restart);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Kubernetes.ReadyTimeout);
        Assert.Equal("/app", settings.Kubernetes.AppDir);
        Assert.Null(settings.Container);
        Assert.Null(settings.Kubernetes.Context);
        Assert.Empty(settings.WatchInclude);
        Assert.Equal(Path.Combine("/p/obj/devloop/", "sync"), settings.SyncStateDir);
    }

    [Theory]
    [InlineData("DevLoopTarget", "Docker", "docker")]
    [InlineData("DevLoopTarget", " kubernetes ", "kubernetes")]
    [InlineData("DevLoopAppDir", "/srv/app", "/srv/app")]
    [InlineData("DevLoopReadyTimeout", "2.5", "00:00:02.5000000")]
    [InlineData("DevLoopReadyTimeout", "0", "00:00:00")]
    [InlineData("DevLoopRestart", "FALSE", "False")]
    [InlineData("DevLoopWatchInclude", "a/**;b/*.txt", "a/**|b/*.txt")]
    [InlineData("DevLoopContainer", "web", "web")]
    public void A_good_value_is_read(string property, string value, string expected)
    {
        var setting = SettingsTable.All.Single(s => s.Property == property);
        var read = setting switch
        {
            Setting<string> s => s.Read(Values(property, value)),
            Setting<bool> s => s.Read(Values(property, value)).ToString(),
            Setting<TimeSpan> s => s.Read(Values(property, value)).ToString(),
            Setting<IReadOnlyList<string>> s => string.Join("|", s.Read(Values(property, value))),
            _ => throw new InvalidOperationException(property),
        };

        Assert.Equal(expected, read);
    }

    [Theory]
    [InlineData("DevLoopTarget", "heroku", ErrorCodes.UnknownTarget, "local, docker, kubernetes")]
    [InlineData("DevLoopAppDir", "app", ErrorCodes.BadAppDir, "absolute path")]
    [InlineData("DevLoopAppDir", "/app/../etc", ErrorCodes.BadAppDir, "'..'")]
    [InlineData("DevLoopReadyTimeout", "soon", ErrorCodes.BadSetting, "number of seconds")]
    [InlineData("DevLoopReadyTimeout", "-1", ErrorCodes.BadSetting, "number of seconds")]
    [InlineData("DevLoopRestart", "maybe", ErrorCodes.BadSetting, "true or false")]
    public void A_bad_value_is_a_coded_error_naming_the_property_and_the_value(string property, string value, string code, string hint)
    {
        var error = Assert.Throws<DevLoopException>(() => DevLoopSettings.From(new Dictionary<string, string?>(Required) { [property] = value }));

        Assert.Equal(code, error.Code);
        Assert.Contains($"{property} '{value}'", error.Message);
        Assert.Contains(hint, error.Message);
    }

    [Theory]
    [InlineData("DevLoopStateDir")]
    [InlineData("TargetDir")]
    public void The_folders_DevLoop_Build_sets_are_required(string property)
    {
        var values = new Dictionary<string, string?>(Required);
        values.Remove(property);

        var error = Assert.Throws<DevLoopException>(() => DevLoopSettings.From(values));

        Assert.Equal(ErrorCodes.MissingTaskParameter, error.Code);
        Assert.Contains(property, error.Message);
    }

    [Fact]
    public void The_container_setting_serves_docker_and_kubernetes_alike()
    {
        var settings = DevLoopSettings.From(new Dictionary<string, string?>(Required) { ["DevLoopContainer"] = "api", ["DevLoopAppDir"] = "/srv" });

        Assert.Equal("api", settings.Container);
        Assert.Equal("api", settings.Kubernetes.Container);
        Assert.Equal("/srv", settings.Kubernetes.AppDir);
    }

    [Fact]
    public void Only_settings_that_decide_the_target_make_a_new_session()
    {
        var values = new Dictionary<string, string?>(Required) { ["DevLoopWatchExclude"] = "x/**" };

        Assert.True(DevLoopSettings.From(values).SameTargetAs(DevLoopSettings.From(values)));
        Assert.True(DevLoopSettings.From(values).SameTargetAs(DevLoopSettings.From(new Dictionary<string, string?>(values) { ["DevLoopWatchExclude"] = "y/**" })));
        Assert.False(DevLoopSettings.From(values).SameTargetAs(DevLoopSettings.From(new Dictionary<string, string?>(values) { ["DevLoopTarget"] = "docker" })));
        Assert.False(DevLoopSettings.From(values).SameTargetAs(DevLoopSettings.From(new Dictionary<string, string?>(values) { ["DevLoopReadyTimeout"] = "5" })));
    }

    private static Dictionary<string, string?> Values(string property, string value) => new(Required) { [property] = value };
}
