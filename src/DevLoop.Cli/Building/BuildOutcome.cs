namespace DevLoop.Cli.Building;

internal sealed record BuildOutcome(bool Succeeded, int Errors, TimeSpan Elapsed)
{
    /// <summary>The other services' projects made by the same build (watch builds what several services need at once).</summary>
    public IReadOnlyList<string> BuiltWith { get; init; } = Array.Empty<string>();
}
