using DevLoop.Core.Watch;
using Microsoft.Extensions.FileSystemGlobbing;

namespace DevLoop.Cli.Watching;

/// <summary>DevLoopWatchInclude and DevLoopWatchExclude: ';'-separated globs relative to the project folder.</summary>
internal static class WatchGlobs
{
    public static WatchClassifier Classifier(string projectDir, string include, string exclude) =>
        new(projectDir, Predicate(include), Predicate(exclude));

    private static Func<string, bool>? Predicate(string globs)
    {
        var patterns = globs.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (patterns.Length == 0)
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(patterns);
        return relative => matcher.Match(relative).HasMatches;
    }
}
