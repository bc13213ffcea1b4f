using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;

namespace DevLoop.Testing;

/// <summary>What a target holds after a fault: one whole version, a mix, a file of no version, or no target left.</summary>
public sealed record VersionFound(string Kind, int? Version, string Detail)
{
    public bool Whole => Kind == "whole";

    /// <summary>No target left to hold anything (a removed container): only where the scenario removes it.</summary>
    public bool IsGone => Kind == "gone";

    public bool Corrupt => Kind is "mixed" or "corrupt";

    public bool Lost => Kind == "lost";

    /// <summary>A file the container has beside the app (not in the build output): a sync must keep it.</summary>
    public const string UserFile = "user-data.txt";

    public static VersionFound Gone(string why) => new("gone", null, why);

    /// <summary>
    /// Reads the folder the app runs from (the app folder, or the agent's shadow copy once seeded) in a
    /// running container, once no DevLoop agent runs there any more (an apply whose tool went away
    /// goes on by itself: it is judged when it is done).
    /// </summary>
    /// <param name="versions">Each file that tells the versions apart, with its hash in each (the first version first).</param>
    /// <param name="userFile">Whether /app holds <see cref="UserFile"/> (not in a read-only image).</param>
    public static async Task<VersionFound> InContainerAsync(string container, IReadOnlyDictionary<string, string[]> versions, bool userFile = true)
    {
        await AgentsDoneAsync(container);

        // The agent's state folder is /tmp/devloop/<hash of the app folder>; its shadow copy is 'app' once seeded.
        // Read with exec, not docker cp, which does not see into a tmpfs.
        var where = await Docker.RunAsync("exec", container, "sh", "-c", "for m in /tmp/devloop/*/app.seeded; do [ -f \"$m\" ] && echo \"${m%.seeded}\"; done; true");
        if (where.ExitCode != 0)
        {
            return Gone(where.Output.Trim());
        }

        if (userFile && (await Docker.RunAsync("exec", container, "sh", "-c", "test -f /app/" + UserFile)).ExitCode != 0)
        {
            return new VersionFound("lost", null, $"the container's own file /app/{UserFile} is gone");
        }

        var root = where.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "/app";
        using var copy = new TempDirectory("devloop-found");
        var tar = copy.Combine("files.tar");
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "exec", container, "tar", "-C", root, "-cf", "-" }.Concat(versions.Keys))
        {
            start.ArgumentList.Add(argument);
        }

        using (var process = Process.Start(start)!)
        await using (var file = File.Create(tar))
        {
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.BaseStream.CopyToAsync(file);
            await process.WaitForExitAsync();
            await errors;
        }

        Directory.CreateDirectory(copy.Combine("files"));
        await TarFile.ExtractToDirectoryAsync(tar, copy.Combine("files"), overwriteFiles: true);
        return Of(copy.Combine("files"), versions);
    }

    /// <summary>Waits (up to a minute) until no DevLoop agent process runs in the container: the files are read once it has done.</summary>
    public static async Task AgentsDoneAsync(string container)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var top = await Docker.RunAsync("top", container, "-eo", "pid,args");
            if (top.ExitCode != 0 || !top.Stdout.Contains("DevLoop.Agent.dll", StringComparison.Ordinal))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"A DevLoop agent still runs in container {container} after a minute (an open session, or an agent that does not end):\n{top.Stdout}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Which version the files of a folder are.</summary>
    /// <param name="versions">Each file that tells the versions apart, with its hash in each (the first version first).</param>
    public static VersionFound Of(string folder, IReadOnlyDictionary<string, string[]> versions)
    {
        var seen = new List<int>();
        foreach (var (file, hashes) in versions)
        {
            var path = Path.Combine(folder, file);
            var hash = File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) : "(none)";
            var version = Array.IndexOf(hashes, hash) + 1;
            if (version == 0)
            {
                return new VersionFound("corrupt", null, $"{file} is of no version ({hash})");
            }

            seen.Add(version);
        }

        return seen.Distinct().Count() == 1
            ? new VersionFound("whole", seen[0], $"v{seen[0]}")
            : new VersionFound("mixed", null, string.Join(", ", versions.Keys.Zip(seen, (f, v) => $"{f}: v{v}")));
    }
}
