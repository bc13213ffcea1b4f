using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using DevLoop.Core.Compiling;

namespace DevLoop.Cli.Building;

/// <summary>
/// The C# compiler of the SDK the project builds with (&lt;sdk&gt;/Roslyn/bincore, the one its builds
/// run), loaded into a context of its own with a second copy of DevLoop.Compiler bound to it, so
/// that the warm emit writes what the build writes: every PDB records the compiler's exact version.
/// The rest of the tool, hot reload included, keeps the Roslyn it carries.
/// </summary>
internal sealed class SdkCompiler
{
    private const string EmitterAssembly = "DevLoop.Compiler";
    private const string EmitterType = "DevLoop.Compiler.WarmEmitter";
    private readonly Context _context;

    private SdkCompiler(string folder, string version)
    {
        _context = new Context(folder);
        Folder = folder;
        Version = version;
    }

    /// <summary>Where the compiler is (&lt;sdk&gt;/Roslyn/bincore).</summary>
    public string Folder { get; }

    /// <summary>Its product version, for the user.</summary>
    public string Version { get; }

    /// <summary>The compiler of the SDK the project builds with (global.json respected), or why it cannot be used here.</summary>
    public static async Task<(SdkCompiler? Compiler, string? Why)> ForProjectAsync(string projectDir, CancellationToken cancellationToken)
    {
        var version = await SdkVersion.OfAsync(projectDir, cancellationToken).ConfigureAwait(false);
        var sdk = MSBuildInstances.Query(projectDir).FirstOrDefault(i => string.Equals(i.Version, version, StringComparison.OrdinalIgnoreCase));
        return sdk is null ? (null, "the SDK the project builds with was not found") : At(sdk.MSBuildPath, Environment.Version.Major);
    }

    /// <summary>The compiler in this SDK folder, when this runtime can run it.</summary>
    public static (SdkCompiler? Compiler, string? Why) At(string sdkDirectory, int runtimeMajor)
    {
        var folder = Path.Combine(sdkDirectory, "Roslyn", "bincore");
        if (!File.Exists(Path.Combine(folder, "Microsoft.CodeAnalysis.dll")) || !File.Exists(Path.Combine(folder, "Microsoft.CodeAnalysis.CSharp.dll")))
        {
            return (null, $"the SDK has no compiler in {folder}");
        }

        // Every PDB records the runtime its compiler ran on: the emit must run on the same one as csc.
        if (RuntimeMajor(Path.Combine(folder, "csc.runtimeconfig.json")) is not { } runs || runs != runtimeMajor)
        {
            return (null, $"the SDK's compiler runs on .NET {(RuntimeMajor(Path.Combine(folder, "csc.runtimeconfig.json"))?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(unknown)")} and this tool on .NET {runtimeMajor}, and every PDB records the runtime its compiler ran on");
        }

        var product = System.Diagnostics.FileVersionInfo.GetVersionInfo(Path.Combine(folder, "Microsoft.CodeAnalysis.CSharp.dll")).ProductVersion ?? "unknown";
        return (new SdkCompiler(folder, product.Split('+')[0]), null);
    }

    /// <summary>The warm emitter for the build with these compiler arguments, on this compiler.</summary>
    /// <exception cref="InvalidOperationException">The arguments cannot be taken (the message says why).</exception>
    public IWarmEmitter OpenEmitter(IReadOnlyList<string> arguments, string projectDir)
    {
        var assembly = _context.LoadFromAssemblyName(new AssemblyName(EmitterAssembly));
        var open = assembly.GetType(EmitterType, throwOnError: true)!.GetMethod("Open", BindingFlags.Public | BindingFlags.Static)!;
        try
        {
            return (IWarmEmitter)open.Invoke(null, new object[] { arguments, projectDir })!;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new InvalidOperationException(inner.Message, inner);
        }
    }

    private static int? RuntimeMajor(string runtimeConfig)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
            var tfm = document.RootElement.GetProperty("runtimeOptions").GetProperty("tfm").GetString();
            return tfm is not null && tfm.StartsWith("net", StringComparison.Ordinal) && System.Version.TryParse(tfm[3..], out var version) ? version.Major : null;
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // No readable runtime config: do not take a compiler this runtime may not run.
            return null;
        }
    }

    /// <summary>Roslyn from the SDK, DevLoop.Compiler from beside the tool (a copy bound to that Roslyn), everything else shared with the tool.</summary>
    private sealed class Context(string folder) : AssemblyLoadContext("DevLoop.SdkCompiler")
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == EmitterAssembly)
            {
                return LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, EmitterAssembly + ".dll"));
            }

            if (name.Name is { } simple && simple.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && Path.Combine(folder, simple + ".dll") is var path && File.Exists(path))
            {
                return LoadFromAssemblyPath(path);
            }

            return null;
        }
    }
}
