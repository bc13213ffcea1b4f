namespace DevLoop.Core.Channels;

/// <summary>A command running in a target with its stdin and stdout held open.</summary>
public interface IDuplexExec : IAsyncDisposable
{
    /// <summary>The command's stdin. Writes are sent as they are flushed.</summary>
    Stream Input { get; }

    /// <summary>The command's stdout; a read of 0 bytes means it ended or the stream was cut.</summary>
    Stream Output { get; }

    /// <summary>Ends when the command has ended: its exit code and what it wrote to stderr. Faults when the transport broke.</summary>
    Task<ExecResult> Completion { get; }
}
