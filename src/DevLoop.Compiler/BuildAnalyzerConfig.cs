using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DevLoop.Compiler;

/// <summary>
/// The build's analyzer config (.editorconfig files, the build's generated global config) as one
/// compilation read it, and its additional files: the options generators and analyzers see, and
/// the severities that the config gives diagnostics per source file, as csc applies them.
/// </summary>
internal sealed partial class BuildAnalyzerConfig
{
    private readonly AnalyzerConfigSet _set;

    /// <param name="files">Each config file's bytes, in the compiler's order; null for one that does not exist (csc skips it).</param>
    public BuildAnalyzerConfig(IEnumerable<(string Path, byte[]? Bytes)> files, ImmutableArray<AdditionalText> additionalTexts)
    {
        var texts = files.Where(f => f.Bytes is not null).Select(f => (f.Path, Text: TextOf(f.Bytes!))).ToList();
        _set = AnalyzerConfigSet.Create(texts.Select(t => AnalyzerConfig.Parse(t.Text, t.Path)).ToList());
        RaisesToError = texts.Any(t => ErrorSeverity().IsMatch(t.Text));
        SetsSeverities = texts.Any(t => AnySeverity().IsMatch(t.Text));
        AdditionalTexts = additionalTexts;
        Options = new ConfigOptions(_set);
    }

    /// <summary>The config files as they are on disk now, the additional files read when asked for.</summary>
    public static BuildAnalyzerConfig Of(CSharpCommandLineArguments arguments, out IReadOnlyList<(string Path, byte[]? Bytes)> files)
    {
        files = arguments.AnalyzerConfigPaths.Select(p => (p, File.Exists(p) ? File.ReadAllBytes(p) : null)).ToList();
        return new BuildAnalyzerConfig(files, arguments.AdditionalFiles.Select(f => (AdditionalText)new FileText(f.Path)).ToImmutableArray());
    }

    /// <summary>A config file's text as File.ReadAllText reads it (a byte order mark says the encoding, else UTF-8).</summary>
    private static string TextOf(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Whether any config makes some diagnostic an error (a `severity = error` line).</summary>
    public bool RaisesToError { get; }

    /// <summary>Whether any config sets a diagnostic's severity at all (which /warnaserror makes an error when it is a warning).</summary>
    public bool SetsSeverities { get; }

    /// <summary>The additional files as the last compilation read them (until the first, as on disk).</summary>
    public ImmutableArray<AdditionalText> AdditionalTexts { get; set; }

    public AnalyzerConfigOptionsProvider Options { get; }

    /// <summary>The severities the config gives, for these source files (generated ones get none, as in csc).</summary>
    public SyntaxTreeOptionsProvider TreeOptions(IEnumerable<string> sourcePaths) =>
        new TreeSeverities(sourcePaths.Distinct(StringComparer.Ordinal).ToDictionary(p => p, p => _set.GetOptionsForSourcePath(p), StringComparer.Ordinal), _set.GlobalConfigOptions);

    [GeneratedRegex(@"severity\s*=\s*error", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorSeverity();

    [GeneratedRegex(@"severity\s*=\s*(warning|error)", RegexOptions.IgnoreCase)]
    private static partial Regex AnySeverity();

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText? GetText(CancellationToken cancellationToken = default) =>
            File.Exists(Path) ? Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(Path)) : null;
    }

    private sealed class ConfigOptions(AnalyzerConfigSet set) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => new Options(set.GlobalConfigOptions.AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(set.GetOptionsForSourcePath(tree.FilePath).AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(set.GetOptionsForSourcePath(textFile.Path).AnalyzerOptions);

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }

    private sealed class TreeSeverities(IReadOnlyDictionary<string, AnalyzerConfigOptionsResult> sources, AnalyzerConfigOptionsResult global) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
            sources.TryGetValue(tree.FilePath, out var options) && options.AnalyzerOptions.TryGetValue("generated_code", out var value)
                ? string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? GeneratedKind.MarkedGenerated
                : string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) ? GeneratedKind.NotGenerated
                : GeneratedKind.Unknown
                : GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return sources.TryGetValue(tree.FilePath, out var options) && options.TreeOptions.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            global.TreeOptions.TryGetValue(diagnosticId, out severity);
    }
}
