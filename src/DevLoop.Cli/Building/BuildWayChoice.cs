namespace DevLoop.Cli.Building;

/// <summary>
/// Which way builds, and the one line that says so and why. <see cref="Refused"/>: DEVLOOP_BUILD=inproc
/// asked for a way that cannot work here (the reason says why).
/// </summary>
internal sealed record BuildWayChoice(BuildWay Way, string Reason, SdkInstance? Sdk = null, bool Refused = false);
