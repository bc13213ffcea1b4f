using System.Globalization;

namespace DevLoop.Agent;

/// <summary>
/// Restart in place: execve the same command line, with paths into the app folder mapped to the
/// folder that now holds the new files. Same PID, same container; the kernel drops every thread
/// and every close-on-exec descriptor (all .NET sockets and files), so the new process starts clean.
/// </summary>
internal static class ReExec
{
    public sealed record Command(string Executable, string[] Arguments, string[] Environment, string WorkingDirectory);

    public static Command Prepare(RestartContext context, string newRoot)
    {
        newRoot = AgentLayout.Normalize(newRoot);
        var roots = new[] { context.CurrentRoot, context.OriginalAppDir };
        var cwd = AgentLayout.Normalize(Directory.GetCurrentDirectory());
        var arguments = ReadCommandLine().Select(a => MapPath(a, cwd, roots, newRoot)).ToArray();
        var executable = MapPath(System.Environment.ProcessPath ?? arguments[0], cwd, roots, newRoot);
        var workingDirectory = roots.Contains(cwd, StringComparer.Ordinal) ? newRoot : cwd;

        var environment = new Dictionary<string, string>(context.Environment, StringComparer.Ordinal)
        {
            [RestartContext.OriginalAppDirVariable] = context.OriginalAppDir,
        };
        environment.TryGetValue(RestartContext.RestartCountVariable, out var count);
        environment[RestartContext.RestartCountVariable] =
            (int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n + 1 : 1).ToString(CultureInfo.InvariantCulture);
        return new Command(executable, arguments, environment.Select(e => e.Key + "=" + e.Value).ToArray(), workingDirectory);
    }

    /// <param name="announcement">The line on stderr before the exec; by default, that the app restarts in place.</param>
    public static void Run(Command command, string? announcement = null)
    {
        var prepared = Native.Prepare(command.Executable, command.Arguments, command.Environment);
        Console.Error.WriteLine(announcement ?? $"[devloop] Restarting in place: {string.Join(' ', command.Arguments)} (in {command.WorkingDirectory})");
        Console.Out.Flush();
        Console.Error.Flush();
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(command.WorkingDirectory);

        // No collection may start between here and the exec; if the region cannot be had, go on anyway.
        var noGc = TryStartNoGcRegion();
        var errno = Native.Exec(prepared);
        if (noGc)
        {
            GC.EndNoGCRegion();
        }

        prepared.Free();
        Directory.SetCurrentDirectory(previous);
        Console.Error.WriteLine($"[devloop] Restart in place failed: execve('{command.Executable}') returned errno {errno}. The app keeps running the old code.");
    }

    private static bool TryStartNoGcRegion()
    {
        try
        {
            return GC.TryStartNoGCRegion(1024 * 1024);
        }
        catch (InvalidOperationException)
        {
            // Already in a no-GC region.
            return false;
        }
    }

    /// <summary>A path argument inside the old root is pointed at the same file under the new root.</summary>
    internal static string MapPath(string argument, string cwd, IEnumerable<string> roots, string newRoot)
    {
        if (argument.Length == 0 || argument.StartsWith('-'))
        {
            return argument;
        }

        string full;
        try
        {
            full = Path.GetFullPath(argument, cwd);
        }
        catch (ArgumentException)
        {
            return argument;
        }

        foreach (var root in roots)
        {
            if (full.StartsWith(root + "/", StringComparison.Ordinal))
            {
                var candidate = newRoot + full.Substring(root.Length);
                return File.Exists(candidate) ? candidate : argument;
            }
        }

        return argument;
    }

    private static string[] ReadCommandLine()
    {
        if (File.Exists("/proc/self/cmdline"))
        {
            var raw = File.ReadAllBytes("/proc/self/cmdline");
            return System.Text.Encoding.UTF8.GetString(raw).TrimEnd('\0').Split('\0');
        }

        // macOS: the host's own arguments are not visible; dotnet + the entry assembly covers `dotnet App.dll`.
        var args = System.Environment.GetCommandLineArgs();
        var process = System.Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? new[] { process }.Concat(args).ToArray() : new[] { process }.Concat(args.Skip(1)).ToArray();
    }
}
