using System.Text.Json.Nodes;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Http;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Http;

/// <summary>One run of a plugin: what it is given, what its failures become, and that it cannot hang a build.</summary>
public sealed class ExecPluginRunnerTests : IDisposable
{
    private static readonly KubeCluster Cluster = new(new Uri("https://127.0.0.1:6443"), null, false, null);
    private readonly TempDirectory _dir = new("devloop-exec-plugin");
    private readonly ExecPluginRunner _runner = new(ExecPluginRunner.DefaultTimeout);

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("Never")]
    [InlineData("IfAvailable")]
    public async Task The_plugin_gets_its_args_our_environment_plus_its_env_and_the_request_and_no_stdin(string interactiveMode)
    {
        var script = PluginScripts.Write(_dir, """
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$DIR/info"
            printf '%s|%s|%s' "$1" "$2" "$FROM_KUBECONFIG" > "$DIR/args"
            printf '%s' "$PATH" > "$DIR/path"
            cat > "$DIR/stdin"
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'
            """);
        var plugin = PluginScripts.Plugin(script, interactiveMode: interactiveMode, environment: new Dictionary<string, string> { ["FROM_KUBECONFIG"] = "from-env" }, args: new[] { "get-token", "--cluster=a b" });

        var credential = await _runner.RunAsync(plugin, Cluster, CancellationToken.None);

        Assert.Equal("t", credential.Token);
        Assert.Equal("get-token|--cluster=a b|from-env", File.ReadAllText(_dir.Combine("args")));
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), File.ReadAllText(_dir.Combine("path")));
        Assert.Equal(string.Empty, File.ReadAllText(_dir.Combine("stdin")));
        var info = JsonNode.Parse(File.ReadAllText(_dir.Combine("info")))!;
        Assert.Equal(PluginScripts.V1, (string?)info["apiVersion"]);
        Assert.False((bool)info["spec"]!["interactive"]!);
    }

    [Fact]
    public async Task A_missing_plugin_is_DL2106_with_the_install_hint()
    {
        var onPath = await Assert.ThrowsAsync<DevLoopException>(() =>
            _runner.RunAsync(PluginScripts.Plugin("devloop-no-such-plugin", installHint: "Install it: brew install no-such-plugin"), Cluster, CancellationToken.None));
        Assert.Equal(ErrorCodes.ExecPluginNotFound, onPath.Code);
        Assert.Contains("'devloop-no-such-plugin'", onPath.Message);
        Assert.Contains("on PATH", onPath.Message);
        Assert.Contains("brew install no-such-plugin", onPath.Message);

        var byPath = await Assert.ThrowsAsync<DevLoopException>(() =>
            _runner.RunAsync(PluginScripts.Plugin(_dir.Combine("missing")), Cluster, CancellationToken.None));
        Assert.Equal(ErrorCodes.ExecPluginNotFound, byPath.Code);
        Assert.DoesNotContain("on PATH", byPath.Message);
    }

    [Fact]
    public async Task A_failing_plugin_is_DL2107_with_its_exit_code_and_stderr_but_not_its_stdout()
    {
        var script = PluginScripts.Write(_dir, """
            echo '{"status":{"token":"s3cr3t-stdout"}}'
            echo "login expired: run tool login" >&2
            exit 3
            """);

        var error = await Assert.ThrowsAsync<DevLoopException>(() => _runner.RunAsync(PluginScripts.Plugin(script), Cluster, CancellationToken.None));

        Assert.Equal(ErrorCodes.ExecPluginFailed, error.Code);
        Assert.Contains("exit code 3", error.Message);
        Assert.Contains("login expired: run tool login", error.Message);
        Assert.DoesNotContain("s3cr3t-stdout", error.ToString());
    }

    [Theory]
    [InlineData(PluginScripts.V1, "Always", "interactiveMode Always")]
    [InlineData(PluginScripts.V1, "Sometimes", "interactiveMode 'Sometimes'")]
    [InlineData("client.authentication.k8s.io/v1alpha1", "Never", "does not support")]
    public async Task Plugins_DevLoop_cannot_run_as_configured_are_DL2108_and_never_start(string apiVersion, string interactiveMode, string expected)
    {
        var plugin = PluginScripts.Plugin(PluginScripts.TokenPlugin(_dir), apiVersion, interactiveMode);

        var error = await Assert.ThrowsAsync<DevLoopException>(() => _runner.RunAsync(plugin, Cluster, CancellationToken.None));

        Assert.Equal(ErrorCodes.ExecPluginInvalid, error.Code);
        Assert.Contains(expected, error.Message);
        Assert.Equal(0, PluginScripts.Runs(_dir));
    }

    [Fact]
    public async Task A_hung_plugin_is_stopped_with_its_children_after_the_timeout()
    {
        var plugin = PluginScripts.Plugin(HangingPlugin());

        var error = await Assert.ThrowsAsync<DevLoopException>(() => new ExecPluginRunner(TimeSpan.FromSeconds(1)).RunAsync(plugin, Cluster, CancellationToken.None));

        Assert.Equal(ErrorCodes.ExecPluginFailed, error.Code);
        Assert.Contains("did not finish within 1 s", error.Message);
        await AssertStoppedAsync(_dir.Combine("sleep.pid"));
    }

    [Fact]
    public async Task Cancelling_kills_the_plugin_and_its_children()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _runner.RunAsync(PluginScripts.Plugin(HangingPlugin()), Cluster, cancel.Token));

        await AssertStoppedAsync(_dir.Combine("sleep.pid"));
    }

    private string HangingPlugin() => PluginScripts.Write(_dir, """
        sleep 60 &
        echo $! > "$DIR/sleep.pid"
        wait
        """);

    private static async Task AssertStoppedAsync(string pidFile)
    {
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 50 && IsRunning(pid); attempt++)
        {
            await Task.Delay(100);
        }

        Assert.False(IsRunning(pid), $"The plugin's child process {pid} still runs.");
    }

    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            // A zombie (state Z) has exited and only waits for its parent to reap it.
            var text = File.ReadAllText(stat);
            return text[text.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false; // it vanished between the two calls
        }
    }
}
