using System.Reflection;
using System.Text.Json;

namespace DevLoop.Agent.Session;

/// <summary>
/// `session`: one agent process for a whole watch session. Reads request frames from stdin and
/// answers each with one reply frame on stdout, in order, until `bye` or the end of stdin. A failed
/// verb is a failure reply and the session goes on; only a stream that cannot be read any more ends it.
/// </summary>
internal static class SessionCommand
{
    public static int Run(string appDir, Stream input, Stream output)
    {
        var frames = new FrameStream(input, output);
        while (true)
        {
            Frame? frame;
            try
            {
                frame = frames.Read();
            }
            catch (AgentException e)
            {
                // The stream is out of step (or of another version): say why once, then end.
                frames.WriteReply(AgentReply.Failure(e.Code, e.Message));
                return 3;
            }

            if (frame is null)
            {
                return 0;
            }

            var request = Parse(frame, out var refusal);
            AgentReply reply;
            try
            {
                reply = request is null ? refusal! : Handle(request, appDir, frames);
            }
            catch (AgentException e)
            {
                // An apply's data broke off: the stream cannot be trusted any more.
                frames.WriteReply(AgentReply.Failure(e.Code, e.Message));
                return 3;
            }

            frames.WriteReply(reply);
            if (request?.Verb == "bye")
            {
                return 0;
            }
        }
    }

    private static SessionRequest? Parse(Frame frame, out AgentReply? refusal)
    {
        refusal = null;
        if (frame.Kind != FrameKind.Request)
        {
            refusal = AgentReply.Failure(FrameStream.BadFrameCode, frame.Kind == FrameKind.Data
                ? "The DevLoop agent refused a data frame that arrived outside an apply."
                : $"The DevLoop agent refused a frame of unknown kind {(byte)frame.Kind}. The tool and the agent in the image may be different versions.");
            return null;
        }

        try
        {
            var request = JsonSerializer.Deserialize(frame.Body, AgentJsonContext.Default.SessionRequest);
            if (request is not null && request.Verb.Length > 0)
            {
                return request;
            }
        }
        catch (JsonException)
        {
            // Refused below, like an empty request.
        }

        refusal = AgentReply.Failure(FrameStream.BadFrameCode, "The DevLoop agent refused a request frame that holds no JSON request with a verb.");
        return null;
    }

    private static AgentReply Handle(SessionRequest request, string appDir, FrameStream frames)
    {
        if (request.Verb is "apply" or "delta")
        {
            var data = new DataFrameStream(frames);
            var answered = VerbRunner.Run(() => request.Verb == "apply" ? ApplyCommand.Run(appDir, data) : HotReload.DeltaCommand.Run(appDir, data));
            // Whatever the command left unread (it failed early, say) is skipped so the next frame is a request.
            data.SkipToEnd();
            return answered;
        }

        if (request.Verb == "hello")
        {
            return Hello(appDir);
        }

        return VerbRunner.Run(() => request.Verb switch
        {
            "ping" => GenerationCommand.Run(appDir, withMarks: false),
            "generation" => GenerationCommand.Run(appDir),
            "manifest" => ManifestCommand.Run(appDir),
            "restart" => RestartCommand.Run(appDir),
            "reset" => ResetCommand.Run(appDir),
            "bye" => new AgentReply { Ok = true },
            var other => VerbRunner.UnknownVerb(other),
        });
    }

    /// <summary>Always answers with the protocol and version, even when the app folder is wrong (later requests say so).</summary>
    private static AgentReply Hello(string appDir)
    {
        var reply = VerbRunner.Run(() => GenerationCommand.Run(appDir, withMarks: false));
        reply.Protocol = FrameFormat.Version;
        reply.AgentVersion = Version;
        return reply;
    }

    public static string Version =>
        typeof(SessionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(SessionCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
