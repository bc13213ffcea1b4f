using DevLoop.Cli.Building;

namespace DevLoop.Cli.Tests.Building;

/// <summary>
/// Registers the SDK's MSBuild in the test process, as watch does, before any test that uses a
/// Microsoft.Build type runs (the test project has no MSBuild assemblies of its own).
/// </summary>
public sealed class MSBuildFixture : IAsyncLifetime
{
    public string SdkVersion { get; private set; } = string.Empty;

    public int SdkMajor => int.Parse(SdkVersion.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        var dir = Path.GetTempPath();
        SdkVersion = await Cli.Building.SdkVersion.OfAsync(dir, CancellationToken.None)
            ?? throw new InvalidOperationException("'dotnet --version' failed; the in-process build tests need the .NET SDK.");
        var choice = BuildWayChooser.Choose("inproc", SdkVersion, Environment.Version.Major, MSBuildInstances.Query(dir));
        if (choice.Way != BuildWay.InProcess || choice.Sdk is null)
        {
            throw new InvalidOperationException("This machine cannot build in process: " + choice.Reason);
        }

        if (!MSBuildInstances.Register(choice.Sdk, dir))
        {
            throw new InvalidOperationException("Another SDK's MSBuild is already registered in the test process.");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
