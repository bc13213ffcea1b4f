using System.Globalization;
using DevLoop.Core.Channels;
using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Exec;

/// <summary>The exit code of an exec, read from the Status on channel 3.</summary>
internal static class ExitStatus
{
    public static ExecResult ToResult(KubeStatus? status, string stdout, string stderr)
    {
        if (status is null)
        {
            return new ExecResult(-1, stdout, stderr + "\n(the exec stream ended without a status)");
        }

        if (status.Status == "Success")
        {
            return new ExecResult(0, stdout, stderr);
        }

        if (status.Reason == "NonZeroExitCode")
        {
            var cause = status.Details?.Causes?.FirstOrDefault(c => c.Reason == "ExitCode");
            if (int.TryParse(cause?.Message, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
            {
                return new ExecResult(code, stdout, stderr);
            }
        }

        // The command never ran (InternalError): report it the way a shell would.
        var message = status.Message ?? status.Reason ?? "exec failed";
        var exitCode = message.Contains("not found", StringComparison.OrdinalIgnoreCase) ? ExitCodes.NotFound : ExitCodes.CannotExecute;
        return new ExecResult(exitCode, stdout, (stderr + "\n" + message).Trim());
    }
}
