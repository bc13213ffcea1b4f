using DevLoop.Core.Watch;
using Microsoft.Extensions.FileSystemGlobbing;

namespace DevLoop.Cli.Watching;

/// <summary>DevLoopWatchInclude and DevLoopWatchExclude (split by the settings table): globs relative to the project folder.</summary>
internal static class WatchGlobs
{
    public static WatchClassifier Classifier(string projectDir, IReadOnlyList<string> include, IReadOnlyList<string> exclude) =>
        new(projectDir, Predicate(include), Predicate(exclude));

    private static Func<string, bool>? Predicate(IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(patterns);
        return relative => matcher.Match(relative).HasMatches;
    }
}
