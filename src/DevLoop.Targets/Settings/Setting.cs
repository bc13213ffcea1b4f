using DevLoop.Core.Errors;

namespace DevLoop.Targets.Settings;

/// <summary>One DevLoop setting: the MSBuild property it comes from, what it means, its default and how it is read.</summary>
public abstract class Setting
{
    protected Setting(string property, string description, string? defaultText)
    {
        Property = property;
        Description = description;
        DefaultText = defaultText;
    }

    public string Property { get; }

    public string Description { get; }

    /// <summary>The default as a user would write it; null when there is none (or DevLoop.Build.targets computes it).</summary>
    public string? DefaultText { get; }
}

/// <summary>A setting read as a <typeparamref name="T"/>: empty means the default, anything else is parsed or refused.</summary>
public sealed class Setting<T> : Setting
{
    private readonly T _default;
    private readonly Func<string, T> _parse;
    private readonly string _expected;

    /// <param name="parse">Throws <see cref="FormatException"/> for a value it refuses.</param>
    /// <param name="expected">What a good value looks like, for the error, e.g. "a number of seconds".</param>
    public Setting(string property, string description, T defaultValue, string? defaultText, Func<string, T> parse, string expected, string errorCode = ErrorCodes.BadSetting)
        : base(property, description, defaultText)
    {
        _default = defaultValue;
        _parse = parse;
        _expected = expected;
        ErrorCode = errorCode;
    }

    public string ErrorCode { get; }

    public T Read(IReadOnlyDictionary<string, string?> values)
    {
        if (!values.TryGetValue(Property, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            return _default;
        }

        try
        {
            return _parse(raw.Trim());
        }
        catch (FormatException e)
        {
            throw new DevLoopException(ErrorCode, $"{Property} '{raw}' is not valid: it must be {_expected}.", e);
        }
    }
}
