using DevLoop.Compiler;

namespace DevLoop.HotReload;

/// <summary>
/// One project's Hot Reload across its targets: which build each target runs (its baseline, by the
/// module's MVID), and for each save one compilation and one delta per baseline. A target whose
/// baseline is not known, or any doubt, makes the save a restart. Safe to call from several threads:
/// a save is compiled ahead (<see cref="Prepare"/>) while watch waits for it to settle.
/// </summary>
public sealed class ProjectHotReload : IDisposable
{
    private readonly BuildCompilation _build;
    private readonly HashSet<string> _sourceSet;
    private readonly object _gate = new();

    // The compilation last worked out ahead, and how long that took (compile and every baseline's step).
    private (Microsoft.CodeAnalysis.CSharp.CSharpCompilation Next, TimeSpan Took)? _ahead;

    // Each target's baseline. Targets that run the same build from the same start share one; a
    // target that starts a build others have already taken deltas on gets a baseline of its own.
    private readonly Dictionary<string, DeltaSession> _running = new(StringComparer.Ordinal);

    public ProjectHotReload(BuildCompilation build)
    {
        _build = build;
        _sourceSet = build.SourceFiles.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether a save of these files (full paths) is for the compilation alone: existing sources, additional files and analyzer config it already reads.</summary>
    public bool Covers(IEnumerable<string> changedFiles) => WhyNotCovered(changedFiles) is null;

    /// <summary>
    /// Why a save of these files (full paths) is not for the compilation alone, or null when it is:
    /// a file that is not an existing source, additional file (a .razor file the Razor generator
    /// compiles is one) or analyzer config (.editorconfig) it reads, or another input that is not as
    /// it was when the compilation was made (a referenced project built by the IDE, say).
    /// </summary>
    public string? WhyNotCovered(IEnumerable<string> changedFiles)
    {
        var sources = _build.SourceFiles.Concat(_build.AdditionalFiles).Concat(_build.AnalyzerConfigFiles).ToHashSet(StringComparer.Ordinal);
        foreach (var file in changedFiles)
        {
            if (!sources.Contains(file))
            {
                return $"{Path.GetFileName(file)} is not a C# source the compilation reads";
            }

            if (!File.Exists(file))
            {
                return $"{Path.GetFileName(file)} was deleted";
            }
        }

        return _build.ChangedInput() is { } input ? BuildCompilation.DescribeChange(input) : null;
    }

    public IReadOnlyList<string> SourceFiles => _build.SourceFiles;

    /// <summary>Whether the compilation reads this file (full path) as a source; nothing on disk is looked at.</summary>
    public bool IsSource(string path) => _sourceSet.Contains(path);

    /// <summary>The bytes of every source the compilation reads, as they are now (before a build starts).</summary>
    public Func<string, byte[]> SourcesNow() => Snapshot(_build.SourceFiles.Concat(_build.EditedInputs));

    /// <summary>
    /// The bytes of these files as they are now; files that cannot be read now are read when asked
    /// for (the PDB's checksums then judge them).
    /// </summary>
    public static Func<string, byte[]> Snapshot(IEnumerable<string> files)
    {
        var sources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in files)
        {
            try
            {
                sources[path] = File.ReadAllBytes(path);
            }
            catch (IOException)
            {
                // Gone or being written.
            }
        }

        return path => sources.TryGetValue(path, out var bytes) ? bytes : File.ReadAllBytes(path);
    }

    /// <summary>The MVID of a built module, read from its file.</summary>
    public static Guid ModuleIdOf(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }

    /// <summary>
    /// Whether the build output (its PDB's document checksums) was compiled from these sources. A
    /// file saved while the compiler ran can leave an output older in content than in time, which
    /// the next incremental build would keep.
    /// </summary>
    public bool OutputHolds(string pdbPath, Func<string, byte[]> sources)
    {
        using var pdb = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(File.ReadAllBytes(pdbPath)));
        var files = _build.SourceFiles.Select(f => KeyValuePair.Create(f, sources(f)));
        return SourceChecksums.Differing(pdb.GetMetadataReader(), files) is null;
    }

    /// <summary>
    /// Whether every additional file and analyzer config holds now what <paramref name="before"/>
    /// read (the sources before the build or emit): unlike sources, they are not in the PDB's checksums.
    /// </summary>
    public bool OtherInputsHold(Func<string, byte[]> before)
    {
        foreach (var path in _build.EditedInputs)
        {
            var (then, now) = (TryRead(before, path), TryRead(File.ReadAllBytes, path));
            if (then is null || now is null ? then != now : !then.AsSpan().SequenceEqual(now))
            {
                return false;
            }
        }

        return true;

        static byte[]? TryRead(Func<string, byte[]> read, string path)
        {
            try
            {
                return read(path);
            }
            catch (IOException)
            {
                // Gone, or being written: read as not there.
                return null;
            }
        }
    }

    /// <summary>Makes the next build compile again: its compiler output is dated long ago.</summary>
    public void MarkOutputStale()
    {
        if (_build.OutputPath is { } output && File.Exists(output))
        {
            File.SetLastWriteTimeUtc(output, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }
    }

    /// <summary>
    /// These references were written anew (a referenced project emitted in process): the compilation
    /// reads them again. No target's baseline stands: they run the old ones until they restart.
    /// </summary>
    public void RefreshReferences(IReadOnlyCollection<string> paths)
    {
        lock (_gate)
        {
            if (_build.RefreshReferences(paths))
            {
                _ahead = null;
                ForgetAll();
            }
        }
    }

    /// <summary>Whether DevLoop knows which build the target runs.</summary>
    public bool Knows(string target)
    {
        lock (_gate)
        {
            return _running.ContainsKey(target);
        }
    }

    /// <summary>
    /// The targets have just started this DLL and PDB (restarted with it, or found running it). When
    /// the sources are not the ones it was built from (the PDB's checksums), the targets are left
    /// without a baseline and the next save restarts them.
    /// </summary>
    /// <param name="readSource">The sources the build read (<see cref="SourcesNow"/> taken before it ran), so that saves during the build do not spoil its baseline.</param>
    public void Running(IEnumerable<string> targets, string assemblyPath, string pdbPath, Func<string, byte[]> readSource)
    {
        var keys = targets.ToList();
        var moduleId = ModuleIdOf(assemblyPath);
        lock (_gate)
        {
            Forget(keys);

            // A session with the running module's baseline, when its compilation has the options the
            // build has now (a saved .editorconfig changes them, not always the bytes); the compile
            // reads the config as the build did (nothing is compiled again when nothing changed).
            var options = _build.Compile(readSource).Options;
            var session = _running.Values.FirstOrDefault(s => s.ModuleId == moduleId && s.Generation == 0 && s.RunningOptions.Equals(options))
                ?? DeltaSession.Open(_build, assemblyPath, pdbPath, readSource);
            foreach (var key in keys)
            {
                _running[key] = session;
            }
        }
    }

    /// <summary>Compiles the compiler's own code (JIT) on a made-up edit, nothing kept, so the first save is as quick as the next ones.</summary>
    public void WarmUp()
    {
        lock (_gate)
        {
            _build.Compile(File.ReadAllBytes);
            _running.Values.FirstOrDefault()?.WarmUp();
        }
    }

    /// <summary>
    /// Works out the save of the sources as they are now for every baseline, changing nothing, so
    /// that an <see cref="Update"/> that finds the same sources takes it as it is. Called while a
    /// save settles: the compile is done by the time the save is due.
    /// </summary>
    public void Prepare(Func<string, byte[]> readSource)
    {
        lock (_gate)
        {
            if (_running.Count == 0)
            {
                return;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var next = _build.Compile(readSource);
            foreach (var session in _running.Values.Distinct())
            {
                session.Prepare(next);
            }

            _ahead = (next, watch.Elapsed);
        }
    }

    /// <summary>These targets run something DevLoop has no baseline for (a refused delta, a replaced app).</summary>
    public void Unknown(IEnumerable<string> targets)
    {
        lock (_gate)
        {
            Forget(targets);
        }
    }

    private void Forget(IEnumerable<string> targets)
    {
        foreach (var key in targets)
        {
            if (_running.Remove(key, out var session) && !_running.ContainsValue(session))
            {
                session.Dispose();
            }
        }
    }

    /// <summary>
    /// The save as deltas for the targets' baselines, or why not. Emitting moves a baseline on, so
    /// after a restart (or any result that is not applied everywhere) the targets it left behind
    /// must be given a baseline again (<see cref="Running"/>).
    /// </summary>
    public HotReloadPlan Update(IReadOnlyCollection<string> targets, Func<string, byte[]> readSource)
    {
        lock (_gate)
        {
            return UpdateLocked(targets, readSource);
        }
    }

    private HotReloadPlan UpdateLocked(IReadOnlyCollection<string> targets, Func<string, byte[]> readSource)
    {
        if (targets.FirstOrDefault(t => !_running.ContainsKey(t)) is not null)
        {
            return HotReloadPlan.Restart("DevLoop does not know which build a target runs, so it cannot compute a delta for it");
        }

        var next = _build.Compile(readSource);
        var deltas = new List<(ModuleUpdate Update, IReadOnlyList<string> Targets)>();
        var edits = 0;
        TimeSpan? aheadTook = _ahead is { } ahead && ReferenceEquals(ahead.Next, next) ? ahead.Took : null;
        var prepared = aheadTook is not null;
        _ahead = null;
        foreach (var group in targets.GroupBy(t => _running[t]))
        {
            var result = group.Key.Update(next);
            prepared &= result.Prepared;
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

        return deltas.Count == 0 ? HotReloadPlan.NothingChanged : HotReloadPlan.Deltas(deltas, edits) with { CompiledAhead = prepared ? aheadTook : null };
    }

    public void Dispose()
    {
        lock (_gate)
        {
            ForgetAll();
        }
    }

    private void ForgetAll()
    {
        foreach (var session in _running.Values.Distinct())
        {
            session.Dispose();
        }

        _running.Clear();
    }
}

/// <summary>A save as Hot Reload: deltas (each for the targets of one baseline), nothing, a restart (and why), or compile errors.</summary>
public sealed record HotReloadPlan(
    IReadOnlyList<(ModuleUpdate Update, IReadOnlyList<string> Targets)> Updates,
    int EditCount,
    string? RestartReason,
    IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> CompileErrors)
{
    /// <summary>How long working the deltas out took, when that was done ahead, while the save settled (<see cref="ProjectHotReload.Prepare"/>).</summary>
    public TimeSpan? CompiledAhead { get; init; }

    public bool Prepared => CompiledAhead is not null;

    public static readonly HotReloadPlan NothingChanged = new(Array.Empty<(ModuleUpdate, IReadOnlyList<string>)>(), 0, null, Array.Empty<Microsoft.CodeAnalysis.Diagnostic>());

    public static HotReloadPlan Deltas(IReadOnlyList<(ModuleUpdate, IReadOnlyList<string>)> updates, int edits) => new(updates, edits, null, Array.Empty<Microsoft.CodeAnalysis.Diagnostic>());

    public static HotReloadPlan Restart(string reason) => new(Array.Empty<(ModuleUpdate, IReadOnlyList<string>)>(), 0, reason, Array.Empty<Microsoft.CodeAnalysis.Diagnostic>());

    public static HotReloadPlan Errors(IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> errors) => new(Array.Empty<(ModuleUpdate, IReadOnlyList<string>)>(), 0, null, errors);
}
