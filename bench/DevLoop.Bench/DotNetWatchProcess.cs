using System.Diagnostics;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>`dotnet watch run` on a copy of an app, locally: the reference the hot reload benchmarks measure DevLoop beside.</summary>
internal sealed class DotNetWatchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    private DotNetWatchProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public IReadOnlyList<string> Lines() => _lines.ToList();

    /// <param name="firstAnswer">What the app answers at / before any edit: watch is ready once it does.</param>
    public static async Task<DotNetWatchProcess> StartAsync(string projectDir, string firstAnswer)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = projectDir };
        foreach (var arg in new[] { "watch", "--non-interactive", "--project", projectDir, "run" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["DOTNET_WATCH_SUPPRESS_EMOJIS"] = "1";
        start.Environment["DOTNET_WATCH_SUPPRESS_LAUNCH_BROWSER"] = "1";
        var process = new Process { StartInfo = start };
        var watch = new DotNetWatchProcess(process, url);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { watch._lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { watch._lines.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Http.WaitForAsync(url, b => b == firstAnswer, TimeSpan.FromSeconds(180));
        return watch;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
