namespace DevLoop.Core.Errors;

/// <summary>A failure the user can act on: a DLnnnn code plus what happened and what to do.</summary>
public sealed class DevLoopException : Exception
{
    public DevLoopException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    public string Code { get; }

    public override string ToString() => $"{Code}: {Message}";
}
