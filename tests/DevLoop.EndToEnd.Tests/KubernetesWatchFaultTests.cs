using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>
/// The fault suite's rows for `dotnet devloop watch` on Kubernetes when the cluster takes away what
/// the user had: the token stops authenticating (401), or RBAC takes every right away (403), while
/// watch runs. A save then must not leave the pod half changed; watch must say why (with the code)
/// and keep running, or the save goes through on an exec stream opened before (a real API server
/// does not re-check an open stream either); once the rights are back the next save reaches the pod.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class KubernetesWatchFaultTests
{
    private const string Token = "watch-token";
    private readonly PackedPackages _packages;

    public KubernetesWatchFaultTests(PackedPackages packages)
    {
        _packages = packages;
    }

    [Fact]
    public Task The_token_revoked_mid_watch() =>
        TakenAwayAsync("watch on Kubernetes: the token revoked (401) mid-watch, then valid again", "DL1101", s => s.RemoveToken(Token), s => s.AddToken(Token, "dev"));

    [Fact]
    public Task RBAC_denied_mid_watch() =>
        TakenAwayAsync("watch on Kubernetes: RBAC takes every right away mid-watch, then gives them back", "DL1102", s => s.Forbid("dev"), s => s.Allow("dev"));

    private async Task TakenAwayAsync(string scenario, string code, Action<ServerUsers> takeAway, Action<ServerUsers> giveBack)
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetResponse("saved 0");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var tool = await project.InstallToolAsync(_packages);
        await using var cluster = await KubernetesCluster.StartAsync(project, 1);
        cluster.Server.Users.AddToken(Token, "dev");
        File.WriteAllText(cluster.Kubeconfig, KubeconfigWriter.Write(cluster.Server, "kind-devloop-e2e", null, null, Token));
        var pod = (await cluster.ReadyPodsAsync(1))[0];
        await using var watch = WatchProcess.Start(tool, project.Dir, project.Environment, new[] { "watch" }.Concat(cluster.Properties).ToArray());
        await watch.WaitForOutputAsync($"[{pod}] ", TimeSpan.FromSeconds(90));
        var saves = 0;

        await FaultRuns.RunAsync(scenario, async (run, ct) =>
        {
            // A new endpoint each time: a build and a sync, never only a delta over the session already open.
            var served = await Http.GetAsync(cluster.Url(pod));
            var codesBefore = watch.Count(code);
            takeAway(cluster.Server.Users);
            saves++;
            project.SetResponse($"saved {saves}", $"app.MapGet(\"/s{saves}\", () => \"s{saves}\");");
            // Watch either says why (the code) and leaves the pod as it was, or the save goes through on the
            // exec stream it opened before the fault: the API server checks a stream's rights when it
            // opens, not while it runs, so that is true too. Anything else (a mix, silence) is not.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            string? message = null;
            string kept = served;
            while (DateTime.UtcNow < deadline && !watch.HasExited)
            {
                if (watch.Count(code) > codesBefore)
                {
                    message = watch.Output.Split('\n').Last(l => l.Contains(code, StringComparison.Ordinal)).Trim();
                    break;
                }

                try
                {
                    kept = await Http.GetAsync(cluster.Url(pod));
                }
                catch (HttpRequestException)
                {
                    // The app is restarting in place: asked again below.
                }

                if (kept == $"saved {saves}")
                {
                    message = "(synced on the exec stream opened before: the API server checks rights when a stream opens)";
                    break;
                }

                await Task.Delay(250, ct);
            }

            await Task.Delay(1000, ct);
            kept = await Http.WaitForAsync(cluster.Url(pod), _ => true, TimeSpan.FromSeconds(30));
            var found = kept == served || kept == $"saved {saves}"
                ? new VersionFound("whole", kept == served ? saves - 1 : saves, kept)
                : new VersionFound("corrupt", null, $"served '{kept}', before '{served}'");
            var messageTrue = !watch.HasExited && message is not null
                && (message.Contains(code, StringComparison.Ordinal) ? kept == served : kept == $"saved {saves}");

            // Rights back: the next save reaches the pod (a new endpoint again) and watch goes on.
            giveBack(cluster.Server.Users);
            saves++;
            project.SetResponse($"saved {saves}", $"app.MapGet(\"/s{saves}\", () => \"s{saves}\");");
            bool next;
            try
            {
                await Http.WaitForAsync(cluster.Url(pod), b => b == $"saved {saves}", TimeSpan.FromSeconds(90));
                next = !watch.HasExited;
            }
            catch (TimeoutException)
            {
                next = false;
            }

            return new FaultOutcome(found, message ?? $"(nothing said in 90 s; the app serves '{kept}')", messageTrue, false, next);
        });
    }
}
