namespace DevLoop.Core.Compiling;

/// <summary>
/// The project's assembly emitted in process from a compilation kept warm between saves, as the
/// build's compiler writes it. Only types of the base library cross this boundary: the emitter runs
/// on the SDK's own compiler, loaded apart from the rest of the tool.
/// </summary>
public interface IWarmEmitter
{
    /// <summary>The compiler that emits, as its assembly names itself (for example "5.9.0-1.26423.113+a1b2c3").</summary>
    string CompilerVersion { get; }

    /// <summary>Where the build's compiler writes what it makes (its /out, /pdb, /refout, /doc).</summary>
    WarmEmitFiles Files { get; }

    /// <summary>
    /// A file the compilation read when it was made, other than the sources (a reference, an analyzer,
    /// its config, an additional file, a resource), that is not as it was then; null when none is.
    /// </summary>
    string? ChangedInput();

    /// <summary>Every such file (see <see cref="ChangedInput"/>), full paths.</summary>
    IReadOnlyList<string> ChangedInputs();

    /// <summary>The sources the compiler reads, full paths.</summary>
    IReadOnlyList<string> SourceFiles { get; }

    /// <summary>The references the compiler reads, full paths.</summary>
    IReadOnlyList<string> ReferencePaths { get; }

    /// <summary>
    /// The references among these paths read again from disk, after the warm emit of the project they
    /// come from wrote them anew, as the next build would read them; whether any was.
    /// </summary>
    bool RefreshReferences(IReadOnlyCollection<string> paths);

    /// <summary>
    /// The assembly of the sources as <paramref name="readSource"/> gives them, or the errors the build
    /// would show: the compiler's, the generators', and those of the build's analyzers that can report
    /// an error at all with the project's options.
    /// </summary>
    Task<WarmEmitOutput> EmitAsync(Func<string, byte[]> readSource, CancellationToken cancellationToken);

    /// <summary>Emits made-up edits of these sources, nothing kept, so that the compiler's code is compiled (JIT) before the user's first edit needs it.</summary>
    Task WarmUpAsync(Func<string, byte[]> readSource, CancellationToken cancellationToken);
}

/// <param name="Assembly">The compiler's /out.</param>
/// <param name="Pdb">Its /pdb, or null when the PDB is embedded in the assembly or not made.</param>
/// <param name="Reference">Its /refout, or null.</param>
/// <param name="Documentation">Its /doc, or null.</param>
public sealed record WarmEmitFiles(string Assembly, string? Pdb, string? Reference, string? Documentation);

/// <summary>The bytes of each file in <see cref="WarmEmitFiles"/>, or the errors, each as the compiler prints it.</summary>
public sealed record WarmEmitOutput(byte[]? Assembly, byte[]? Pdb, byte[]? Reference, byte[]? Documentation, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0 && Assembly is not null;

    /// <summary>Where the time went (compile, emit, analyzers), for -v.</summary>
    public string? Breakdown { get; init; }

    /// <summary>The source generators' files as the build writes them when asked to (EmitCompilerGeneratedFiles): full path and bytes.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> GeneratedFiles { get; init; } = Array.Empty<KeyValuePair<string, byte[]>>();
}
