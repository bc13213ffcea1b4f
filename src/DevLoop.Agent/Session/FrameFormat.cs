using System.Buffers.Binary;

namespace DevLoop.Agent.Session;

/// <summary>What a frame carries.</summary>
internal enum FrameKind : byte
{
    /// <summary>Engine → agent: a JSON request, {"verb":"…"}.</summary>
    Request = 1,

    /// <summary>Agent → engine: a JSON reply, the same shape the per-exec verbs print.</summary>
    Reply = 2,

    /// <summary>Engine → agent, after an apply request: a piece of the payload; an empty one ends it.</summary>
    Data = 3,
}

/// <summary>Why a header was refused; each side turns it into its own coded error.</summary>
internal enum FrameProblem
{
    None,
    NotAFrame,
    VersionMismatch,
    UnknownKind,
    Oversized,
}

internal readonly record struct FrameHeader(byte Version, FrameKind Kind, int Length);

/// <summary>
/// The agent session's framing, compiled into the agent and (linked) into DevLoop.Core so both sides
/// read and write the same bytes. A frame is an 8-byte header, then its body:
/// 'D' 'L', the protocol version, the kind, the body length as a big-endian uint32.
/// The header's layout never changes between versions, so either side can always read the other's
/// version and say that they differ. Bodies are bounded, so a stray write or a hostile peer cannot
/// make the other side allocate without limit.
/// </summary>
internal static class FrameFormat
{
    public const int HeaderSize = 8;

    /// <summary>Bump when a verb, a body or the meaning of a field changes incompatibly (2: a delta may carry the types it changed).</summary>
    public const byte Version = 2;

    /// <summary>The largest body either side accepts (a manifest of a big app is a few MB of JSON).</summary>
    public const int MaxBody = 16 * 1024 * 1024;

    /// <summary>The size of the data frames the engine cuts an apply payload into.</summary>
    public const int DataChunk = 64 * 1024;

    private const byte Magic0 = (byte)'D';
    private const byte Magic1 = (byte)'L';

    public static void WriteHeader(Span<byte> header, FrameKind kind, int length)
    {
        if (length < 0 || length > MaxBody)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A frame body holds at most {MaxBody} bytes.");
        }

        header[0] = Magic0;
        header[1] = Magic1;
        header[2] = Version;
        header[3] = (byte)kind;
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)length);
    }

    /// <summary>Reads a header; anything but <see cref="FrameProblem.None"/> means the frame must be refused.</summary>
    public static FrameProblem Check(ReadOnlySpan<byte> header, out FrameHeader parsed)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        parsed = new FrameHeader(header[2], (FrameKind)header[3], length > MaxBody ? -1 : (int)length);
        if (header[0] != Magic0 || header[1] != Magic1)
        {
            return FrameProblem.NotAFrame;
        }

        if (header[2] != Version)
        {
            return FrameProblem.VersionMismatch;
        }

        if (length > MaxBody)
        {
            return FrameProblem.Oversized;
        }

        return parsed.Kind is FrameKind.Request or FrameKind.Reply or FrameKind.Data ? FrameProblem.None : FrameProblem.UnknownKind;
    }

    /// <summary>What went wrong, in words both sides put into their errors.</summary>
    public static string Describe(FrameProblem problem, ReadOnlySpan<byte> header) => problem switch
    {
        FrameProblem.NotAFrame => $"the stream does not hold a DevLoop frame (it starts with bytes {Convert.ToHexString(header)}; something other than the agent wrote to it)",
        FrameProblem.VersionMismatch => $"the frame is of session protocol {header[2]}, this side speaks {Version}",
        FrameProblem.UnknownKind => $"the frame is of unknown kind {header[3]}",
        FrameProblem.Oversized => $"the frame announces {BinaryPrimitives.ReadUInt32BigEndian(header[4..])} bytes, more than the {MaxBody} allowed",
        _ => "the frame is fine",
    };
}
