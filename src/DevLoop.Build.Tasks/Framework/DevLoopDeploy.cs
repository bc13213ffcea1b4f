using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DevLoop.Build.Tasks;

/// <summary>
/// On MSBuild for .NET Framework (Visual Studio) the engine cannot load in-proc: run the net8.0
/// build of this assembly with `dotnet exec` and turn its prefixed lines into MSBuild diagnostics.
/// </summary>
public sealed class DevLoopDeploy : ToolTask
{
    [Required]
    public string OutputDir { get; set; } = string.Empty;

    [Required]
    public string StateDir { get; set; } = string.Empty;

    public string Target { get; set; } = "local";

    public string Container { get; set; }

    public string AppDir { get; set; } = "/app";

    public string LocalDir { get; set; } = string.Empty;

    public string DotNetHostPath { get; set; }

    public string SummaryFile { get; set; }

    [Required]
    public string HostAssembly { get; set; } = string.Empty;

    public bool Restart { get; set; } = true;

    public string StaticDir { get; set; }

    public string Kubeconfig { get; set; }

    public string Context { get; set; }

    public string Namespace { get; set; }

    public string Selector { get; set; }

    public string Workload { get; set; }

    public string AllowedContexts { get; set; }

    public string ReadyTimeout { get; set; }

    public string ProjectDir { get; set; }

    [Output]
    public int FilesSynced { get; set; }

    protected override string ToolName => "dotnet";

    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Low;

    protected override string GenerateFullPathToTool() =>
        string.IsNullOrEmpty(DotNetHostPath) ? ToolName : DotNetHostPath;

    protected override string GenerateCommandLineCommands()
    {
        var args = new DeployArguments
        {
            OutputDir = OutputDir,
            StateDir = StateDir,
            Target = Target,
            Container = Container,
            AppDir = AppDir,
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
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("exec");
        builder.AppendFileNameIfNotNull(HostAssembly);
        foreach (var arg in args.ToArguments())
        {
            builder.AppendTextUnquoted(" ");
            builder.AppendTextUnquoted(Quote(arg));
        }

        return builder.ToString();
    }

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        if (!HostOutputLine.TryParse(singleLine, out var kind, out var code, out var message))
        {
            base.LogEventsFromTextOutput(singleLine, messageImportance);
            return;
        }

        switch (kind)
        {
            case "error": Log.LogError(null, code, null, null, 0, 0, 0, 0, message); break;
            case "warning": Log.LogWarning(null, code, null, null, 0, 0, 0, 0, message); break;
            case "info": Log.LogMessage(MessageImportance.High, message); break;
            default: Log.LogMessage(MessageImportance.Low, message); break;
        }
    }

    protected override bool HandleTaskExecutionErrors() => !Log.HasLoggedErrors && base.HandleTaskExecutionErrors();

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c == '"') ? value : "\"" + value.Replace("\"", "\\\"") + "\"";
}
