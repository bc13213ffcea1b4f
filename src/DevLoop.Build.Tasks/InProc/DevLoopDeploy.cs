using DevLoop.Core.Errors;
using Microsoft.Build.Framework;
using Task = Microsoft.Build.Utilities.Task;

namespace DevLoop.Build.Tasks;

/// <summary>Syncs the build output into the configured target and restarts the app there (MSBuild on .NET).</summary>
public sealed class DevLoopDeploy : Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    [Required]
    public string OutputDir { get; set; } = string.Empty;

    [Required]
    public string StateDir { get; set; } = string.Empty;

    public string Target { get; set; } = "local";

    public string? Container { get; set; }

    public string AppDir { get; set; } = "/app";

    public string LocalDir { get; set; } = string.Empty;

    public string? DotNetHostPath { get; set; }

    public string? SummaryFile { get; set; }

    public string? HostAssembly { get; set; }

    public bool Restart { get; set; } = true;

    public string? StaticDir { get; set; }

    public string? Kubeconfig { get; set; }

    public string? Context { get; set; }

    public string? Namespace { get; set; }

    public string? Selector { get; set; }

    public string? Workload { get; set; }

    public string? AllowedContexts { get; set; }

    public string? ReadyTimeout { get; set; }

    public string? ProjectDir { get; set; }

    [Output]
    public int FilesSynced { get; set; }

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        var args = new DeployArguments
        {
            OutputDir = OutputDir,
            StateDir = StateDir,
            Target = string.IsNullOrWhiteSpace(Target) ? "local" : Target,
            Container = Container,
            AppDir = string.IsNullOrWhiteSpace(AppDir) ? "/app" : AppDir,
            LocalDir = LocalDir,
            DotNetHostPath = DotNetHostPath,
            SummaryFile = SummaryFile,
            Restart = Restart,
            StaticDir = StaticDir,
            Kubeconfig = Kubeconfig,
            Context = Context,
            Namespace = Namespace,
            Selector = Selector,
            Workload = Workload,
            AllowedContexts = AllowedContexts,
            ReadyTimeout = ReadyTimeout,
            ProjectDir = ProjectDir,
        };
        try
        {
            // The one crossing from MSBuild's synchronous Execute into the async engine.
            var result = DeployRunner.RunAsync(args, new MSBuildLog(Log), _cancel.Token).GetAwaiter().GetResult();
            FilesSynced = result.FilesPut + result.FilesDeleted;
        }
        catch (DevLoopException e)
        {
            Log.LogError(null, e.Code, null, null, 0, 0, 0, 0, e.Message);
        }
        catch (OperationCanceledException)
        {
            Log.LogWarning(null, ErrorCodes.BuildFailed, null, null, 0, 0, 0, 0, "DeployDev was cancelled; the target keeps the version it had.");
            return false;
        }

        return !Log.HasLoggedErrors;
    }
}
