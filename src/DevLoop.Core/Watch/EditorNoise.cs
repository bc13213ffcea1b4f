namespace DevLoop.Core.Watch;

/// <summary>Files editors write next to the real one while saving; never a reason to build.</summary>
public static class EditorNoise
{
    public static bool IsNoise(string relativePath)
    {
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        return name.EndsWith('~')
            || name.EndsWith(".swp", StringComparison.Ordinal)
            || name.EndsWith(".swx", StringComparison.Ordinal)
            || name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
            || (name.StartsWith('#') && name.EndsWith('#'))
            || name.StartsWith(".#", StringComparison.Ordinal)
            || name == "4913"; // vim's write-permission probe
    }
}
