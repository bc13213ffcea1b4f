using DevLoop.Compiler;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace DevLoop.HotReload;

/// <summary>
/// The running module and the compilation it was built from, edit after edit: each update compiles
/// the sources as they are now, decides what may be sent (<see cref="EditAnalysis"/>) and emits the
/// delta against the previous generation.
/// </summary>
public sealed class DeltaSession : IDisposable
{
    private readonly BuildCompilation _build;
    private readonly PEReader _module;
    private readonly MetadataReaderProvider _pdb;
    private readonly HashSet<string> _kept = new(StringComparer.Ordinal);
    private CSharpCompilation _running;
    private EmitBaseline _baseline;
    private Prepared? _prepared;

    private DeltaSession(BuildCompilation build, PEReader module, MetadataReaderProvider pdb, CSharpCompilation running, EmitBaseline baseline, Guid moduleId)
    {
        _build = build;
        _module = module;
        _pdb = pdb;
        _running = running;
        _baseline = baseline;
        ModuleId = moduleId;
    }

    /// <summary>The MVID of the module the deltas are for.</summary>
    public Guid ModuleId { get; }

    /// <summary>The options of the compilation the targets run.</summary>
    public Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions RunningOptions => _running.Options;

    /// <summary>How many deltas were emitted from this baseline so far.</summary>
    public int Generation { get; private set; }

    /// <summary>
    /// Starts from the DLL and PDB that run in the target. Their sources must be the ones on disk now
    /// (the PDB's document checksums say so): a baseline from other sources gives wrong deltas.
    /// </summary>
    /// <param name="readSource">The sources as the build read them (for example kept from just before it ran); the PDB's checksums check them.</param>
    public static DeltaSession Open(BuildCompilation build, string assemblyPath, string pdbPath, Func<string, byte[]>? readSource = null)
    {
        var image = File.ReadAllBytes(assemblyPath);
        var module = new PEReader(new MemoryStream(image));
        var pdb = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(File.ReadAllBytes(pdbPath)));
        var compilation = build.Compile(readSource ?? File.ReadAllBytes);
        var stale = SourceChecksums.Differing(pdb.GetMetadataReader(), compilation.SyntaxTrees);
        if (stale is not null)
        {
            module.Dispose();
            pdb.Dispose();
            throw new HotReloadException($"{stale} is not the source the running module was built from; it needs a build first.");
        }

        var metadata = module.GetMetadataReader();
        var baseline = EmitBaseline.CreateInitialBaseline(
            compilation,
            ModuleMetadata.CreateFromImage(image),
            EncDebugInformation.Provider(pdb.GetMetadataReader()),
            EncDebugInformation.LocalSignatures(module),
            hasPortableDebugInformation: true);
        return new DeltaSession(build, module, pdb, compilation, baseline, metadata.GetGuid(metadata.GetModuleDefinition().Mvid));
    }

    /// <summary>The delta from the running version to the sources as they are now, or why there is none.</summary>
    public DeltaResult Update(Func<string, byte[]> readSource) => Update(_build.Compile(readSource));

    /// <summary>
    /// Works out the update to <paramref name="next"/> ahead, changing nothing: the next <see cref="Update(CSharpCompilation)"/>,
    /// when it is to that same compilation, takes it as it is (a save compiled while it settles).
    /// </summary>
    public void Prepare(CSharpCompilation next) => _prepared = new Prepared(next, Step(_running, _baseline, next));

    /// <summary>The delta from the running version to <paramref name="next"/>, a compilation of the same build (<see cref="BuildCompilation.Compile"/>).</summary>
    public DeltaResult Update(CSharpCompilation next)
    {
        var step = _prepared is { } prepared && ReferenceEquals(prepared.Next, next)
            ? prepared.Step with { Result = prepared.Step.Result with { Prepared = true } }
            : Step(_running, _baseline, next);
        _prepared = null;
        if (step.Baseline is { } baseline)
        {
            _baseline = baseline;
            _kept.UnionWith(step.Removed);
            _running = next;
            Generation++;
        }

        return step.Result;
    }

    /// <summary>
    /// Runs the whole work of two saves (sources read, generators, errors, analysis, a delta and a
    /// delta on that one) on made-up edits of a string literal, nothing kept, so that the compiler's
    /// code is compiled (JIT) before the user's first saves need it. The build's compilation is then
    /// brought back to the files as they are.
    /// </summary>
    public void WarmUp()
    {
        if (MadeUpEdit.Of(_running.SyntaxTrees, _build.Encoding) is not var (file, versions))
        {
            return;
        }

        var (running, baseline) = (_running, _baseline);
        foreach (var bytes in versions)
        {
            var next = _build.Compile(path => path == file ? bytes : File.ReadAllBytes(path));
            if (Step(running, baseline, next).Baseline is not { } nextBaseline)
            {
                break;
            }

            (running, baseline) = (next, nextBaseline);
        }

        _build.Compile(File.ReadAllBytes);
    }

    /// <summary>One save's work, changing nothing: the delta from <paramref name="running"/> to <paramref name="next"/> and the baseline after it, or why there is none.</summary>
    private StepResult Step(CSharpCompilation running, EmitBaseline baseline, CSharpCompilation next)
    {
        var none = Array.Empty<string>();

        // Options made from another analyzer config (an .editorconfig saved): what it changes (nullable
        // context of generated code, severities) is not in the syntax, so the whole assembly is compiled again.
        if (!ReferenceEquals(next.Options, running.Options) && !next.Options.Equals(running.Options))
        {
            return new StepResult(DeltaResult.Restart("the analyzer config (.editorconfig) changed"), null, none);
        }

        // The errors of the files that changed; a change that could break other files changes a
        // declaration, and is checked over the whole compilation below (or restarts).
        var known = running.SyntaxTrees.ToHashSet();
        var errors = next.SyntaxTrees.Where(t => !known.Contains(t))
            .SelectMany(t => next.GetSemanticModel(t).GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToList();
        if (errors.Count > 0)
        {
            return new StepResult(DeltaResult.Errors(errors), null, none);
        }

        try
        {
            var analysis = EditAnalysis.Analyze(running, next, _kept);
            if (analysis.RestartReason is { } reason)
            {
                return new StepResult(DeltaResult.Restart(reason), null, none);
            }

            if (analysis.Edits.Count == 0)
            {
                return new StepResult(DeltaResult.NothingChanged, null, none);
            }

            // A declaration's change can break files that did not change ([Obsolete(error: true)], a
            // warning made an error): then the whole compilation's errors, as the build would show them.
            if (analysis.DeclarationsChanged && next.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList() is { Count: > 0 } elsewhere)
            {
                return new StepResult(DeltaResult.Errors(elsewhere), null, none);
            }

            using var metadata = new MemoryStream();
            using var il = new MemoryStream();
            using var pdb = new MemoryStream();
            var emitted = next.EmitDifference(baseline, analysis.Edits, _ => false, metadata, il, pdb);
            if (!emitted.Success || emitted.Baseline is null)
            {
                return new StepResult(DeltaResult.Restart("the compiler could not emit the change as a delta: " + string.Join(" ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.GetMessage()))), null, none);
            }

            var update = new ModuleUpdate(ModuleId, metadata.ToArray(), il.ToArray(), pdb.ToArray(), emitted.ChangedTypes.Select(t => MetadataTokens.GetToken(t)).ToArray());
            return new StepResult(DeltaResult.Delta(update, analysis.Edits.Count), emitted.Baseline, analysis.Removed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The analysis or the compiler failed on an edit DevLoop did not foresee: the safe road.
            return new StepResult(DeltaResult.Restart($"the change could not be compiled as a delta ({e.GetType().Name}: {e.Message})"), null, none);
        }
    }

    public void Dispose()
    {
        _module.Dispose();
        _pdb.Dispose();
    }

    /// <summary>A save's work: the result, and the baseline after its delta with the methods it leaves behind (when there is a delta).</summary>
    private sealed record StepResult(DeltaResult Result, EmitBaseline? Baseline, IReadOnlyList<string> Removed);

    /// <summary>A step worked out ahead from the running version (any update drops it) to the compilation <see cref="Next"/>.</summary>
    private sealed record Prepared(CSharpCompilation Next, StepResult Step);
}

/// <summary>One module's delta: metadata, IL and PDB, for the module with this MVID, and the metadata tokens of the types it changed.</summary>
public sealed record ModuleUpdate(Guid ModuleId, byte[] Metadata, byte[] IL, byte[] Pdb, int[] ChangedTypes);

/// <summary>What an update came to: a delta, nothing, a restart (and why) or compile errors.</summary>
public sealed record DeltaResult(ModuleUpdate? Update, int EditCount, string? RestartReason, IReadOnlyList<Diagnostic> CompileErrors)
{
    /// <summary>Whether the work was done ahead (<see cref="DeltaSession.Prepare"/>), while the save settled.</summary>
    public bool Prepared { get; init; }

    public static readonly DeltaResult NothingChanged = new(null, 0, null, Array.Empty<Diagnostic>());

    public static DeltaResult Delta(ModuleUpdate update, int edits) => new(update, edits, null, Array.Empty<Diagnostic>());

    public static DeltaResult Restart(string reason) => new(null, 0, reason, Array.Empty<Diagnostic>());

    public static DeltaResult Errors(IReadOnlyList<Diagnostic> errors) => new(null, 0, null, errors);
}
