using System.Diagnostics;
using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Core.Compiling;

namespace DevLoop.Cli.Commands;

/// <summary>
/// watch's fast road for an edit hot reload cannot apply: the project's assembly emitted in process
/// from a compilation kept warm on the SDK's own compiler, instead of a `dotnet build`. It is taken
/// only once proven: after each build whose compiler arguments were read, the warm emit of the very
/// sources that build read must give its DLL, PDB and reference assembly byte for byte. Anything
/// else, or any doubt, is a real build.
/// </summary>
internal sealed class WatchWarmEmit
{
    private readonly ConsoleOutput _output;
    private readonly string _projectDir;
    private (SdkCompiler? Compiler, string? Why)? _compiler;
    private IReadOnlyList<string>? _arguments;

    // The emitter once proven against the last build, or why there is none (never faults).
    private Task<(IWarmEmitter? Emitter, string Why)> _proven = Task.FromResult<(IWarmEmitter?, string)>((null, "nothing was built yet"));
    private bool _announced;

    public WatchWarmEmit(string projectDir, ConsoleOutput output)
    {
        _projectDir = projectDir;
        _output = output;
    }

    /// <summary>
    /// After a build: when its compiler arguments are new, the emitter is made for them and proven
    /// against that build's output, in the background (the next restart waits for it).
    /// </summary>
    /// <param name="on">DevLoopWarmEmit.</param>
    /// <param name="arguments">The compiler's arguments of the build, or null when they are not known (then no warm emit).</param>
    /// <param name="builtSources">The sources as that build read them.</param>
    public void AfterBuild(bool on, IReadOnlyList<string>? arguments, Func<string, byte[]>? builtSources)
    {
        if (!on || arguments is null || builtSources is null)
        {
            _arguments = null;
            _proven = Task.FromResult<(IWarmEmitter?, string)>((null, on ? "hot reload's compilation is not available" : "DevLoopWarmEmit=false"));
            return;
        }

        if (ReferenceEquals(arguments, _arguments))
        {
            return;
        }

        _arguments = arguments;
        _proven = Task.Run(() => ProveAsync(arguments, builtSources));
    }

    /// <summary>The save's assembly emitted from the warm compilation and written where the build writes it, or why it must build.</summary>
    public async Task<WarmEmitStep> EmitAsync(Func<string, byte[]> sources, string outputDir, CancellationToken cancellationToken)
    {
        var (emitter, why) = await _proven.ConfigureAwait(false);
        if (emitter is null)
        {
            return WarmEmitStep.Build(why);
        }

        if (emitter.ChangedInput() is { } changed)
        {
            return WarmEmitStep.Build($"{Path.GetFileName(changed)} changed since the compilation was made");
        }

        var watch = Stopwatch.StartNew();
        var output = await Task.Run(() => emitter.EmitAsync(sources, cancellationToken), cancellationToken).ConfigureAwait(false);
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
            WarmEmitWriter.MarkStale(emitter.Files);
            return WarmEmitStep.Build($"the emitted files could not be written ({e.Message})");
        }

        _output.Detail($"Warm emit: {output.Breakdown}; {watch.ElapsedMilliseconds} ms in all, written.");
        return WarmEmitStep.Emitted(watch.Elapsed);
    }

    private async Task<(IWarmEmitter?, string)> ProveAsync(IReadOnlyList<string> arguments, Func<string, byte[]> builtSources)
    {
        try
        {
            _compiler ??= await SdkCompiler.ForProjectAsync(_projectDir, CancellationToken.None).ConfigureAwait(false);
            if (_compiler.Value.Compiler is not { } compiler)
            {
                return Refused(_compiler.Value.Why!);
            }

            IWarmEmitter emitter;
            try
            {
                emitter = compiler.OpenEmitter(arguments, _projectDir);
            }
            catch (InvalidOperationException e)
            {
                return Refused(e.Message);
            }

            var watch = Stopwatch.StartNew();
            var output = await emitter.EmitAsync(builtSources, CancellationToken.None).ConfigureAwait(false);
            if (!output.Succeeded)
            {
                return Refused("the warm compilation of the sources the build read has errors the build did not have: " + string.Join(" ", output.Errors.Take(3)));
            }

            if (WarmEmitProof.FirstDifference(emitter.Files, output) is { } difference)
            {
                return Refused(difference);
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

            return (emitter, string.Empty);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Refused($"the warm compilation could not be made ({e.GetType().Name}: {e.Message})");
        }
    }

    private (IWarmEmitter?, string) Refused(string why)
    {
        _output.Detail($"Edits hot reload cannot apply go through the build: {why}.");
        return (null, why);
    }
}

/// <summary>What the warm emit did with a save: emitted (how long), compile errors, or why it must build.</summary>
internal sealed record WarmEmitStep(TimeSpan? Elapsed, IReadOnlyList<string> Errors, string? BuildBecause)
{
    public static WarmEmitStep Emitted(TimeSpan elapsed) => new(elapsed, Array.Empty<string>(), null);

    public static WarmEmitStep Failed(IReadOnlyList<string> errors) => new(null, errors, null);

    public static WarmEmitStep Build(string why) => new(null, Array.Empty<string>(), why);
}
