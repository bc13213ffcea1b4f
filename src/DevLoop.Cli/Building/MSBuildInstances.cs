using Microsoft.Build.Locator;

namespace DevLoop.Cli.Building;

/// <summary>
/// The installed SDKs (MSBuildLocator), and pointing this process at one SDK's MSBuild. Registration
/// must come before any Microsoft.Build type is loaded, so the types that use MSBuild are reached
/// only through methods that run after it; it is once per process, as MSBuild can be loaded once.
/// </summary>
internal static class MSBuildInstances
{
    private static readonly object Gate = new();

    public static IReadOnlyList<SdkInstance> Query(string projectDir) =>
        Instances(projectDir).Select(i => new SdkInstance(Path.GetFileName(Path.TrimEndingDirectorySeparator(i.MSBuildPath)), i.MSBuildPath)).ToList();

    /// <summary>Registers the SDK's MSBuild; false when another SDK's MSBuild is already registered in this process.</summary>
    public static bool Register(SdkInstance sdk, string projectDir)
    {
        lock (Gate)
        {
            if (MSBuildLocator.IsRegistered)
            {
                return string.Equals(Registered, sdk.MSBuildPath, StringComparison.Ordinal);
            }

            // RegisterInstance, not RegisterMSBuildPath: it also sets MSBuildExtensionsPath and MSBuildSDKsPath for the SDK.
            var instance = Instances(projectDir).FirstOrDefault(i => i.MSBuildPath == sdk.MSBuildPath)
                ?? throw new InvalidOperationException($"MSBuildLocator no longer lists '{sdk.MSBuildPath}'.");
            MSBuildLocator.RegisterInstance(instance);
            Registered = sdk.MSBuildPath;

            // The SDK's tasks start `dotnet` (the compiler server, NuGet) through DOTNET_HOST_PATH, which
            // `dotnet build` sets for its own MSBuild; a tool started through its apphost has none.
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")) && HostOf(sdk) is { } host)
            {
                Environment.SetEnvironmentVariable("DOTNET_HOST_PATH", host);
            }

            return true;
        }
    }

    private static string? Registered { get; set; }

    private static IEnumerable<VisualStudioInstance> Instances(string projectDir)
    {
        // All SDKs, also those this runtime cannot load: the chooser says why it does not use them.
        MSBuildLocator.AllowQueryAllRuntimeVersions = true;
        var options = new VisualStudioInstanceQueryOptions { DiscoveryTypes = DiscoveryType.DotNetSdk, WorkingDirectory = projectDir };
        return MSBuildLocator.QueryVisualStudioInstances(options);
    }

    private static string? HostOf(SdkInstance sdk)
    {
        // <dotnet root>/sdk/<version>/
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(sdk.MSBuildPath)));
        var host = root is null ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return host is not null && File.Exists(host) ? host : null;
    }
}
