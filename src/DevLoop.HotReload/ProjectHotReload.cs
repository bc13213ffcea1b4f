namespace DevLoop.HotReload;

/// <summary>
/// One project's Hot Reload across its targets: which build each target runs (its baseline, by the
/// module's MVID), and for each save one compilation and one delta per baseline. A target whose
/// baseline is not known, or any doubt, makes the save a restart.
/// </summary>
public sealed class ProjectHotReload : IDisposable
{
    private readonly BuildCompilation _build;
    private readonly Dictionary<Guid, DeltaSession> _baselines = new();
    private readonly Dictionary<string, Guid> _running = new(StringComparer.Ordinal);

    public ProjectHotReload(BuildCompilation build)
    {
        _build = build;
    }

    /// <summary>Whether a save of these files (full paths) is for the compilation alone: existing sources it already reads.</summary>
    public bool Covers(IEnumerable<string> changedFiles)
    {
        var sources = _build.SourceFiles.ToHashSet(StringComparer.Ordinal);
        return changedFiles.All(f => sources.Contains(f) && File.Exists(f));
    }

    /// <summary>
    /// The targets now run this DLL and PDB (they were restarted with it, or found running it). When
    /// the sources on disk are no longer the ones it was built from, the targets are left without a
    /// baseline and the next save restarts them.
    /// </summary>
    /// <param name="readSource">The sources the build read (<see cref="SourcesNow"/> taken before it ran), so that saves during the build do not spoil its baseline.</param>
    public void Running(IEnumerable<string> targets, string assemblyPath, string pdbPath, Func<string, byte[]> readSource)
    {
        var keys = targets.ToList();
        foreach (var key in keys)
        {
            _running.Remove(key);
        }

        var session = DeltaSession.Open(_build, assemblyPath, pdbPath, readSource);
        if (_baselines.TryGetValue(session.ModuleId, out var same))
        {
            // The same build again: its session has the edits already applied to the others; these targets run the build itself.
            session.Dispose();
            _baselines.Remove(same.ModuleId);
            same.Dispose();
            foreach (var other in _running.Where(r => r.Value == same.ModuleId).Select(r => r.Key).ToList())
            {
                _running.Remove(other);
            }

            session = DeltaSession.Open(_build, assemblyPath, pdbPath, readSource);
        }

        _baselines[session.ModuleId] = session;
        foreach (var key in keys)
        {
            _running[key] = session.ModuleId;
        }

        DropUnused();
    }

    /// <summary>The bytes of every source the compilation reads, as they are now (before a build starts).</summary>
    public Func<string, byte[]> SourcesNow()
    {
        var sources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in _build.SourceFiles)
        {
            try
            {
                sources[path] = File.ReadAllBytes(path);
            }
            catch (IOException)
            {
                // Gone or being written: read when needed, and the PDB's checksums judge it.
            }
        }

        return path => sources.TryGetValue(path, out var bytes) ? bytes : File.ReadAllBytes(path);
    }

    /// <summary>Whether DevLoop knows which build the target runs.</summary>
    public bool Knows(string target) => _running.ContainsKey(target);

    /// <summary>These targets run something DevLoop has no baseline for (a refused delta, a replaced app).</summary>
    public void Unknown(IEnumerable<string> targets)
    {
        foreach (var key in targets)
        {
            _running.Remove(key);
        }

        DropUnused();
    }

    /// <summary>
    /// The save as deltas for the targets' baselines, or why not. Emitting moves a baseline on, so
    /// after a restart (or any result that is not applied everywhere) the targets it left behind
    /// must be given a baseline again (<see cref="Running"/>).
    /// </summary>
    public HotReloadPlan Update(IReadOnlyCollection<string> targets, Func<string, byte[]> readSource)
    {
        var unknown = targets.FirstOrDefault(t => !_running.ContainsKey(t));
        if (unknown is not null)
        {
            return HotReloadPlan.Restart("DevLoop does not know which build a target runs, so it cannot compute a delta for it");
        }

        var next = _build.Compile(readSource);
        var deltas = new List<(ModuleUpdate Update, IReadOnlyList<string> Targets)>();
        var edits = 0;
        foreach (var group in targets.GroupBy(t => _running[t]))
        {
            var result = _baselines[group.Key].Update(next);
            if (result.CompileErrors.Count > 0)
            {
                return HotReloadPlan.Errors(result.CompileErrors);
            }

            if (result.RestartReason is { } reason)
            {
                ForgetAll();
                return HotReloadPlan.Restart(reason);
            }

            if (result.Update is { } update)
            {
                deltas.Add((update, group.ToList()));
                edits = Math.Max(edits, result.EditCount);
            }
        }

        return deltas.Count == 0 ? HotReloadPlan.NothingChanged : HotReloadPlan.Deltas(deltas, edits);
    }

    public void Dispose() => ForgetAll();

    private void ForgetAll()
    {
        foreach (var session in _baselines.Values)
        {
            session.Dispose();
        }

        _baselines.Clear();
        _running.Clear();
    }

    private void DropUnused()
    {
        foreach (var unused in _baselines.Keys.Where(id => !_running.ContainsValue(id)).ToList())
        {
            _baselines[unused].Dispose();
            _baselines.Remove(unused);
        }
    }
}

/// <summary>A save as Hot Reload: deltas (each for the targets of one baseline), nothing, a restart (and why), or compile errors.</summary>
public sealed record HotReloadPlan(
    IReadOnlyList<(ModuleUpdate Update, IReadOnlyList<string> Targets)> Updates,
    int EditCount,
    string? RestartReason,
    IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> CompileErrors)
{
    public static readonly HotReloadPlan NothingChanged = new(Array.Empty<(ModuleUpdate, IReadOnlyList<string>)>(), 0, null, Array.Empty<Microsoft.CodeAnalysis.Diagnostic>());

    public static HotReloadPlan Deltas(IReadOnlyList<(ModuleUpdate, IReadOnlyList<string>)> updates, int edits) => new(updates, edits, null, Array.Empty<Microsoft.CodeAnalysis.Diagnostic>());

    public static HotReloadPlan Restart(string reason) => new(Array.Empty<(ModuleUpdate, IReadOnlyList<string>)>(), 0, reason, Array.Empty<Microsoft.CodeAnalysis.Diagnostic>());

    public static HotReloadPlan Errors(IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> errors) => new(Array.Empty<(ModuleUpdate, IReadOnlyList<string>)>(), 0, null, errors);
}
