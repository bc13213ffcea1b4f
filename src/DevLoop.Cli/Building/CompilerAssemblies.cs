using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace DevLoop.Cli.Building;

/// <summary>
/// Where this process takes Roslyn from, for hot reload's compilation: the project's SDK's own
/// compiler (&lt;sdk&gt;/Roslyn/bincore) when this runtime can run it and it is at least the version
/// DevLoop was compiled against, so that DevLoop compiles exactly as the build does (the compiler's
/// version is written into every PDB); otherwise the copy the tool carries (roslyn/ beside it). Roslyn
/// is kept out of the tool's own dependencies so that this choice is made once, before any of its
/// types load; like MSBuild's registration, it holds for the whole process.
/// </summary>
internal static class CompilerAssemblies
{
    public const string BundledFolder = "roslyn";

    private static readonly string[] Names = { "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp" };
    private static readonly object Gate = new();

    /// <summary>The compiler this process loads, once chosen.</summary>
    public static CompilerChoice? Chosen { get; private set; }

    /// <summary>Chooses the SDK's compiler or the tool's own (the first call decides for the process) and serves Roslyn from there.</summary>
    /// <param name="sdkDirectory">The project's SDK (&lt;dotnet&gt;/sdk/&lt;version&gt;), or null when it is not known.</param>
    public static CompilerChoice Use(string? sdkDirectory)
    {
        lock (Gate)
        {
            if (Chosen is { } chosen)
            {
                return chosen;
            }

            Chosen = Choose(sdkDirectory, Path.Combine(AppContext.BaseDirectory, BundledFolder), Required(), Environment.Version.Major);
            var folder = Chosen.Folder;
            AssemblyLoadContext.Default.Resolving += (context, name) =>
                name.Name is { } simple && Names.Contains(simple, StringComparer.Ordinal) && File.Exists(Path.Combine(folder, simple + ".dll"))
                    ? context.LoadFromAssemblyPath(Path.Combine(folder, simple + ".dll"))
                    : null;
            return Chosen;
        }
    }

    /// <summary>Uses the compiler of the SDK the project builds with (global.json respected).</summary>
    public static async Task<CompilerChoice> UseForProjectAsync(string projectDir, CancellationToken cancellationToken)
    {
        var version = await SdkVersion.OfAsync(projectDir, cancellationToken).ConfigureAwait(false);
        var sdk = MSBuildInstances.Query(projectDir).FirstOrDefault(i => string.Equals(i.Version, version, StringComparison.OrdinalIgnoreCase));
        return Use(sdk?.MSBuildPath);
    }

    /// <summary>The choice alone, from what is on disk: testable without loading anything.</summary>
    public static CompilerChoice Choose(string? sdkDirectory, string bundled, Version required, int runtimeMajor)
    {
        var own = $"the compiler DevLoop carries (Roslyn {required})";
        if (sdkDirectory is null)
        {
            return new CompilerChoice(bundled, FromSdk: false, $"{own}: the project's SDK is not known");
        }

        var folder = Path.Combine(sdkDirectory, "Roslyn", "bincore");
        var versions = Names.Select(n => Path.Combine(folder, n + ".dll")).Select(p => File.Exists(p) ? AssemblyName.GetAssemblyName(p).Version : null).ToList();
        if (versions.Any(v => v is null))
        {
            return new CompilerChoice(bundled, FromSdk: false, $"{own}: the SDK has no compiler in {folder}");
        }

        if (versions.Any(v => v < required))
        {
            return new CompilerChoice(bundled, FromSdk: false, $"{own}: the SDK's compiler (Roslyn {versions.Min()}) is older than DevLoop needs");
        }

        if (RuntimeMajor(Path.Combine(folder, "csc.runtimeconfig.json")) is not { } needs || needs > runtimeMajor)
        {
            return new CompilerChoice(bundled, FromSdk: false, $"{own}: the SDK's compiler runs on a newer .NET than this tool's .NET {runtimeMajor}");
        }

        var product = System.Diagnostics.FileVersionInfo.GetVersionInfo(Path.Combine(folder, "Microsoft.CodeAnalysis.CSharp.dll")).ProductVersion?.Split('+')[0];
        return new CompilerChoice(folder, FromSdk: true, $"the SDK's own compiler (Roslyn {product ?? versions.Min()!.ToString()})");
    }

    /// <summary>The Roslyn version DevLoop's hot reload was compiled against.</summary>
    private static Version Required() =>
        Assembly.Load(new AssemblyName("DevLoop.HotReload")).GetReferencedAssemblies().First(a => a.Name == "Microsoft.CodeAnalysis").Version!;

    private static int? RuntimeMajor(string runtimeConfig)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
            var tfm = document.RootElement.GetProperty("runtimeOptions").GetProperty("tfm").GetString();
            return tfm is not null && tfm.StartsWith("net", StringComparison.Ordinal) && Version.TryParse(tfm[3..], out var version) ? version.Major : null;
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // No readable runtime config: do not take a compiler this runtime may not run.
            return null;
        }
    }
}

/// <param name="Folder">Where Microsoft.CodeAnalysis(.CSharp).dll are loaded from.</param>
/// <param name="FromSdk">Whether that is the SDK's own compiler, the one its builds run.</param>
/// <param name="Reason">Which, and why, for watch to say.</param>
internal sealed record CompilerChoice(string Folder, bool FromSdk, string Reason);
