namespace DevLoop.Cli.Building;

internal sealed record BuildOutcome(bool Succeeded, int Errors, TimeSpan Elapsed);
