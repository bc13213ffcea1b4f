namespace DevLoop.Testing;

/// <summary>One run of a fault scenario, as the suite judges it.</summary>
/// <param name="Found">What the target holds after the fault (once a killed or restarted container is back).</param>
/// <param name="Message">What the user saw from the sync the fault hit: its error (code and text), its warnings, or that it synced.</param>
/// <param name="MessageTrue">Whether that message agrees with what the target holds (the scenario's judgement).</param>
/// <param name="Lost">Something the user had is gone: a sync reported done that the target lacks, or a file the container had beside the app.</param>
/// <param name="NextSyncOk">The next sync, as the user would run it again, ends with v2 whole and served (or, where the fault stays, the same true message).</param>
public sealed record FaultOutcome(VersionFound Found, string Message, bool MessageTrue, bool Lost, bool NextSyncOk);
