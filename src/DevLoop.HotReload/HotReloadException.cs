namespace DevLoop.HotReload;

/// <summary>The deltas cannot be computed at all (not one edit's refusal): watch builds and restarts instead.</summary>
public sealed class HotReloadException(string message) : Exception(message);
