using System.Diagnostics;
using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Compiler;
using DevLoop.Core.Compiling;

namespace DevLoop.Cli.Commands;

/// <summary>
/// watch's fast road for an edit hot reload cannot apply: the project's assembly emitted in process
/// from a compilation kept warm on the SDK's own compiler, instead of a `dotnet build`. It is taken
/// only once proven: after each build whose compiler arguments were read, the warm emit of the very
/// sources that build read must give its DLL, PDB, reference assembly and documentation byte for
/// byte. Anything else, or any doubt, is a real build.
/// </summary>
internal sealed class WatchWarmEmit
{
    private readonly ConsoleOutput _output;
    private readonly string _projectDir;
    private (SdkCompiler? Compiler, string? Why)? _compiler;
    private IReadOnlyList<string>? _arguments;

    // The emitter once proven against the last build, or why there is none (never faults; one proof at a time).
    private Task<Proof> _proven = Task.FromResult(Proof.Refused("nothing was built yet", again: false));
    private bool _announced;

    // The proof set aside while a save that is not for the compilation alone builds (Forget): taken
    // back when that build's arguments are the same, rather than proven again.
    private Task<Proof>? _suspended;

    public WatchWarmEmit(string projectDir, ConsoleOutput output)
    {
        _projectDir = projectDir;
        _output = output;
    }

    /// <summary>
    /// A save that is not for the compilation alone is about to build (the project file, say): the
    /// emitter no longer stands for the build until the arguments of a build that succeeds are read.
    /// </summary>
    public void Forget()
    {
        _suspended ??= _proven;
        _proven = Task.FromResult(Proof.Refused("the project changed since the warm compilation was made, and no build of it has succeeded yet", again: false));
    }

    /// <summary>
    /// After a build (holding its output): when its compiler arguments are new, or the last proof
    /// found different bytes, the emitter is made for them and proven against what that build wrote
    /// (read now), in the background; the next restart waits for it.
    /// </summary>
    /// <param name="on">DevLoopWarmEmit.</param>
    /// <param name="arguments">The compiler's arguments of the build, or null when they are not known (then no warm emit).</param>
    /// <param name="builtSources">The sources as that build read them.</param>
    public void AfterBuild(bool on, IReadOnlyList<string>? arguments, Func<string, byte[]>? builtSources)
    {
        var suspended = _suspended;
        _suspended = null;
        if (!on || arguments is null || builtSources is null)
        {
            _arguments = null;
            _proven = Task.FromResult(Proof.Refused(on ? "hot reload's compilation is not available" : "DevLoopWarmEmit=false", again: false));
            return;
        }

        // The same arguments (hot reload keeps them when they read the same and its inputs hold): the same proof.
        var proof = suspended ?? _proven;
        if (ReferenceEquals(arguments, _arguments) && !(proof.IsCompletedSuccessfully && proof.Result is { Emitter: null, Again: true }))
        {
            _proven = proof;
            return;
        }

        WarmEmitFiles files;
        try
        {
            files = WarmEmitter.FilesOf(arguments, _projectDir);
        }
        catch (CompilerArgumentsException e)
        {
            _proven = Task.FromResult(Refused(e.Message, again: false));
            return;
        }

        _arguments = arguments;
        var built = WarmEmitProof.Capture(files);
        var previous = _proven;
        _proven = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            return await ProveAsync(arguments, builtSources, built).ConfigureAwait(false);
        });
    }

    /// <summary>The save's assembly emitted from the warm compilation and written where the build writes it, or why it must build.</summary>
    public async Task<WarmEmitStep> EmitAsync(Func<string, byte[]> sources, string outputDir, CancellationToken cancellationToken)
    {
        var proof = await _proven.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (proof.Emitter is not { } emitter)
        {
            return WarmEmitStep.Build(proof.Why);
        }

        if (emitter.ChangedInput() is { } changed)
        {
            return WarmEmitStep.Build(BuildCompilation.DescribeChange(changed));
        }

        var watch = Stopwatch.StartNew();
        WarmEmitOutput output;
        try
        {
            output = await Task.Run(() => emitter.EmitAsync(sources, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A source gone or being written: the build reads it whole.
            return WarmEmitStep.Build($"a source could not be read ({e.Message})");
        }

        if (!output.Succeeded)
        {
            return WarmEmitStep.Failed(output.Errors);
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

        _output.Detail($"Warm emit: {output.Breakdown}; {watch.ElapsedMilliseconds} ms in all, written.");
        return WarmEmitStep.Emitted(watch.Elapsed);
    }

    private async Task<Proof> ProveAsync(IReadOnlyList<string> arguments, Func<string, byte[]> builtSources, IReadOnlyDictionary<string, byte[]> built)
    {
        try
        {
            _compiler ??= await SdkCompiler.ForProjectAsync(_projectDir, CancellationToken.None).ConfigureAwait(false);
            if (_compiler.Value.Compiler is not { } compiler)
            {
                return Refused(_compiler.Value.Why!, again: false);
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
            if (!_announced)
            {
                _announced = true;
                _output.Info($"Edits hot reload cannot apply are compiled in process (the SDK's own compiler, Roslyn {compiler.Version}, proven against this build byte for byte), then synced and restarted.");
            }

            return new Proof(emitter, string.Empty, Again: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Refused($"the warm compilation could not be made ({e.GetType().Name}: {e.Message})", again: false);
        }
    }

    /// <param name="again">Whether the next build proves again (its bytes may agree), rather than only a build with new arguments.</param>
    private Proof Refused(string why, bool again)
    {
        _output.Detail($"Edits hot reload cannot apply go through the build: {why}.");
        return Proof.Refused(why, again);
    }

    /// <summary>The proven emitter, or why there is none.</summary>
    private sealed record Proof(IWarmEmitter? Emitter, string Why, bool Again)
    {
        public static Proof Refused(string why, bool again) => new(null, why, again);
    }
}

/// <summary>What the warm emit did with a save: emitted (how long), compile errors, or why it must build.</summary>
internal sealed record WarmEmitStep(TimeSpan? Elapsed, IReadOnlyList<string> Errors, string? BuildBecause)
{
    public static WarmEmitStep Emitted(TimeSpan elapsed) => new(elapsed, Array.Empty<string>(), null);

    public static WarmEmitStep Failed(IReadOnlyList<string> errors) => new(null, errors, null);

    public static WarmEmitStep Build(string why) => new(null, Array.Empty<string>(), why);
}
