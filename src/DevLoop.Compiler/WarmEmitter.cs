using System.Collections.Immutable;
using System.Reflection;
using DevLoop.Core.Compiling;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;

namespace DevLoop.Compiler;

/// <summary>
/// The whole assembly emitted from the warm compilation the way csc emits it (its emit options, PDB
/// path, Win32 and manifest resources, source link, embedded and generated texts, reference
/// assembly, documentation). On the build's own compiler, with the build's arguments, the bytes are
/// the build's: compilations are deterministic.
/// </summary>
public sealed class WarmEmitter : IWarmEmitter
{
    private readonly BuildCompilation _build;
    private readonly CSharpCommandLineArguments _arguments;
    private readonly IReadOnlyList<DiagnosticAnalyzer> _analyzers;
    private ImmutableArray<DiagnosticAnalyzer> _mayFail;

    // The analyzer config _mayFail was chosen with: a saved .editorconfig can make any rule an error.
    private BuildAnalyzerConfig _mayFailWith;

    private WarmEmitter(BuildCompilation build)
    {
        _build = build;
        _arguments = build.Arguments;
        _analyzers = LoadAnalyzers(build);
        _mayFailWith = build.Config;
        _mayFail = AnalyzersThatMayFail(build, _analyzers);
        Files = FilesOf(_arguments);
        CompilerVersion = typeof(CSharpCompilation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(CSharpCompilation).Assembly.GetName().Version?.ToString() ?? "unknown";
    }

    public string CompilerVersion { get; }

    public WarmEmitFiles Files { get; }

    /// <summary>
    /// The emitter for the build with these compiler arguments. Called by name from the tool, in the
    /// load context of the SDK's compiler: only types of the base library and DevLoop.Core cross.
    /// </summary>
    /// <exception cref="CompilerArgumentsException">The arguments cannot be taken, or the build is not deterministic (its bytes could not be checked).</exception>
    public static IWarmEmitter Open(IReadOnlyList<string> arguments, string projectDir)
    {
        var build = BuildCompilation.Parse(arguments, projectDir);
        if (!build.Arguments.CompilationOptions.Deterministic)
        {
            throw new CompilerArgumentsException("the build is not deterministic (Deterministic=false), so no other emit can be proven to give its bytes");
        }

        if (build.Arguments.CompilationOptions.CryptoKeyFile is not null || build.Arguments.CompilationOptions.CryptoKeyContainer is not null)
        {
            throw new CompilerArgumentsException("the build signs the assembly with a strong-name key, which DevLoop does not do in process");
        }

        return new WarmEmitter(build);
    }

    public string? ChangedInput() => _build.ChangedInput();

    public IReadOnlyList<string> ChangedInputs() => _build.ChangedInputs();

    public IReadOnlyList<string> SourceFiles => _build.SourceFiles;

    public IReadOnlyList<string> ReferencePaths => _build.ReferencePaths;

    public bool RefreshReferences(IReadOnlyCollection<string> paths) => _build.RefreshReferences(paths);

    /// <summary>Where the build's compiler writes, from its arguments: what the warm emit must match, read right after the build.</summary>
    public static WarmEmitFiles FilesOf(IReadOnlyList<string> arguments, string projectDir) =>
        FilesOf(CSharpCommandLineParser.Default.Parse(arguments, projectDir, sdkDirectory: null));

    /// <summary>The sources the compiler reads, full paths, from its arguments.</summary>
    public static IReadOnlyList<string> SourcesOf(IReadOnlyList<string> arguments, string projectDir) =>
        CSharpCommandLineParser.Default.Parse(arguments, projectDir, sdkDirectory: null).SourceFiles.Select(f => f.Path).ToList();

    private static WarmEmitFiles FilesOf(CSharpCommandLineArguments arguments)
    {
        var output = arguments.OutputFileName is { } name ? Path.Combine(arguments.OutputDirectory, name) : throw new CompilerArgumentsException("the compiler's arguments name no output file (/out)");
        var pdb = arguments.EmitPdbFile ? arguments.PdbPath ?? Path.ChangeExtension(output, ".pdb") : null;
        return new WarmEmitFiles(output, pdb, arguments.OutputRefFilePath, arguments.DocumentationPath);
    }

    public async Task<WarmEmitOutput> EmitAsync(Func<string, byte[]> readSource, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var compilation = _build.Compile(readSource);
        if (!ReferenceEquals(_mayFailWith, _build.Config))
        {
            (_mayFail, _mayFailWith) = (AnalyzersThatMayFail(_build, _analyzers), _build.Config);
        }

        var compiled = watch.Elapsed;
        var generatorErrors = _build.GeneratorDiagnostics.Where(IsError).ToList();
        if (generatorErrors.Count > 0)
        {
            return Failed(generatorErrors);
        }

        var sourceCount = _arguments.SourceFiles.Length;
        var generated = compilation.SyntaxTrees.Skip(sourceCount).ToList();
        var embedded = Embedded(compilation).Concat(generated.Select(t => EmbeddedText.FromSource(t.FilePath, t.GetText(cancellationToken)))).ToList();
        var options = _arguments.EmitOptions
            .WithOutputNameOverride(_arguments.OutputFileName!)
            .WithPdbFilePath(Files.Pdb is { } pdbPath ? MapPath(pdbPath) : _arguments.EmitOptions.PdbFilePath!);
        if (_arguments.ParseOptions.Features.ContainsKey("pdb-path-determinism") && !string.IsNullOrEmpty(options.PdbFilePath))
        {
            options = options.WithPdbFilePath(Path.GetFileName(options.PdbFilePath));
        }

        using var pe = new MemoryStream();
        using var pdb = Files.Pdb is null ? null : new MemoryStream();
        using var reference = Files.Reference is null ? null : new MemoryStream();
        using var documentation = Files.Documentation is null ? null : new MemoryStream();
        using var sourceLink = _arguments.SourceLink is { } link ? new MemoryStream(File.ReadAllBytes(link)) : null;
        using var win32 = Win32Resources(compilation);

        // The analyzers read the same immutable compilation as the emit: both at once.
        var analyzing = _mayFail.IsEmpty
            ? Task.FromResult(ImmutableArray<Diagnostic>.Empty)
            : Task.Run(() => compilation.WithAnalyzers(_mayFail, new AnalyzerOptions(_build.Config.AdditionalTexts, _build.Config.Options)).GetAnalyzerDiagnosticsAsync(cancellationToken), cancellationToken);
        var result = compilation.Emit(
            pe,
            pdb,
            documentation,
            win32,
            _arguments.ManifestResources,
            options,
            debugEntryPoint: null,
            sourceLink,
            embedded,
            reference,
            cancellationToken);
        var emitted = watch.Elapsed;
        var analyzed = await analyzing.ConfigureAwait(false);
        var errors = result.Diagnostics.Where(IsError).ToList();
        if (!result.Success || errors.Count > 0)
        {
            return Failed(errors.Count > 0 ? errors : result.Diagnostics.ToList());
        }

        if (analyzed.Where(IsError).ToList() is { Count: > 0 } analyzerErrors)
        {
            return Failed(analyzerErrors);
        }

        return new WarmEmitOutput(pe.ToArray(), pdb?.ToArray(), reference?.ToArray(), documentation?.ToArray(), Array.Empty<string>())
        {
            Breakdown = $"sources and generators {compiled.TotalMilliseconds:F0} ms, emit {(emitted - compiled).TotalMilliseconds:F0} ms with the {_mayFail.Length} analyzers that can fail the build beside it (they took {(watch.Elapsed - emitted).TotalMilliseconds:F0} ms more)",
            GeneratedFiles = _arguments.GeneratedFilesOutputDirectory is { } directory && !string.IsNullOrWhiteSpace(directory)
                ? generated.Select(t => GeneratedFile(directory, t)).ToList()
                : Array.Empty<KeyValuePair<string, byte[]>>(),
        };
    }

    /// <summary>A generated file as csc writes it (EmitCompilerGeneratedFiles): its text in its encoding, with the encoding's preamble.</summary>
    /// <param name="directory">The build's /generatedfilesout: a Roslyn without a generator base directory (before 4.12) names generated trees relative to it.</param>
    private static KeyValuePair<string, byte[]> GeneratedFile(string directory, SyntaxTree tree)
    {
        var encoding = tree.Encoding ?? System.Text.Encoding.UTF8;
        return KeyValuePair.Create(Path.Combine(directory, tree.FilePath), encoding.GetPreamble().Concat(encoding.GetBytes(tree.GetText().ToString())).ToArray());
    }

    public async Task WarmUpAsync(Func<string, byte[]> readSource, CancellationToken cancellationToken)
    {
        if (MadeUpEdit.Of(_build.Compile(readSource).SyntaxTrees.Take(_arguments.SourceFiles.Length), _build.Encoding) is not var (file, versions))
        {
            return;
        }

        foreach (var bytes in versions)
        {
            await EmitAsync(path => path == file ? bytes : readSource(path), cancellationToken).ConfigureAwait(false);
        }

        _build.Compile(readSource);
    }

    private static bool IsError(Diagnostic diagnostic) => diagnostic.Severity == DiagnosticSeverity.Error && !diagnostic.IsSuppressed;

    /// <summary>The build's analyzers, loaded; one that cannot be loaded here refuses the warm emit.</summary>
    private static IReadOnlyList<DiagnosticAnalyzer> LoadAnalyzers(BuildCompilation build)
    {
        var failures = new List<string>();
        foreach (var reference in build.Analyzers)
        {
            reference.AnalyzerLoadFailed += (_, e) => failures.Add($"{Path.GetFileName(reference.FullPath)}: {e.Message}");
        }

        var analyzers = build.Analyzers.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToList();
        if (failures.Count > 0)
        {
            throw new CompilerArgumentsException("an analyzer of the build could not be loaded here (" + string.Join("; ", failures.Distinct().Take(3)) + ")");
        }

        return analyzers;
    }

    /// <summary>
    /// The build's analyzers that can fail it: those with a rule that is an error by default, made
    /// one by the options (/warnaserror, a rule set) or, when the analyzer config can make anything an
    /// error, every one (which rules it raises is read per file, so all are run). The others can only
    /// warn; the build's warnings are not repeated here.
    /// </summary>
    private static ImmutableArray<DiagnosticAnalyzer> AnalyzersThatMayFail(BuildCompilation build, IReadOnlyList<DiagnosticAnalyzer> analyzers)
    {
        var options = build.Arguments.CompilationOptions;

        // A severity the config gives is per file and per rule: when it can make an error (any
        // `= error`, or any severity at all under /warnaserror), every analyzer may fail the build.
        if (build.Config.RaisesToError || (options.GeneralDiagnosticOption == ReportDiagnostic.Error && build.Config.SetsSeverities))
        {
            return analyzers.ToImmutableArray();
        }

        bool MayFail(DiagnosticDescriptor rule) =>
            options.SpecificDiagnosticOptions.TryGetValue(rule.Id, out var set)
                ? set == ReportDiagnostic.Error
                : rule.IsEnabledByDefault && (rule.DefaultSeverity == DiagnosticSeverity.Error
                    || (options.GeneralDiagnosticOption == ReportDiagnostic.Error && rule.DefaultSeverity == DiagnosticSeverity.Warning));
        return analyzers.Where(a => a.SupportedDiagnostics.Any(MayFail)).ToImmutableArray();
    }

    private static WarmEmitOutput Failed(IEnumerable<Diagnostic> diagnostics) =>
        new(null, null, null, null, diagnostics.Select(d => d.ToString()).DefaultIfEmpty("the compiler emitted nothing and gave no reason").ToList());

    /// <summary>The /embed files (every source with /embed alone), in the order csc embeds them: before the generated ones.</summary>
    private IEnumerable<EmbeddedText> Embedded(CSharpCompilation compilation)
    {
        var trees = compilation.SyntaxTrees.Take(_arguments.SourceFiles.Length).ToDictionary(t => t.FilePath, StringComparer.Ordinal);
        foreach (var file in _arguments.EmbeddedFiles)
        {
            yield return trees.TryGetValue(file.Path, out var tree)
                ? EmbeddedText.FromSource(file.Path, tree.GetText())
                : EmbeddedText.FromStream(file.Path, new MemoryStream(File.ReadAllBytes(file.Path)));
        }
    }

    private Stream? Win32Resources(CSharpCompilation compilation)
    {
        if (_arguments.Win32ResourceFile is { } file)
        {
            return new MemoryStream(File.ReadAllBytes(file));
        }

        using var manifest = _arguments.Win32Manifest is { } m ? new MemoryStream(File.ReadAllBytes(m)) : null;
        using var icon = _arguments.Win32Icon is { } i ? new MemoryStream(File.ReadAllBytes(i)) : null;
        return compilation.CreateDefaultWin32Resources(versionResource: true, noManifest: _arguments.NoWin32Manifest, manifestContents: manifest, iconInIcoFormat: icon);
    }

    /// <summary>The path as /pathmap rewrites it: the first prefix that matches, its separators made those of the replacement.</summary>
    private string MapPath(string path)
    {
        foreach (var (from, to) in _arguments.PathMap)
        {
            if (from.Length > 0 && path.StartsWith(from, StringComparison.Ordinal))
            {
                var mapped = to + path[from.Length..];
                return (to.Contains('/'), to.Contains('\\')) switch
                {
                    (true, false) => mapped.Replace('\\', '/'),
                    (false, true) => mapped.Replace('/', '\\'),
                    _ => mapped,
                };
            }
        }

        return path;
    }
}
