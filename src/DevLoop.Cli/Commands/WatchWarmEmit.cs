using System.Collections.Concurrent;
using System.Diagnostics;
using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Compiler;
using DevLoop.Core.Compiling;

namespace DevLoop.Cli.Commands;

/// <summary>
/// watch's fast road for an edit hot reload cannot apply, and for edits to the projects the watched
/// one references: the assemblies emitted in process from compilations kept warm on the SDK's own
/// compiler, instead of a `dotnet build`. Each is taken only once proven: after each build whose
/// compiler arguments were read, the warm emit of the very sources that build read must give its
/// DLL, PDB, reference assembly and documentation byte for byte. Anything else, or any doubt, is a
/// real build.
/// </summary>
internal sealed class WatchWarmEmit
{
    private readonly ConsoleOutput _output;
    private readonly string _projectDir;
    private readonly Lazy<Task<(SdkCompiler? Compiler, string? Why)>> _compiler;
    private readonly WarmEmitProject _app;

    // The projects the watched one references, each with its own proof against its own build.
    private List<WarmEmitProject> _referenced = new();

    // Referenced projects emitted whose assemblies are not in the app's output folder yet (the app's
    // emit against them failed): copied with the app's next emit, as the build copies them with its next build.
    private readonly Dictionary<string, (WarmEmitFiles Files, string OutputDir)> _notCopied = new(StringComparer.Ordinal);

    // Proofs run one at a time, each after the last.
    private Task _proofs = Task.CompletedTask;
    private bool _announced;

    public WatchWarmEmit(string projectDir, ConsoleOutput output)
    {
        _projectDir = projectDir;
        _output = output;
        _compiler = new Lazy<Task<(SdkCompiler?, string?)>>(() => SdkCompiler.ForProjectAsync(_projectDir, CancellationToken.None));
        _app = new WarmEmitProject(projectDir, null, output, () => _compiler.Value) { Proven = Announce };
    }

    /// <summary>
    /// A save that is not for the compilations alone is about to build (the project file, say): the
    /// emitters no longer stand for the build until the arguments of a build that succeeds are read.
    /// </summary>
    public void Forget()
    {
        // The build copies the libraries beside the app itself (theirs are newer than their copies).
        _notCopied.Clear();
        _app.Forget();
        foreach (var project in _referenced)
        {
            project.Forget();
        }
    }

    /// <summary>
    /// After a build (holding its output): when its compiler arguments are new, or the last proof
    /// found different bytes, the emitters are made for them and proven against what that build
    /// wrote, in the background; the next save that needs one waits for it. When the save may have
    /// changed how the referenced projects build, their arguments are read again.
    /// </summary>
    /// <param name="on">DevLoopWarmEmit.</param>
    /// <param name="arguments">The compiler's arguments of the build, or null when they are not known (then no warm emit).</param>
    /// <param name="readReferenced">Whether to read the referenced projects' arguments again (the app's changed, or the save may have changed theirs).</param>
    /// <param name="references">The projects the build references.</param>
    /// <param name="builtSources">The watched project's sources as that build read them.</param>
    /// <param name="outputDir">The watched project's output folder.</param>
    public async Task AfterBuildAsync(bool on, IReadOnlyList<string>? arguments, bool readReferenced, IReadOnlyList<ReferencedProject> references, Func<string, byte[]>? builtSources, ProjectBuilder builder, string outputDir, CancellationToken cancellationToken)
    {
        if (!on || arguments is null || builtSources is null)
        {
            var why = on ? "hot reload's compilation is not available" : "DevLoopWarmEmit=false";
            _app.Refuse(why);
            _referenced.ForEach(p => p.Refuse(why));
            return;
        }

        _proofs = Chain(_app.AfterBuild(arguments, () => builtSources, _proofs));
        if (readReferenced)
        {
            _referenced = await ReadReferencedAsync(references, builder, outputDir, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var project in _referenced.Where(p => p.Arguments is not null))
        {
            _proofs = Chain(project.AfterBuild(project.Arguments!, () => HotReload.ProjectHotReload.Snapshot(project.Sources), _proofs));
        }
    }

    /// <summary>The proofs so far and this one: a proof kept from before must not let the next start beside one still running.</summary>
    private Task Chain(Task proof) => ReferenceEquals(proof, _proofs) ? proof : Task.WhenAll(_proofs, proof);

    /// <summary>
    /// The compiler's arguments of each referenced project read again: a project whose arguments read
    /// the same keeps its emitter and proof; the others are proven anew.
    /// </summary>
    private async Task<List<WarmEmitProject>> ReadReferencedAsync(IReadOnlyList<ReferencedProject> references, ProjectBuilder builder, string outputDir, CancellationToken cancellationToken)
    {
        var referenced = new List<WarmEmitProject>();
        foreach (var reference in references.DistinctBy(r => r.ReferencePath, StringComparer.Ordinal))
        {
            CompilerArgumentsRead read;
            try
            {
                read = await builder.CompilerArgumentsAsync(reference, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                read = CompilerArgumentsRead.Failed($"{e.GetType().Name}: {e.Message}");
            }

            var known = _referenced.FirstOrDefault(p => p.Referenced! with { Properties = reference.Properties } == reference);
            var project = known is not null && known.Arguments is { } before && read.Arguments is { } after && before.SequenceEqual(after, StringComparer.Ordinal)
                ? known
                : new WarmEmitProject(Path.GetDirectoryName(reference.Project)!, reference, _output, () => _compiler.Value);
            if (read.Arguments is not { Count: > 0 } arguments)
            {
                project.Refuse($"its compiler's arguments could not be read ({read.Why ?? "it has no C# compilation"})");
            }
            else if (!reference.CopyLocal || !File.Exists(Path.Combine(outputDir, Path.GetFileName(reference.TargetPath))))
            {
                project.Refuse($"the build does not copy {Path.GetFileName(reference.TargetPath)} into the app's output folder", arguments);
            }
            else
            {
                _proofs = Chain(project.AfterBuild(project.Arguments ?? arguments, () => HotReload.ProjectHotReload.Snapshot(project.Sources), _proofs));
            }

            referenced.Add(project);
        }

        return referenced;
    }

    /// <summary>
    /// Whether these files (full paths) are sources of projects the watched one references, and of
    /// the watched project itself, with at least one of a referenced project.
    /// </summary>
    public bool CoversReferenced(IReadOnlyCollection<string> paths) =>
        paths.Any(path => _referenced.Any(p => p.Sources.Contains(path)))
        && paths.All(path => _app.Sources.Contains(path) || _referenced.Any(p => p.Sources.Contains(path)));

    /// <summary>The save's assembly emitted from the warm compilation and written where the build writes it, or why it must build.</summary>
    public async Task<WarmEmitStep> EmitAsync(Func<string, byte[]> sources, string outputDir, CancellationToken cancellationToken)
    {
        try
        {
            return await EmitAppAsync(sources, outputDir, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return WarmEmitStep.Build($"the warm emit failed ({e.GetType().Name}: {e.Message})");
        }
    }

    private async Task<WarmEmitStep> EmitAppAsync(Func<string, byte[]> sources, string outputDir, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var proof = await _app.Proof.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (proof.Emitter is not { } emitter)
        {
            return WarmEmitStep.Build(proof.Why);
        }

        if (emitter.ChangedInput() is { } changed)
        {
            return WarmEmitStep.Build(BuildCompilation.DescribeChange(changed));
        }

        if (await EmitAndWriteAsync(emitter, sources, outputDir, cancellationToken).ConfigureAwait(false) is { } stop)
        {
            return stop;
        }

        try
        {
            CopyLocal(outputDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The build copies them (the libraries' outputs are newer than their copies).
            return WarmEmitStep.Build($"the libraries could not be copied beside the app ({e.Message})");
        }

        return WarmEmitStep.Emitted(watch.Elapsed);
    }

    /// <summary>The referenced projects emitted since the app's output last took them, copied into it (as copy-local does).</summary>
    private void CopyLocal(string outputDir)
    {
        foreach (var (files, referencedOutputDir) in _notCopied.Values)
        {
            WarmEmitWriter.CopyLocal(files, referencedOutputDir, outputDir);
        }

        _notCopied.Clear();
    }

    /// <summary>
    /// A save of sources of referenced projects: each edited project emitted from its warm
    /// compilation and written where its build writes, then every project that reads a reference
    /// assembly that changed (in order, the watched project last), then the assemblies copied into the
    /// watched project's output folder as the build copies them. Or why it must build.
    /// </summary>
    /// <param name="changed">The saved files, full paths (<see cref="CoversReferenced"/>).</param>
    /// <param name="appSources">The watched project's sources, read now.</param>
    /// <param name="appBehind">Whether the app's output holds older code than its sources (hot reload applied edits its files do not hold yet): the app is emitted too.</param>
    public async Task<WarmEmitStep> EmitReferencedAsync(IReadOnlyCollection<string> changed, Func<string, byte[]> appSources, bool appBehind, string outputDir, CancellationToken cancellationToken)
    {
        try
        {
            return await EmitReferencedInOrderAsync(changed, appSources, appBehind, outputDir, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // What was written is whole (each file replaced whole, a half-written emit marked stale): the build goes on from it.
            return WarmEmitStep.Build($"the warm emit failed ({e.GetType().Name}: {e.Message})");
        }
    }

    private async Task<WarmEmitStep> EmitReferencedInOrderAsync(IReadOnlyCollection<string> changed, Func<string, byte[]> appSources, bool appBehind, string outputDir, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var emitters = new Dictionary<WarmEmitProject, IWarmEmitter>();
        foreach (var project in _referenced.Append(_app))
        {
            if ((await project.Proof.WaitAsync(cancellationToken).ConfigureAwait(false)).Emitter is { } proven)
            {
                emitters[project] = proven;
            }
        }

        var edited = _referenced.Where(p => p.Sources.Overlaps(changed)).ToList();
        if (edited.FirstOrDefault(p => !emitters.ContainsKey(p)) is { } unproven)
        {
            return WarmEmitStep.Build($"{unproven.Referenced!.Name}: {(await unproven.Proof.ConfigureAwait(false)).Why}");
        }

        // The reference assembly of a project edited in this save may already be new: another service of
        // the same watch emitted it from the same sources first (this step writes it again, byte for byte).
        var emittedHere = edited.Select(p => p.Referenced!.ReferencePath).ToHashSet(StringComparer.Ordinal);
        var newAlready = emitters.Values.SelectMany(e => e.ChangedInputs()).ToHashSet(StringComparer.Ordinal);
        if (newAlready.FirstOrDefault(i => !emittedHere.Contains(i)) is { } input)
        {
            return WarmEmitStep.Build(BuildCompilation.DescribeChange(input));
        }

        if (TwoBuildsOfOne(emitters) is { } twice)
        {
            return WarmEmitStep.Build(twice);
        }

        var changedReferences = new HashSet<string>(StringComparer.Ordinal);
        var emitted = new List<WarmEmitProject>();
        foreach (var project in DependenciesFirst(emitters))
        {
            var emitter = emitters[project];
            var refreshed = changedReferences.Count > 0 && emitter.RefreshReferences(changedReferences);
            if (!edited.Contains(project) && !refreshed)
            {
                continue;
            }

            // Its inputs were checked before anything was written; read again, the references must now hold.
            if (refreshed && emitter.ChangedInput() is { } stale)
            {
                return WarmEmitStep.Build(BuildCompilation.DescribeChange(stale));
            }

            var reference = project.Referenced!.ReferencePath;
            var before = File.Exists(reference) ? File.ReadAllBytes(reference) : null;
            var read = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var versions = AssemblyVersions.Of(emitter.Files.Assembly);
            if (await EmitAndWriteAsync(emitter, path => read[path] = File.ReadAllBytes(path), Path.GetDirectoryName(project.Referenced.TargetPath)!, cancellationToken, VersionKept(versions)).ConfigureAwait(false) is { } stop)
            {
                return stop;
            }

            emitted.Add(project);
            _notCopied[emitter.Files.Assembly] = (emitter.Files, Path.GetDirectoryName(project.Referenced.TargetPath)!);
            if (before is null || !File.ReadAllBytes(reference).AsSpan().SequenceEqual(before) || newAlready.Contains(reference))
            {
                changedReferences.Add(reference);
            }

            MarkStaleIfSavedMeanwhile(emitter, read);
        }

        // Another referenced project reads a reference that changed, and it has no proven compilation to emit again from.
        if (changedReferences.Count > 0 && _referenced.FirstOrDefault(p => !emitters.ContainsKey(p)) is { } other)
        {
            return WarmEmitStep.Build($"{other.Referenced!.Name} may read a reference assembly that changed, and it has no proven warm compilation ({(await other.Proof.ConfigureAwait(false)).Why})");
        }

        var appEmitted = changedReferences.Count > 0 || appBehind || changed.Any(_app.Sources.Contains);
        if (appEmitted)
        {
            if (!emitters.TryGetValue(_app, out var app))
            {
                return WarmEmitStep.Build($"the app must be compiled too, and it has no proven warm compilation ({(await _app.Proof.ConfigureAwait(false)).Why})");
            }

            app.RefreshReferences(changedReferences);
            if (app.ChangedInput() is { } stale)
            {
                return WarmEmitStep.Build(BuildCompilation.DescribeChange(stale));
            }

            if (await EmitAndWriteAsync(app, appSources, outputDir, cancellationToken).ConfigureAwait(false) is { } stop)
            {
                return stop;
            }
        }

        CopyLocal(outputDir);
        var names = emitted.Select(p => p.Referenced!.Name).Concat(appEmitted ? new[] { Path.GetFileNameWithoutExtension(emitters[_app].Files.Assembly) } : Array.Empty<string>());
        return WarmEmitStep.Emitted(watch.Elapsed) with { Projects = names.ToList(), ChangedReferences = changedReferences };
    }

    /// <summary>
    /// Why a save must build when a referenced project's assembly is read by another project under
    /// another path (a second build of it, for another framework): that build is not emitted here.
    /// </summary>
    private string? TwoBuildsOfOne(Dictionary<WarmEmitProject, IWarmEmitter> emitters)
    {
        foreach (var project in _referenced)
        {
            var reference = project.Referenced!.ReferencePath;
            var name = Path.GetFileName(reference);
            var projectDir = Path.GetDirectoryName(project.Referenced.Project)! + Path.DirectorySeparatorChar;
            if (emitters.Values.SelectMany(e => e.ReferencePaths).FirstOrDefault(p => p != reference && Path.GetFileName(p) == name && p.StartsWith(projectDir, StringComparison.Ordinal)) is { } second)
            {
                return $"{project.Referenced.Name} is read from two of its builds ({reference} and {second})";
            }
        }

        return null;
    }

    /// <summary>
    /// The app's deps.json records a referenced project's assembly and file versions: an edit that
    /// changes them (an [assembly: AssemblyVersion] in a source) builds, which writes that file too.
    /// </summary>
    private static Func<WarmEmitOutput, string?> VersionKept(string? before) => output =>
        before is not null && AssemblyVersions.Of(output.Assembly!) is var after && after != before
            ? $"the assembly's version changed ({before} → {after}), which the app's deps.json records"
            : null;

    /// <summary>The referenced projects with a proven compilation, each after those whose reference it reads.</summary>
    private List<WarmEmitProject> DependenciesFirst(Dictionary<WarmEmitProject, IWarmEmitter> emitters)
    {
        var byReference = _referenced.Where(emitters.ContainsKey).DistinctBy(p => p.Referenced!.ReferencePath, StringComparer.Ordinal).ToDictionary(p => p.Referenced!.ReferencePath, StringComparer.Ordinal);
        var ordered = new List<WarmEmitProject>();
        var seen = new HashSet<WarmEmitProject>();
        void Visit(WarmEmitProject project)
        {
            if (!seen.Add(project))
            {
                return;
            }

            foreach (var path in emitters[project].ReferencePaths)
            {
                if (byReference.TryGetValue(path, out var dependency))
                {
                    Visit(dependency);
                }
            }

            ordered.Add(project);
        }

        foreach (var project in byReference.Values)
        {
            Visit(project);
        }

        return ordered;
    }

    /// <summary>
    /// A source saved again while it was compiled: the outputs just written are dated long ago, so a
    /// build compiles again even if watch stops before that save is handled.
    /// </summary>
    private static void MarkStaleIfSavedMeanwhile(IWarmEmitter emitter, IReadOnlyDictionary<string, byte[]> read)
    {
        if (SavedMeanwhile(read) is not null)
        {
            WarmEmitWriter.MarkStale(emitter.Files);
        }
    }

    /// <summary>A source whose file no longer holds the bytes the compiler read, or null.</summary>
    private static string? SavedMeanwhile(IReadOnlyDictionary<string, byte[]> read)
    {
        foreach (var (path, bytes) in read)
        {
            byte[] now;
            try
            {
                now = File.ReadAllBytes(path);
            }
            catch (IOException)
            {
                now = Array.Empty<byte>();
            }

            if (!now.AsSpan().SequenceEqual(bytes))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The assembly emitted and written where its build writes it (its output folder given); null when done, else what to do instead.</summary>
    /// <param name="refuse">Why the output may not be written (it must build), or null when it may.</param>
    private async Task<WarmEmitStep?> EmitAndWriteAsync(IWarmEmitter emitter, Func<string, byte[]> sources, string outputDir, CancellationToken cancellationToken, Func<WarmEmitOutput, string?>? refuse = null)
    {
        var watch = Stopwatch.StartNew();
        var read = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        WarmEmitOutput output;
        try
        {
            output = await Task.Run(() => emitter.EmitAsync(path => read[path] = sources(path), cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A source gone or being written: the build reads it whole.
            return WarmEmitStep.Build($"a source could not be read ({e.Message})");
        }

        if (!output.Succeeded)
        {
            // An editor writes a file in place (emptied, then written): read between the two, it has
            // errors the saved code does not. Those are not shown; the build reads the file whole.
            return SavedMeanwhile(read) is { } saved
                ? WarmEmitStep.Build($"{Path.GetFileName(saved)} changed while it was compiled")
                : WarmEmitStep.Failed(output.Errors);
        }

        if (refuse?.Invoke(output) is { } why)
        {
            return WarmEmitStep.Build(why);
        }

        try
        {
            WarmEmitWriter.Write(emitter.Files, output, outputDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Some files may be new and others old: the build must compile again, whatever their times say.
            try
            {
                WarmEmitWriter.MarkStale(emitter.Files);
            }
            catch (IOException stale)
            {
                return WarmEmitStep.Build($"the emitted files could not be written ({e.Message}), and {stale.Message}");
            }

            return WarmEmitStep.Build($"the emitted files could not be written ({e.Message})");
        }

        _output.Detail($"Warm emit of {Path.GetFileName(emitter.Files.Assembly)}: {output.Breakdown}; {watch.ElapsedMilliseconds} ms in all, written.");
        return null;
    }

    private void Announce(IWarmEmitter emitter, SdkCompiler compiler)
    {
        if (!_announced)
        {
            _announced = true;
            _output.Info($"Edits hot reload cannot apply are compiled in process (the SDK's own compiler, Roslyn {compiler.Version}, proven against this build byte for byte), then synced and restarted.");
        }
    }
}

/// <summary>What the warm emit did with a save: emitted (how long), compile errors, or why it must build.</summary>
internal sealed record WarmEmitStep(TimeSpan? Elapsed, IReadOnlyList<string> Errors, string? BuildBecause)
{
    /// <summary>The projects emitted, for a save of referenced projects' sources.</summary>
    public IReadOnlyList<string> Projects { get; init; } = Array.Empty<string>();

    /// <summary>The reference assemblies written anew (full paths), which compilations that read them must read again.</summary>
    public IReadOnlyCollection<string> ChangedReferences { get; init; } = Array.Empty<string>();

    public static WarmEmitStep Emitted(TimeSpan elapsed) => new(elapsed, Array.Empty<string>(), null);

    public static WarmEmitStep Failed(IReadOnlyList<string> errors) => new(null, errors, null);

    public static WarmEmitStep Build(string why) => new(null, Array.Empty<string>(), why);
}
