using System.Threading.Channels;
using DevLoop.Core.Watch;
using Microsoft.Extensions.FileSystemGlobbing;

namespace DevLoop.Cli.Watching;

/// <summary>Reports changed source files under the project folder that match the include and exclude globs.</summary>
internal sealed class SourceWatcher : IDisposable
{
    public static readonly string[] DefaultIncludes =
    {
        "**/*.cs", "**/*.fs", "**/*.vb", "**/*.razor", "**/*.cshtml", "**/*.json", "**/*.xml", "**/*.config",
        "**/*.resx", "**/*.csproj", "**/*.fsproj", "**/*.props", "**/*.targets", "wwwroot/**",
    };

    public static readonly string[] DefaultExcludes = { "bin/**", "obj/**", "**/.*/**", "**/node_modules/**", "Properties/launchSettings.json" };

    private readonly FileSystemWatcher _watcher;
    private readonly Matcher _matcher;
    private readonly string _root;
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>();

    public SourceWatcher(string root, IEnumerable<string> includes, IEnumerable<string> excludes)
    {
        _root = Path.GetFullPath(root);
        _matcher = new Matcher(StringComparison.Ordinal);
        _matcher.AddIncludePatterns(includes);
        _matcher.AddExcludePatterns(excludes);
        _watcher = new FileSystemWatcher(_root) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName };
        _watcher.Changed += (_, e) => Offer(e.FullPath);
        _watcher.Created += (_, e) => Offer(e.FullPath);
        _watcher.Deleted += (_, e) => Offer(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            Offer(e.OldFullPath);
            Offer(e.FullPath);
        };
        _watcher.Error += (_, e) => _changes.Writer.TryWrite("*overflow*");
        _watcher.EnableRaisingEvents = true;
    }

    public ChannelReader<string> Changes => _changes.Reader;

    /// <summary>Whether a path relative to the project folder is watched.</summary>
    public bool IsWatched(string relative) =>
        !EditorNoise.IsNoise(relative) && _matcher.Match(relative).HasMatches;

    public void Dispose() => _watcher.Dispose();

    private void Offer(string fullPath)
    {
        var relative = Path.GetRelativePath(_root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
        if (IsWatched(relative))
        {
            _changes.Writer.TryWrite(relative);
        }
    }

    public static IEnumerable<string> SplitList(string value, IEnumerable<string> defaults) =>
        string.IsNullOrWhiteSpace(value) ? defaults : value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
