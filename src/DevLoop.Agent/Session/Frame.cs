namespace DevLoop.Agent.Session;

/// <summary>One frame as read: its kind and its whole body.</summary>
internal sealed record Frame(FrameKind Kind, byte[] Body);
