namespace DevLoop.Targets.Providers;

/// <param name="Changed">Targets that carried DevLoop's changes.</param>
/// <param name="Failed">Of those, the ones that could not be reset (named in errors already logged).</param>
public sealed record ResetOutcome(int Changed, int Failed);
