using System.Text.Json;

namespace DevLoop.Agent;

/// <summary>The applier, run in the target through exec: `dotnet exec DevLoop.Agent.dll VERB --app-dir DIR`.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var verb = args.Length > 0 ? args[0] : string.Empty;
        var appDir = ArgumentValue(args, "--app-dir") ?? "/app";
        if (verb == "session")
        {
            return RunSession(appDir);
        }

        var reply = VerbRunner.Run(() => verb switch
        {
            "manifest" => ManifestCommand.Run(appDir),
            "generation" => GenerationCommand.Run(appDir),
            "apply" => ApplyCommand.Run(appDir, Console.OpenStandardInput()),
            "reset" => ResetCommand.Run(appDir),
            "version" => new AgentReply { Ok = true, Message = typeof(Program).Assembly.GetName().Version?.ToString() },
            var other => VerbRunner.UnknownVerb(other),
        });

        using var stdout = Console.OpenStandardOutput();
        JsonSerializer.Serialize(stdout, reply, AgentJsonContext.Default.AgentReply);
        stdout.WriteByte((byte)'\n');
        return reply.Ok || reply.Code == "stale" ? 0 : 3;
    }

    /// <summary>Stdout carries frames only: anything else written through Console goes to stderr.</summary>
    private static int RunSession(string appDir)
    {
        using var stdin = Console.OpenStandardInput();
        using var stdout = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        try
        {
            return Session.SessionCommand.Run(appDir, stdin, stdout);
        }
        catch (IOException e)
        {
            // The engine's end went away while a reply was being written: nobody is left to tell.
            Console.Error.WriteLine($"[devloop] The agent session ended: {e.Message}");
            return 3;
        }
    }

    private static string? ArgumentValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
