using System.Diagnostics;
using System.Security.Cryptography;
using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>
/// The fault suite's rows for the tool killed (SIGKILL, the whole process tree) during
/// `dotnet devloop sync` into a container: the tool reaches the engine through a proxy
/// (DOCKER_HOST), which holds the 16 MiB payload half way, or once it is all sent, while the
/// process is killed; then every connection is cut, as the kernel does for a dead process.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ToolKilledFaultTests
{
    private const string Ballast = "ballast.bin";
    private const int BallastBytes = 16 * 1024 * 1024;
    private static readonly string[] Telling = { "Shop.dll", "Shop.pdb", Ballast };

    private readonly PackedPackages _packages;

    public ToolKilledFaultTests(PackedPackages packages)
    {
        _packages = packages;
    }

    [Fact]
    public Task The_tool_killed_mid_transfer() =>
        KilledAsync("the tool (dotnet devloop sync) killed mid-transfer", BallastBytes / 2, FaultMoment.MidTransfer);

    [Fact]
    public Task The_tool_killed_once_the_payload_is_sent_while_the_agent_applies() =>
        KilledAsync("the tool (dotnet devloop sync) killed once the payload is sent, while the agent applies", BallastBytes, FaultMoment.AfterUpload);

    private async Task KilledAsync(string scenario, long killAfterBytes, FaultMoment moment)
    {
        using var project = await UserProject.CreateAsync(_packages);
        var csproj = Path.Combine(project.Dir, "Shop.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", $"  <ItemGroup><None Include=\"{Ballast}\" CopyToOutputDirectory=\"PreserveNewest\" /></ItemGroup>\n</Project>", StringComparison.Ordinal));
        var text = "run 0";
        project.SetResponse(text);
        File.WriteAllBytes(Path.Combine(project.Dir, Ballast), RandomNumberGenerator.GetBytes(BallastBytes));
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var tool = await project.InstallToolAsync(_packages);
        await using var container = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next());
        await Http.WaitForAsync(container.Url, b => b == text, TimeSpan.FromSeconds(30));
        await Docker.OkAsync("exec", "-u", "root", container.Name, "sh", "-c", $"echo mine > /app/{VersionFound.UserFile}");
        var sync = new[] { "sync", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name };

        await FaultRuns.RunAsync("Docker: " + scenario, async (run, ct) =>
        {
            var before = Hashes(project.OutputDir);
            var previous = text;
            text = $"run {run + 1}";
            project.SetResponse(text);
            File.WriteAllBytes(Path.Combine(project.Dir, Ballast), RandomNumberGenerator.GetBytes(BallastBytes));

            await using var proxy = FaultProxy.ToUnixSocket("/var/run/docker.sock");
            Process? process = null;
            var fired = proxy.Arm(killAfterBytes, moment, FaultCut.Everything, () =>
            {
                process!.Kill(entireProcessTree: true);
                return process.WaitForExitAsync(ct);
            });
            var environment = new Dictionary<string, string>(project.Environment) { ["DOCKER_HOST"] = "tcp://127.0.0.1:" + proxy.Port };
            var killed = await Run.ProcessAsync(tool, sync, project.Dir, environment, TimeSpan.FromMinutes(2), started: p => process = p);
            await fired.WaitAsync(TimeSpan.FromSeconds(30), ct);

            // What the container holds: the files of the version before, or of this one, whole, and served.
            var built = Hashes(project.OutputDir);
            var versions = Telling.ToDictionary(f => f, f => new[] { before[f], built[f] });
            var found = await VersionFound.InContainerAsync(container.Name, versions);
            var served = await Http.WaitForAsync(container.Url, b => b == previous || b == text, TimeSpan.FromSeconds(60));
            if (found.Whole && found.Version is { } version && served != (version == 1 ? previous : text))
            {
                found = new VersionFound("mixed", null, $"the files are of '{(version == 1 ? previous : text)}', the app serves '{served}'");
            }

            // The user runs it again: it syncs (or says it is up to date) and the app serves this version.
            var again = await Run.ProcessAsync(tool, sync, project.Dir, project.Environment, TimeSpan.FromMinutes(2));
            var next = again.ExitCode == 0 && await ServesAsync(container.Url, text);
            var message = killed.ExitCode == 137 || killed.ExitCode == -1 ? "(none: the tool was killed)" : $"(the tool ended with {killed.ExitCode} before the kill)";
            return new FaultOutcome(found, message, killed.ExitCode != 0, found.Lost, next);
        });
    }

    private static async Task<bool> ServesAsync(string url, string text)
    {
        try
        {
            await Http.WaitForAsync(url, b => b == text, TimeSpan.FromSeconds(60));
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Telling.ToDictionary(f => f, f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f)))));
}
