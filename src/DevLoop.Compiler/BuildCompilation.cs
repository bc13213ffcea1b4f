using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DevLoop.Compiler;

/// <summary>
/// The compilation exactly as the build made it: from the compiler's own command line (MSBuild's
/// @(CscCommandLineArgs)), with the same references, options, defines and source generators, so a
/// delta emitted from it matches the module that runs.
/// </summary>
public sealed class BuildCompilation
{
    private readonly CSharpCommandLineArguments _arguments;
    private readonly List<MetadataReference> _references;
    private readonly IReadOnlyList<string> _referencePaths;
    private readonly Dictionary<string, (byte[] Bytes, SyntaxTree Tree)> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[]? Bytes, AdditionalText Text)> _additional = new(StringComparer.Ordinal);
    private GeneratorDriver? _generators;
    private CSharpCompilation? _last;

    // The last compilation handed out (generated sources included): the same sources give it back,
    // so a save compiled ahead (DeltaSession.Prepare) is recognised as the same compilation.
    private CSharpCompilation? _lastResult;
    private System.Collections.Immutable.ImmutableArray<Diagnostic> _generatorDiagnostics = System.Collections.Immutable.ImmutableArray<Diagnostic>.Empty;

    private readonly InputStamps _inputs;
    private CSharpCompilationOptions _options;

    // Each analyzer config file's bytes as the compilation read them (null: it did not exist).
    private IReadOnlyList<(string Path, byte[]? Bytes)> _configFiles;

    private BuildCompilation(CSharpCommandLineArguments arguments, GeneratorDriver? generators, InputStamps inputs, IReadOnlyList<AnalyzerFileReference> analyzers, BuildAnalyzerConfig config, IReadOnlyList<(string Path, byte[]? Bytes)> configFiles)
    {
        _arguments = arguments;
        _inputs = inputs;
        Analyzers = analyzers;
        Config = config;
        _configFiles = configFiles;
        _options = OptionsWith(config);
        _generators = generators;
        // Read once: the references do not change while the compiler's arguments stay the same.
        _referencePaths = arguments.MetadataReferences.Select(r => Path.GetFullPath(r.Reference, arguments.BaseDirectory!)).ToList();
        _references = _referencePaths.Select((path, i) => (MetadataReference)MetadataReference.CreateFromFile(path, arguments.MetadataReferences[i].Properties)).ToList();
    }

    /// <summary>The compiler's arguments as parsed.</summary>
    internal CSharpCommandLineArguments Arguments => _arguments;

    /// <summary>The build's analyzer and generator assemblies (its /analyzer), loaded.</summary>
    internal IReadOnlyList<AnalyzerFileReference> Analyzers { get; }

    /// <summary>The build's analyzer config and additional files, as analyzers and generators see them (read again on every compile).</summary>
    internal BuildAnalyzerConfig Config { get; private set; }

    /// <summary>
    /// The compilation's options as csc makes them: the resolvers it gives the compilation
    /// (<include> in documentation comments, #line paths, assembly identities), and the severities
    /// the analyzer config gives compiler diagnostics (dotnet_diagnostic.CS8602.severity), per
    /// source file, as csc applies them.
    /// </summary>
    private CSharpCompilationOptions OptionsWith(BuildAnalyzerConfig config)
    {
        var options = _arguments.CompilationOptions
            .WithXmlReferenceResolver(new XmlFileResolver(_arguments.BaseDirectory))
            .WithSourceReferenceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, _arguments.BaseDirectory, _arguments.PathMap))
            .WithAssemblyIdentityComparer(DesktopAssemblyIdentityComparer.Default);
        return _arguments.AnalyzerConfigPaths.IsEmpty ? options : options.WithSyntaxTreeOptionsProvider(config.TreeOptions(_arguments.SourceFiles.Select(f => f.Path)));
    }

    /// <summary>What the source generators reported on the last compilation handed out.</summary>
    internal IReadOnlyList<Diagnostic> GeneratorDiagnostics => _generatorDiagnostics;

    /// <summary>
    /// A file this compilation read when it was made, other than the sources (a reference, an analyzer,
    /// its config, an additional file, a resource), that is not as it was then; null when none is.
    /// The compilation then no longer stands for the build: it must be made again from a real build.
    /// </summary>
    public string? ChangedInput() => _inputs.FirstChanged();

    /// <summary>Every input that holds something else than when the compilation was made.</summary>
    public IReadOnlyList<string> ChangedInputs() => _inputs.AllChanged();

    /// <summary>
    /// The references among <paramref name="paths"/> (full paths) read again from disk, where a build of
    /// the project they come from wrote them anew (DevLoop's warm emit of a referenced project): the
    /// compilation goes on with them, as the next build would read them. Returns whether any was read.
    /// </summary>
    public bool RefreshReferences(IReadOnlyCollection<string> paths)
    {
        var refreshed = Enumerable.Range(0, _references.Count).Where(i => paths.Contains(_referencePaths[i])).ToList();
        if (refreshed.Count == 0)
        {
            return false;
        }

        // Stamped before they are read, as when the compilation was made; nothing is kept until all are read.
        var stamp = _inputs.Restamp(refreshed.Select(i => _referencePaths[i]).ToList());
        var fresh = refreshed.Select(i => (Index: i, Reference: (MetadataReference)MetadataReference.CreateFromFile(_referencePaths[i], ((PortableExecutableReference)_references[i]).Properties))).ToList();
        stamp();
        foreach (var (index, reference) in fresh)
        {
            _references[index] = reference;
        }

        // In their places: the PDB records the references in the compilation's order (ReplaceReference would move it last).
        _last = _last?.WithReferences(_references);

        // The next compilation is made with the new references, generators run again.
        _lastResult = null;
        return true;
    }

    /// <summary>The references the compiler reads, full paths.</summary>
    public IReadOnlyList<string> ReferencePaths => _referencePaths;

    /// <summary>Why the compilation no longer stands for the build, when <paramref name="input"/> (from <see cref="ChangedInput"/>) changed.</summary>
    public static string DescribeChange(string input) => InputStamps.Describe(input);

    /// <summary>The file the compiler writes (its /out), full path.</summary>
    public string? OutputPath => _arguments.OutputFileName is { } name ? Path.Combine(_arguments.OutputDirectory, name) : null;

    /// <summary>The encoding the compiler reads sources with when they carry no byte order mark (its /codepage), or null for UTF-8.</summary>
    public System.Text.Encoding? Encoding => _arguments.Encoding;

    /// <summary>The source files the compiler read, full paths.</summary>
    public IReadOnlyList<string> SourceFiles => _arguments.SourceFiles.Select(f => f.Path).ToList();

    /// <summary>
    /// The additional files the compiler hands to generators and analyzers (its /additionalfile: the
    /// .razor and .cshtml files the Razor generator compiles, say), full paths. Read again on every
    /// compile, as the sources are.
    /// </summary>
    public IReadOnlyList<string> AdditionalFiles => _arguments.AdditionalFiles.Select(f => f.Path).ToList();

    /// <summary>The analyzer config files the compiler reads (.editorconfig files, the build's global config), full paths; read again on every compile.</summary>
    public IReadOnlyList<string> AnalyzerConfigFiles => _arguments.AnalyzerConfigPaths;

    /// <summary>
    /// The additional files and analyzer config a user edits: not those the build itself writes beside
    /// its compiler output (the global config MSBuild generates in obj/), which the build rewrites as it
    /// runs and which are read from disk after it.
    /// </summary>
    public IReadOnlyList<string> EditedInputs
    {
        get
        {
            var written = OutputPath is { } output ? Path.GetDirectoryName(output)! + Path.DirectorySeparatorChar : null;
            return AdditionalFiles.Concat(AnalyzerConfigFiles)
                .Where(f => written is null || !f.StartsWith(written, StringComparison.Ordinal))
                .ToList();
        }
    }

    /// <param name="arguments">The compiler's arguments, without the compiler itself (as @(CscCommandLineArgs) lists them).</param>
    /// <param name="projectDir">The folder the compiler ran in: relative paths in the arguments are from there.</param>
    public static BuildCompilation Parse(IEnumerable<string> arguments, string projectDir)
    {
        var raw = arguments.ToList();
        var parsed = CSharpCommandLineParser.Default.Parse(raw, projectDir, sdkDirectory: null);
        var errors = parsed.Errors.Where(e => e.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new CompilerArgumentsException("The build's compiler arguments could not be read: " + string.Join(" ", errors.Select(e => e.GetMessage())));
        }

        // Stamped before anything is read: a file changed while the compilation is made shows as changed.
        var inputs = InputStamps.Of(parsed, raw);
        var loader = new AnalyzerAssemblyLoader();
        var analyzers = parsed.AnalyzerReferences.Select(r => new AnalyzerFileReference(r.FilePath, loader)).ToList();
        var config = BuildAnalyzerConfig.Of(parsed, out var configFiles);
        var generators = analyzers.SelectMany(r => r.GetGenerators(LanguageNames.CSharp)).ToList();
        GeneratorDriver? driver = generators.Count == 0 ? null : CSharpGeneratorDriver.Create(
            generators,
            config.AdditionalTexts,
            parsed.ParseOptions,
            config.Options,
            DriverOptions(parsed.GeneratedFilesOutputDirectory ?? parsed.OutputDirectory, parsed.ChecksumAlgorithm));
        return new BuildCompilation(parsed, driver, inputs, analyzers, config, configFiles);
    }

    /// <summary>
    /// The generator driver's options as csc gives them: with the base directory that generated files'
    /// paths are made from, on a Roslyn that has it (4.12 and later), as that compiler's csc does.
    /// </summary>
    private static GeneratorDriverOptions DriverOptions(string baseDirectory, Microsoft.CodeAnalysis.Text.SourceHashAlgorithm checksumAlgorithm)
    {
        // The host's own outputs (for IDEs) are left out, as csc leaves them out, where this Roslyn knows them.
        var disabled = Enum.TryParse<IncrementalGeneratorOutputKind>("Host", out var host) ? host : IncrementalGeneratorOutputKind.None;
        var withBase = typeof(GeneratorDriverOptions).GetConstructor(new[] { typeof(IncrementalGeneratorOutputKind), typeof(bool), typeof(string) });
        object options = withBase is null
            ? new GeneratorDriverOptions(disabled, trackIncrementalGeneratorSteps: false)
            : withBase.Invoke(new object[] { disabled, false, baseDirectory });

        // The checksum of generated texts (their PDB documents) is the build's (/checksumalgorithm), as
        // csc sets it; the option is internal to Roslyn. Where it is missing the proof of the warm emit
        // fails on any project with generated files, and watch builds.
        typeof(GeneratorDriverOptions).GetProperty("ChecksumAlgorithm", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)?.SetValue(options, checksumAlgorithm);
        return (GeneratorDriverOptions)options;
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]?>
    {
        public static readonly BytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is null || y is null ? x is null && y is null : x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[]? bytes) => bytes?.Length ?? -1;
    }

    /// <summary>A file's text as csc reads it: its encoding (or /codepage), the build's checksum algorithm.</summary>
    private Microsoft.CodeAnalysis.Text.SourceText Text(byte[] bytes) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(new MemoryStream(bytes), _arguments.Encoding, _arguments.ChecksumAlgorithm, throwIfBinaryDetected: false, canBeEmbedded: true);

    /// <summary>
    /// An additional file or config as the compiler reads it: null when it is not there, which csc
    /// takes too (an additional file's text is then null; a config file is left out).
    /// </summary>
    private static byte[]? ReadIfThere(Func<string, byte[]> read, string path)
    {
        try
        {
            // Asked first: a snapshot taken before a build holds what the build read, though the file may be gone since.
            return read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>An additional file with the text read when the compilation read it (never read again behind its back); null when it was not there.</summary>
    private sealed class ReadText(string path, Microsoft.CodeAnalysis.Text.SourceText? text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText? GetText(CancellationToken cancellationToken = default) => text;
    }

    /// <summary>The compilation of the sources as they are now (generators run), with its diagnostics.</summary>
    /// <param name="readSource">A source file's bytes: read as the compiler reads them, so their checksums match the PDB's.</param>
    public CSharpCompilation Compile(Func<string, byte[]> readSource)
    {
        // Every source is read before anything is kept: a file that cannot be read now (being saved,
        // gone for a moment) leaves the warm compilation exactly as it was.
        var read = _arguments.SourceFiles.Select(f => (f.Path, Bytes: readSource(f.Path))).ToList();
        var readAdditional = _arguments.AdditionalFiles.Select(f => (f.Path, Bytes: ReadIfThere(readSource, f.Path))).ToList();
        var readConfig = _arguments.AnalyzerConfigPaths.Select(p => (Path: p, Bytes: ReadIfThere(readSource, p))).ToList();
        var configChanged = !readConfig.Select(c => c.Bytes).SequenceEqual(_configFiles.Select(c => c.Bytes), BytesComparer.Instance);

        // Only the files whose bytes changed are parsed again, and the last compilation is updated
        // with them: unchanged trees, the references and their symbols are reused.
        var compilation = _last;
        var trees = new List<SyntaxTree>(read.Count);
        var parsed = new List<(string Path, byte[] Bytes, SyntaxTree Tree)>();
        foreach (var (path, bytes) in read)
        {
            if (_sources.TryGetValue(path, out var known) && known.Bytes.AsSpan().SequenceEqual(bytes))
            {
                trees.Add(known.Tree);
                continue;
            }

            var tree = CSharpSyntaxTree.ParseText(Text(bytes), _arguments.ParseOptions, path);
            compilation = compilation is null || known.Tree is null ? null : compilation.ReplaceSyntaxTree(known.Tree, tree);
            parsed.Add((path, bytes, tree));
            trees.Add(tree);
        }

        var additional = readAdditional.Select(f => _additional.TryGetValue(f.Path, out var known) && BytesComparer.Instance.Equals(known.Bytes, f.Bytes)
            ? (f.Path, f.Bytes, known.Text, Changed: false)
            : (f.Path, f.Bytes, Text: (AdditionalText)new ReadText(f.Path, f.Bytes is null ? null : Text(f.Bytes)), Changed: true)).ToList();
        var additionalChanged = additional.Any(a => a.Changed);
        if (parsed.Count == 0 && !additionalChanged && !configChanged && _lastResult is not null)
        {
            return _lastResult;
        }

        // A config saved (an .editorconfig): severities, generated code and the generators' options
        // come from it, so the compilation takes options made from it, as csc would.
        var config = configChanged ? new BuildAnalyzerConfig(readConfig, Config.AdditionalTexts) : Config;
        var options = configChanged ? OptionsWith(config) : _options;
        if (configChanged)
        {
            compilation = compilation?.WithOptions(options);
        }

        compilation ??= CSharpCompilation.Create(_arguments.CompilationName, trees, _references, options);
        var result = compilation;
        var generators = _generators;
        var additionalTexts = additional.Select(a => a.Text).ToImmutableArray();
        if (additionalChanged)
        {
            // Unchanged texts keep their instances: the generators' incremental state holds for them.
            generators = generators?.ReplaceAdditionalTexts(additionalTexts);
        }

        if (configChanged)
        {
            generators = generators?.WithUpdatedAnalyzerConfigOptions(config.Options);
        }

        if (generators is not null)
        {
            // The driver that comes back holds the generators' incremental state: the next save reruns only what its edit touches.
            generators = generators.RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out var generatorDiagnostics);
            result = (CSharpCompilation)withGenerated;
            _generatorDiagnostics = generatorDiagnostics;
        }

        foreach (var (path, bytes, tree) in parsed)
        {
            _sources[path] = (bytes, tree);
        }

        foreach (var (path, bytes, text, _) in additional)
        {
            _additional[path] = (bytes, text);
        }

        (Config, _options, _configFiles) = (config, options, readConfig);
        Config.AdditionalTexts = additionalTexts;

        (_last, _lastResult, _generators) = (compilation, result, generators);
        return result;
    }
}
