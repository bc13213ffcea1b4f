using System.Text.Json;
using DevLoop.Kubernetes.Config;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Http;

/// <summary>
/// Exec credential plugins as small bash scripts in a temp folder. Each run appends to the folder's
/// "runs" file, so tests count runs; $RUN is the run's number (1, 2, …).
/// </summary>
internal static class PluginScripts
{
    public const string V1 = "client.authentication.k8s.io/v1";
    public const string V1Beta1 = "client.authentication.k8s.io/v1beta1";

    /// <summary>Writes an executable script; <paramref name="body"/> runs with $DIR (the script's folder) and $RUN set.</summary>
    public static string Write(TempDirectory dir, string body, string name = "plugin")
    {
        var path = dir.Write(name, $"""
            #!/bin/bash
            set -eu
            DIR="$(dirname "$0")"
            echo run >> "$DIR/runs"
            RUN=$(wc -l < "$DIR/runs")
            {body}

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A script that prints token-$RUN, with an expiry when given.</summary>
    public static string TokenPlugin(TempDirectory dir, string apiVersion = V1, string? expires = null)
    {
        var expiry = expires is null ? string.Empty : $",\"expirationTimestamp\":\"{expires}\"";
        var json = "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"token-'$RUN'\"" + expiry + "}}";
        return Write(dir, $"echo '{json}'");
    }

    /// <summary>A script that prints the file "credential.json", written here as an ExecCredential with this status.</summary>
    public static string StatusPlugin(TempDirectory dir, object status, string apiVersion = V1, string before = "")
    {
        dir.Write("credential.json", JsonSerializer.Serialize(new Dictionary<string, object> { ["apiVersion"] = apiVersion, ["kind"] = "ExecCredential", ["status"] = status }));
        return Write(dir, before + "\ncat \"$DIR/credential.json\"");
    }

    public static int Runs(TempDirectory dir) =>
        File.Exists(dir.Combine("runs")) ? File.ReadAllLines(dir.Combine("runs")).Length : 0;

    public static KubeExecPlugin Plugin(string command, string apiVersion = V1, string interactiveMode = "Never", bool provideClusterInfo = false, string? installHint = null, IReadOnlyDictionary<string, string>? environment = null, params string[] args) =>
        new(apiVersion, command, args, environment ?? new Dictionary<string, string>(), installHint, provideClusterInfo, interactiveMode);

    /// <summary>The kubeconfig user block that runs <paramref name="command"/>, for KubeconfigWriter output.</summary>
    public static string WithExecUser(string kubeconfig, string command, string apiVersion = V1, string extra = "") =>
        kubeconfig.Replace("  user:\n", $"  user:\n    exec:\n      apiVersion: {apiVersion}\n      command: {command}\n      interactiveMode: Never\n{extra}", StringComparison.Ordinal);
}
