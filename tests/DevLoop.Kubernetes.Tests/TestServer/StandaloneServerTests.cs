using System.Diagnostics;
using System.Text.RegularExpressions;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.TestServer;

/// <summary>The server on its own (dotnet DevLoop.Kubernetes.TestServer.dll --kubeconfig PATH), as a developer runs it for kubectl.</summary>
[Collection(TestServerCollection.Name)]
public sealed class StandaloneServerTests : IDisposable
{
    private readonly TempDirectory _dir = new("devloop-standalone");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task It_writes_a_kubeconfig_serves_kubectl_and_removes_its_containers_on_SIGTERM()
    {
        await Testing.Docker.EnsureReadyAsync();
        var kubeconfig = _dir.Combine("kubeconfig");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ServerAssembly(), "--kubeconfig", kubeconfig })
        {
            start.ArgumentList.Add(argument);
        }

        using var server = Process.Start(start)!;
        var errors = server.StandardError.ReadToEndAsync();
        try
        {
            var banner = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? string.Empty;
            var id = Regex.Match(banner, "kts-([a-z0-9]+)-").Groups[1].Value;
            Assert.True(id.Length > 0, "unexpected banner: " + banner);
            Assert.Contains("current-context: kind-devloop-test", await File.ReadAllTextAsync(kubeconfig));
            var kubectl = new Kubectl(kubeconfig, _dir.Combine("home"));

            await kubectl.OkAsync("run", "idle", "--image", Testing.Docker.StockImage, "--command", "--", "sh", "-c", "sleep 600");
            await kubectl.OkAsync("wait", "--for=condition=Ready", "pod/idle", "--timeout=30s");
            Assert.NotEmpty(await Testing.Docker.OkAsync("ps", "-q", "--filter", "label=test.devloop/server=" + id));

            (await Run.ProcessAsync("kill", new[] { "-TERM", server.Id.ToString() })).EnsureSuccess("kill -TERM");
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(server.ExitCode == 0, $"the server exited with {server.ExitCode}:\n{await errors}");
            Assert.Equal(string.Empty, await Testing.Docker.OkAsync("ps", "-aq", "--filter", "label=test.devloop/server=" + id));
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private static string ServerAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "DevLoop.Kubernetes.TestServer.dll");
        Assert.True(File.Exists(path), "The test server is built next to the tests: " + path);
        return path;
    }
}
