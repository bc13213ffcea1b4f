namespace DevLoop.Cli.Building;

/// <summary>
/// A project the build references, as its compiler reads it: the project file, the global properties
/// its build is read with (the parent's, less those the reference removes, with those it sets: the
/// usual ways; whether they are the build's is checked by the outputs its arguments name, then by the
/// proof), the file the compiler reads (its reference assembly) and the assembly the build copies
/// into the output folder.
/// </summary>
/// <param name="CopyLocal">Whether the build copies its assembly into the referencing project's output folder.</param>
internal sealed record ReferencedProject(string Project, IReadOnlyDictionary<string, string> Properties, string ReferencePath, string TargetPath, bool CopyLocal)
{
    /// <summary>The item the compiler's references are made from, with where each came from.</summary>
    public const string Item = "ReferencePathWithRefAssemblies";

    public string Name => Path.GetFileNameWithoutExtension(Project);

    /// <summary>The referenced project behind one of <see cref="Item"/>, or null when it is not a project's output.</summary>
    /// <param name="metadata">The item's metadata by name (empty when it has none).</param>
    /// <param name="buildProperties">The global properties of the referencing project's build.</param>
    public static ReferencedProject? From(string identity, Func<string, string> metadata, IReadOnlyDictionary<string, string> buildProperties)
    {
        var project = metadata("MSBuildSourceProjectFile");
        if (metadata("ReferenceSourceTarget") != "ProjectReference" || project.Length == 0 || metadata("OriginalPath") is not { Length: > 0 } target)
        {
            return null;
        }

        var removed = (metadata("UndefineProperties") + ";" + metadata("GlobalPropertiesToRemove"))
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var properties = buildProperties.Where(p => !removed.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var set in new[] { "SetConfiguration", "SetPlatform", "SetTargetFramework" }.SelectMany(m => metadata(m).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (set.Split('=', 2) is [var name, var value] && name.Trim().Length > 0)
            {
                properties[name.Trim()] = value.Trim();
            }
        }

        var copyLocal = !string.Equals(metadata("CopyLocal"), "false", StringComparison.OrdinalIgnoreCase) && !string.Equals(metadata("Private"), "false", StringComparison.OrdinalIgnoreCase);
        return new ReferencedProject(Path.GetFullPath(project), properties, Path.GetFullPath(identity), Path.GetFullPath(target), copyLocal);
    }
}

/// <summary>The compiler's arguments for a project's build and the projects it references, or why they could not be read.</summary>
internal sealed record CompilerArgumentsRead(IReadOnlyList<string>? Arguments, IReadOnlyList<ReferencedProject> References, string? Why)
{
    public static CompilerArgumentsRead Failed(string why) => new(null, Array.Empty<ReferencedProject>(), why);
}
