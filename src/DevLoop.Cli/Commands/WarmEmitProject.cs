using System.Diagnostics;
using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Compiler;
using DevLoop.Core.Compiling;

namespace DevLoop.Cli.Commands;

/// <summary>
/// One project's warm compilation on the SDK's own compiler (the watched project's, or a project it
/// references), proven against that project's last build: the warm emit of the very sources the build
/// read must give its DLL, PDB, reference assembly and documentation byte for byte.
/// </summary>
internal sealed class WarmEmitProject
{
    private readonly string _projectDir;
    private readonly ConsoleOutput _output;
    private readonly Func<Task<(SdkCompiler? Compiler, string? Why)>> _compiler;
    private IReadOnlyList<string>? _arguments;

    // The emitter once proven against the last build, or why there is none (never faults).
    private Task<ProvenEmitter> _proven = Task.FromResult(ProvenEmitter.Refused("nothing was built yet", again: false));

    // The proof set aside while a save that is not for the compilation alone builds (Forget): taken
    // back when that build's arguments are the same, rather than proven again.
    private Task<ProvenEmitter>? _suspended;

    /// <param name="referenced">The project as the watched one references it, or null for the watched project.</param>
    public WarmEmitProject(string projectDir, ReferencedProject? referenced, ConsoleOutput output, Func<Task<(SdkCompiler? Compiler, string? Why)>> compiler)
    {
        _projectDir = projectDir;
        Referenced = referenced;
        _output = output;
        _compiler = compiler;
    }

    public ReferencedProject? Referenced { get; }

    /// <summary>The sources the compiler reads (full paths), as its arguments name them.</summary>
    public IReadOnlySet<string> Sources { get; private set; } = new HashSet<string>();

    /// <summary>The arguments the emitter is made (or being made) from, or null.</summary>
    public IReadOnlyList<string>? Arguments => _arguments;

    /// <summary>Called when proven and warmed up, the first time only from the caller's point of view.</summary>
    public Action<IWarmEmitter, SdkCompiler>? Proven { get; init; }

    /// <summary>The proven emitter, or why there is none.</summary>
    public Task<ProvenEmitter> Proof => _proven;

    /// <summary>A save that is not for the compilation alone is about to build: no emitter until a build succeeds.</summary>
    public void Forget()
    {
        _suspended ??= _proven;
        _proven = Task.FromResult(ProvenEmitter.Refused("the project changed since the warm compilation was made, and no build of it has succeeded yet", again: false));
    }

    /// <summary>No warm emit for this project, for this reason, until the next build.</summary>
    /// <param name="arguments">Its compiler's arguments when they were read: a save of its sources then builds, even when another project reads them too.</param>
    public void Refuse(string why, IReadOnlyList<string>? arguments = null)
    {
        _suspended = null;
        _arguments = null;
        Sources = arguments is null ? new HashSet<string>() : SourcesOf(arguments);
        _proven = Task.FromResult(ProvenEmitter.Refused(why, again: false));
        if (Referenced is { } referenced)
        {
            _output.Detail($"Edits to {referenced.Name} go through the build: {why}.");
        }
    }

    /// <summary>
    /// After a build (holding its output): when its compiler arguments are new, or the last proof
    /// found different bytes, the emitter is made for them and proven against what that build wrote
    /// (read now), in the background after <paramref name="after"/>; the save that needs it waits.
    /// </summary>
    /// <param name="builtSources">The sources as that build read them; called only when a proof is needed.</param>
    /// <returns>The proof, which the next one waits for.</returns>
    public Task AfterBuild(IReadOnlyList<string> arguments, Func<Func<string, byte[]>> builtSources, Task after)
    {
        var suspended = _suspended;
        _suspended = null;

        // The same arguments (kept when they read the same and the inputs hold): the same proof.
        // Proven again when the last proof found different bytes, or when an input of its compilation
        // changed since (a commit, an analyzer config, a rebuilt reference): it would refuse every save.
        var proof = suspended ?? _proven;
        var again = proof.IsCompletedSuccessfully && (proof.Result is { Emitter: null, Again: true } || proof.Result.Emitter?.ChangedInput() is not null);
        if (ReferenceEquals(arguments, _arguments) && !again)
        {
            _proven = proof;
            return proof;
        }

        WarmEmitFiles files;
        IReadOnlyDictionary<string, byte[]> built;
        try
        {
            files = FilesOf(arguments);
            if (Referenced is { } referenced && WhyNotTheReferencedBuild(files, referenced) is { } other)
            {
                Refuse(other, arguments);
                return _proven;
            }

            Sources = SourcesOf(arguments);
            built = WarmEmitProof.Capture(files);
        }
        catch (Exception e) when (e is CompilerArgumentsException or IOException or UnauthorizedAccessException)
        {
            Refuse(e.Message);
            return _proven;
        }

        _arguments = arguments;
        var sources = builtSources();
        _proven = Task.Run(async () =>
        {
            await after.ConfigureAwait(false);
            return await ProveAsync(arguments, sources, built).ConfigureAwait(false);
        });
        return _proven;
    }

    /// <summary>Where the compiler with these arguments writes.</summary>
    public WarmEmitFiles FilesOf(IReadOnlyList<string> arguments) => WarmEmitter.FilesOf(arguments, _projectDir);

    private HashSet<string> SourcesOf(IReadOnlyList<string> arguments) =>
        WarmEmitter.SourcesOf(arguments, _projectDir).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Why the arguments read for a referenced project are not those of the build the app reads
    /// (another configuration or framework: the global properties are worked out, not told), or null
    /// when the assembly they make has the name the app's build copies and their reference assembly
    /// is the one its compiler reads (which names the configuration and framework).
    /// </summary>
    private static string? WhyNotTheReferencedBuild(WarmEmitFiles files, ReferencedProject referenced)
    {
        if (files.Reference is not { } reference)
        {
            return "it makes no reference assembly (ProduceReferenceAssembly=false), which would tell that its arguments read here are those of the build the app reads";
        }

        var same = (reference == referenced.ReferencePath || WarmEmitWriter.CopiedReference(reference) == referenced.ReferencePath)
            && Path.GetFileName(files.Assembly) == Path.GetFileName(referenced.TargetPath);
        return same ? null : $"its compiler's arguments, read here, make {reference}, while the app's build reads {referenced.ReferencePath}";
    }

    private async Task<ProvenEmitter> ProveAsync(IReadOnlyList<string> arguments, Func<string, byte[]> builtSources, IReadOnlyDictionary<string, byte[]> built)
    {
        try
        {
            var (compiler, why) = await _compiler().ConfigureAwait(false);
            if (compiler is null)
            {
                return Refused(why!, again: false);
            }

            IWarmEmitter emitter;
            try
            {
                emitter = compiler.OpenEmitter(arguments, _projectDir);
            }
            catch (InvalidOperationException e)
            {
                return Refused(e.Message, again: false);
            }

            var watch = Stopwatch.StartNew();
            var output = await emitter.EmitAsync(builtSources, CancellationToken.None).ConfigureAwait(false);
            if (!output.Succeeded)
            {
                return Refused("the warm compilation of the sources the build read has errors the build did not have: " + string.Join(" ", output.Errors.Take(3)), again: true);
            }

            if (WarmEmitProof.FirstDifference(emitter.Files, output, built) is { } difference)
            {
                return Refused(difference, again: true);
            }

            // Made-up edits, nothing kept: the compiler's and generators' code is compiled (JIT) before the first edit needs it.
            var proven = watch.Elapsed;
            await emitter.WarmUpAsync(builtSources, CancellationToken.None).ConfigureAwait(false);
            _output.Detail($"The warm emit gave the build's own bytes ({Path.GetFileName(emitter.Files.Assembly)}, its PDB and reference assembly) in {proven.TotalMilliseconds:F0} ms (then warmed up in {(watch.Elapsed - proven).TotalMilliseconds:F0} ms) with Roslyn {compiler.Version} from {compiler.Folder}.");
            Proven?.Invoke(emitter, compiler);
            return new ProvenEmitter(emitter, string.Empty, Again: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Refused($"the warm compilation could not be made ({e.GetType().Name}: {e.Message})", again: false);
        }
    }

    /// <param name="again">Whether the next build proves again (its bytes may agree), rather than only a build with new arguments.</param>
    private ProvenEmitter Refused(string why, bool again)
    {
        var whose = Referenced is { } referenced ? $"Edits to {referenced.Name} go through the build" : "Edits hot reload cannot apply go through the build";
        _output.Detail($"{whose}: {why}.");
        return ProvenEmitter.Refused(why, again);
    }
}

/// <summary>A project's emitter once proven against its last build, or why there is none.</summary>
/// <param name="Again">Whether the next build proves again (its bytes may agree).</param>
internal sealed record ProvenEmitter(IWarmEmitter? Emitter, string Why, bool Again)
{
    public static ProvenEmitter Refused(string why, bool again) => new(null, why, again);
}
