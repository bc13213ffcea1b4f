using System;
using System.Collections.Generic;

namespace DevLoop.Build.Tasks;

/// <summary>
/// The DeployDev inputs, shared by the in-proc task, the ToolTask used on .NET Framework MSBuild and
/// the host program the ToolTask starts, so all three agree on names.
/// </summary>
internal sealed class DeployArguments
{
    public string OutputDir { get; set; } = string.Empty;

    public string StateDir { get; set; } = string.Empty;

    public string Target { get; set; } = "local";

    public string? Container { get; set; }

    public string AppDir { get; set; } = "/app";

    public string LocalDir { get; set; } = string.Empty;

    public string? DotNetHostPath { get; set; }

    public string? SummaryFile { get; set; }

    /// <summary>The project's static files folder (wwwroot), synced to wwwroot/ in the target.</summary>
    public string? StaticDir { get; set; }

    public bool Restart { get; set; } = true;

    // kubernetes: the kubeconfig, context and which pods (DevLoopSelector or DevLoopWorkload).
    public string? Kubeconfig { get; set; }

    public string? Context { get; set; }

    public string? Namespace { get; set; }

    public string? Selector { get; set; }

    public string? Workload { get; set; }

    public string? AllowedContexts { get; set; }

    public string? ReadyTimeout { get; set; }

    public string? ProjectDir { get; set; }

    public IEnumerable<string> ToArguments()
    {
        yield return "deploy";
        foreach (var (name, value) in Pairs())
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return "--" + name;
                yield return value!;
            }
        }
    }

    public static DeployArguments Parse(IReadOnlyList<string> args)
    {
        var result = new DeployArguments();
        for (var i = 1; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--output-dir": result.OutputDir = value; break;
                case "--state-dir": result.StateDir = value; break;
                case "--target": result.Target = value; break;
                case "--container": result.Container = value; break;
                case "--app-dir": result.AppDir = value; break;
                case "--local-dir": result.LocalDir = value; break;
                case "--dotnet": result.DotNetHostPath = value; break;
                case "--summary-file": result.SummaryFile = value; break;
                case "--static-dir": result.StaticDir = value; break;
                case "--kubeconfig": result.Kubeconfig = value; break;
                case "--context": result.Context = value; break;
                case "--namespace": result.Namespace = value; break;
                case "--selector": result.Selector = value; break;
                case "--workload": result.Workload = value; break;
                case "--allowed-contexts": result.AllowedContexts = value; break;
                case "--ready-timeout": result.ReadyTimeout = value; break;
                case "--project-dir": result.ProjectDir = value; break;
                case "--restart": result.Restart = !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return result;
    }

    private IEnumerable<(string, string?)> Pairs()
    {
        yield return ("output-dir", OutputDir);
        yield return ("state-dir", StateDir);
        yield return ("target", Target);
        yield return ("container", Container);
        yield return ("app-dir", AppDir);
        yield return ("local-dir", LocalDir);
        yield return ("dotnet", DotNetHostPath);
        yield return ("summary-file", SummaryFile);
        yield return ("static-dir", StaticDir);
        yield return ("kubeconfig", Kubeconfig);
        yield return ("context", Context);
        yield return ("namespace", Namespace);
        yield return ("selector", Selector);
        yield return ("workload", Workload);
        yield return ("allowed-contexts", AllowedContexts);
        yield return ("ready-timeout", ReadyTimeout);
        yield return ("project-dir", ProjectDir);
        yield return ("restart", Restart ? "true" : "false");
    }
}
