namespace DevLoop.Testing;

/// <summary>
/// The Docker CLI, for test set-up only (the product talks to the Engine API itself). The engine
/// must be running: these tests fail, never skip, when it is not.
/// </summary>
public static class Docker
{
    private static readonly SemaphoreSlim ImagesLock = new(1, 1);
    private static bool _imagesReady;

    public const string StockImage = "devloop-test/aspnet:latest";
    public const string ChiseledImage = "devloop-test/chiseled:latest";
    public const string Net8Image = "devloop-test/aspnet8:latest";

    public static async Task<ProcessResult> RunAsync(params string[] arguments) =>
        await Run.ProcessAsync("docker", arguments, timeout: TimeSpan.FromMinutes(3));

    public static async Task<string> OkAsync(params string[] arguments) =>
        (await RunAsync(arguments)).EnsureSuccess("docker " + string.Join(' ', arguments)).Stdout.Trim();

    /// <summary>Checks the engine answers and the local test images exist, building them if needed.</summary>
    public static async Task EnsureReadyAsync()
    {
        await ImagesLock.WaitAsync();
        try
        {
            if (_imagesReady)
            {
                return;
            }

            var version = await RunAsync("version", "--format", "{{.Server.Version}}");
            Assert.True(version.ExitCode == 0, "These tests need a running Docker engine (apt-get install docker.io; dockerd --iptables=false --bridge=none &). docker version said:\n" + version.Output);
            var script = Path.Combine(RepoPaths.Root, "tests", "images", "build-test-images.sh");
            (await Run.ProcessAsync("bash", new[] { script }, timeout: TimeSpan.FromMinutes(5))).EnsureSuccess("building the test images");
            _imagesReady = true;
        }
        finally
        {
            ImagesLock.Release();
        }
    }

    /// <summary>An image holding the app in /app (owned by root), for containers whose root file system is read-only.</summary>
    public static async Task<string> BakeImageAsync(string baseImage, string appOutputDir)
    {
        var builder = "devloop-bake-" + Guid.NewGuid().ToString("N")[..10];
        var image = "devloop-test/" + builder + ":latest";
        await OkAsync("create", "--name", builder, baseImage, "true");
        try
        {
            await OkAsync("cp", appOutputDir.TrimEnd('/') + "/.", builder + ":/app/");
            await OkAsync("commit", builder, image);
        }
        finally
        {
            await RunAsync("rm", "-f", builder);
        }

        return image;
    }

    /// <summary>Creates a container running `dotnet APP.dll` from /app (owned by root, as COPY leaves it), copies the app in and starts it.</summary>
    public static async Task<TestContainer> StartAppAsync(string image, string appOutputDir, string assembly, int port, params string[] extraCreateArguments)
    {
        var name = "devloop-test-" + Guid.NewGuid().ToString("N")[..10];
        var create = new List<string> { "create", "--name", name, "--network", "host", "-e", $"ASPNETCORE_URLS=http://127.0.0.1:{port}" };
        create.AddRange(extraCreateArguments);
        var readOnly = extraCreateArguments.Contains("--read-only");
        var bakedImage = readOnly ? await BakeImageAsync(image, appOutputDir) : null;
        create.AddRange(new[] { bakedImage ?? image, "dotnet", assembly });
        await OkAsync(create.ToArray());
        var container = new TestContainer(name, port, bakedImage);
        if (!readOnly)
        {
            await OkAsync("cp", appOutputDir.TrimEnd('/') + "/.", name + ":/app/");
        }

        await OkAsync("start", name);
        return container;
    }
}

public sealed class TestContainer : IAsyncDisposable
{
    private readonly string? _image;

    public TestContainer(string name, int port, string? image = null)
    {
        Name = name;
        Port = port;
        _image = image;
    }

    public string Name { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    public async Task<string> InspectAsync(string format) => await Docker.OkAsync("inspect", "-f", format, Name);

    public async Task<string> LogsAsync() => (await Docker.RunAsync("logs", Name)).Output;

    public async ValueTask DisposeAsync()
    {
        await Docker.RunAsync("rm", "-f", Name);
        if (_image is not null)
        {
            await Docker.RunAsync("rmi", "-f", _image);
        }
    }
}
