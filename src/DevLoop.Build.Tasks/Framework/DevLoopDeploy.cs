using System.Linq;
using DevLoop.Targets.Settings;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DevLoop.Build.Tasks;

/// <summary>
/// On MSBuild for .NET Framework (Visual Studio) the engine cannot load in-proc: run the net8.0
/// build of this assembly with `dotnet exec` and turn its prefixed lines into MSBuild diagnostics.
/// </summary>
public sealed partial class DevLoopDeploy : ToolTask
{
    protected override string ToolName => "dotnet";

    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Low;

    protected override string GenerateFullPathToTool() =>
        SettingItems.ToDictionary(Settings).TryGetValue(SettingNames.DotNetHost, out var host) && !string.IsNullOrEmpty(host) ? host! : ToolName;

    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("exec");
        builder.AppendFileNameIfNotNull(HostAssembly);
        builder.AppendSwitch(HostCommandLine.DeployCommand);
        foreach (var pair in SettingValues().Where(p => !string.IsNullOrEmpty(p.Value)))
        {
            builder.AppendSwitch(HostCommandLine.PropertyOption);
            builder.AppendTextUnquoted(" ");
            builder.AppendTextUnquoted(Quote(pair.Key + "=" + pair.Value));
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
            case "error": Log.LogError(null, code, null, ProjectFile, 0, 0, 0, 0, message); break;
            case "warning": Log.LogWarning(null, code, null, ProjectFile, 0, 0, 0, 0, message); break;
            case "info": Log.LogMessage(MessageImportance.High, message); break;
            default: Log.LogMessage(MessageImportance.Low, message); break;
        }
    }

    protected override bool HandleTaskExecutionErrors() => !Log.HasLoggedErrors && base.HandleTaskExecutionErrors();

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c == '"') ? value : "\"" + value.Replace("\"", "\\\"") + "\"";
}
