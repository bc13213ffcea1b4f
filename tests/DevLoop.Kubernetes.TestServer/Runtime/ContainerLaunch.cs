using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// Turns one container of a pod spec into `docker run` arguments: command as the entrypoint, args,
/// env (with fieldRefs and $(VAR) expansion), working directory, user, read-only root, emptyDir
/// mounts; host network, image never pulled, the pod's own loopback port in PORT and
/// ASPNETCORE_HTTP_PORTS unless the container sets ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS itself.
/// </summary>
public static partial class ContainerLaunch
{
    public const string ServerLabel = "test.devloop/server";

    public static List<string> RunArguments(string dockerName, string serverId, JsonObject pod, JsonObject container, int port, IReadOnlyDictionary<string, string> volumeDirs)
    {
        var podName = pod.Metadata().Str("name")!;
        var env = Environment(pod, container, port);
        var run = new List<string>
        {
            "run", "-d", "--pull", "never", "--network", "host", "--name", dockerName,
            "--hostname", podName.Length > 63 ? podName[..63] : podName,
            "--label", $"{ServerLabel}={serverId}",
            "--label", $"test.devloop/pod={pod.Metadata().Str("namespace")}.{podName}",
            "--label", $"test.devloop/pod-uid={pod.Metadata().Str("uid")}",
        };
        foreach (var (name, value) in env)
        {
            run.Add("-e");
            run.Add(name + "=" + value);
        }

        if (container.Str("workingDir") is { } workingDir)
        {
            run.AddRange(new[] { "-w", workingDir });
        }

        var security = pod.Path("spec.securityContext");
        var containerSecurity = container["securityContext"];
        var user = containerSecurity.Int("runAsUser") ?? security.Int("runAsUser");
        var group = containerSecurity.Int("runAsGroup") ?? security.Int("runAsGroup");
        if (user is not null)
        {
            run.AddRange(new[] { "--user", group is null ? Invariant(user.Value) : $"{Invariant(user.Value)}:{Invariant(group.Value)}" });
        }

        if (containerSecurity.Bool("readOnlyRootFilesystem"))
        {
            run.Add("--read-only");
        }

        foreach (var mount in container.Items("volumeMounts"))
        {
            var source = volumeDirs[mount.Str("name")!];
            run.AddRange(new[] { "-v", $"{source}:{mount.Str("mountPath")}{(mount.Bool("readOnly") ? ":ro" : string.Empty)}" });
        }

        var command = Strings(container, "command").Select(c => Expand(c, env)).ToList();
        if (command.Count > 0)
        {
            run.AddRange(new[] { "--entrypoint", command[0] });
        }

        run.Add(container.Str("image")!);
        run.AddRange(command.Skip(1));
        run.AddRange(Strings(container, "args").Select(a => Expand(a, env)));
        return run;
    }

    /// <summary>The container's environment in order: the server's port variables first, then the spec's.</summary>
    public static List<(string Name, string Value)> Environment(JsonObject pod, JsonObject container, int port)
    {
        var declared = container.Items("env").Select(e => e.Str("name")).ToHashSet(StringComparer.Ordinal);
        var env = new List<(string, string)> { ("HOSTNAME", pod.Metadata().Str("name")!) };
        if (!declared.Contains("PORT"))
        {
            env.Add(("PORT", Invariant(port)));
        }

        if (!declared.Contains("ASPNETCORE_URLS") && !declared.Contains("ASPNETCORE_HTTP_PORTS"))
        {
            env.Add(("ASPNETCORE_HTTP_PORTS", Invariant(port)));
        }

        var resolved = env.ToDictionary(e => e.Item1, e => e.Item2, StringComparer.Ordinal);
        foreach (var variable in container.Items("env"))
        {
            var name = variable.Str("name")!;
            var value = variable["valueFrom"]?["fieldRef"] is JsonObject fieldRef
                ? FieldRef(pod, fieldRef.Str("fieldPath") ?? string.Empty)
                : Expand(variable.Str("value") ?? string.Empty, resolved);
            env.Add((name, value));
            resolved[name] = value;
        }

        return env;
    }

    /// <summary>True when the container sets its own listening address, so probes use the spec's port numbers as they are.</summary>
    public static bool ListensOnOwnPort(JsonObject container) =>
        container.Items("env").Any(e => e.Str("name") is "ASPNETCORE_URLS" or "ASPNETCORE_HTTP_PORTS");

    private static string FieldRef(JsonObject pod, string path)
    {
        var map = MapField().Match(path);
        if (map.Success)
        {
            return pod.Path("metadata." + map.Groups[1].Value).Str(map.Groups[2].Value) ?? string.Empty;
        }

        return path switch
        {
            "status.podIP" or "status.hostIP" => "127.0.0.1",
            _ => (pod.Path(path) as JsonValue)?.ToString() ?? string.Empty,
        };
    }

    /// <summary>Kubernetes' $(VAR) expansion: known variables are replaced, $$ escapes, unknown references stay.</summary>
    private static string Expand(string text, IEnumerable<(string Name, string Value)> env) =>
        Expand(text, env.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal));

    private static string Expand(string text, IReadOnlyDictionary<string, string> env) =>
        Reference().Replace(text, m => m.Value == "$$" ? "$" : env.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    private static IEnumerable<string> Strings(JsonObject obj, string name) =>
        obj[name] is JsonArray array ? array.Select(v => v?.ToString() ?? string.Empty) : Enumerable.Empty<string>();

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^metadata\.(labels|annotations)\['(.+)'\]$")]
    private static partial Regex MapField();
}
