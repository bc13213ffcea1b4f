using System.Text;

namespace DevLoop.Targets.Docker;

/// <summary>Cuts a byte stream into lines, keeping a partial line (and a partial UTF-8 character) until the rest arrives.</summary>
internal sealed class LogLines
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _pending = new();

    /// <summary>The lines these bytes complete.</summary>
    public IEnumerable<string> Add(byte[] buffer, int count)
    {
        var chars = new char[Encoding.UTF8.GetMaxCharCount(count)];
        var decoded = _decoder.GetChars(buffer, 0, count, chars, 0);
        _pending.Append(chars, 0, decoded);
        var lines = new List<string>();
        int newline;
        while ((newline = IndexOfNewline()) >= 0)
        {
            lines.Add(_pending.ToString(0, newline).TrimEnd('\r'));
            _pending.Remove(0, newline + 1);
        }

        return lines;
    }

    private int IndexOfNewline()
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            if (_pending[i] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
