namespace DevLoop.Agent.HotReload;

/// <summary>
/// `delta` (a session verb; its data frames hold one <see cref="ModuleDelta"/>): hands the delta to
/// the hook in the running app. Whether the app took it is an answer, not an error: "applied",
/// "pending" (its module is not loaded yet; with the app's own module and how many deltas it took), "refused" (the app cannot take deltas, with why),
/// "failed" (the runtime refused this delta, with why) or "no-app" (no app runs with the hook).
/// The engine restarts the app with the build for all but the first two.
/// </summary>
internal static class DeltaCommand
{
    public static AgentReply Run(string appDir, Stream data)
    {
        var bytes = ReadAll(data);
        var delta = bytes is null ? null : ModuleDelta.FromBytes(bytes);
        if (delta is null)
        {
            throw new AgentException(ErrorCodes.AgentFailed, $"The Hot Reload delta is not one module's delta of at most {ModuleDelta.MaxSize / (1024 * 1024)} MiB. The tool and the agent in the image may be different versions.");
        }

        var layout = AgentLayout.TryCreate(appDir) ?? throw ApplyCommand.NoWritablePlace(appDir);
        var answer = File.Exists(layout.SocketPath) ? HookProtocol.SendDelta(layout.SocketPath, delta, TimeSpan.FromSeconds(10)) : null;
        if (answer is not null && answer.StartsWith("ok pending ", StringComparison.Ordinal) && answer.Split(' ') is [_, _, var entry, var updates])
        {
            return new AgentReply { Ok = true, HotReload = "pending", EntryModule = entry, EntryUpdates = int.TryParse(updates, out var count) ? count : null };
        }

        var (outcome, why) = answer switch
        {
            null => ("no-app", "no app runs with the DevLoop hook"),
            "ok applied" => ("applied", null),
            _ when answer.StartsWith("refused ", StringComparison.Ordinal) => ("refused", answer["refused ".Length..]),
            _ when answer.StartsWith("failed ", StringComparison.Ordinal) => ("failed", answer["failed ".Length..]),
            _ => ("failed", "the hook answered '" + answer + "'"),
        };
        return new AgentReply { Ok = true, HotReload = outcome, Message = why };
    }

    private static byte[]? ReadAll(Stream data)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = data.Read(chunk)) > 0)
        {
            if (buffer.Length + read > ModuleDelta.MaxSize)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
