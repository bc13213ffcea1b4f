using System.Text.Json;

namespace DevLoop.Agent;

/// <summary>The applier, run in the target through exec: `dotnet exec DevLoop.Agent.dll VERB --app-dir DIR`.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        AgentReply reply;
        try
        {
            var appDir = ArgumentValue(args, "--app-dir") ?? "/app";
            reply = (args.Length > 0 ? args[0] : string.Empty) switch
            {
                "manifest" => ManifestCommand.Run(appDir),
                "apply" => ApplyCommand.Run(appDir, Console.OpenStandardInput()),
                "version" => new AgentReply { Ok = true, Message = typeof(Program).Assembly.GetName().Version?.ToString() },
                var other => AgentReply.Failure("DL4002", $"Unknown agent command '{other}'. The engine and agent versions may differ."),
            };
        }
        catch (AgentException e)
        {
            reply = AgentReply.Failure(e.Code, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            reply = AgentReply.Failure("DL1007", $"The DevLoop agent failed: {e.GetType().Name}: {e.Message}");
        }

        using var stdout = Console.OpenStandardOutput();
        JsonSerializer.Serialize(stdout, reply, AgentJsonContext.Default.AgentReply);
        stdout.WriteByte((byte)'\n');
        return reply.Ok || reply.Code == "stale" ? 0 : 3;
    }

    private static string? ArgumentValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
