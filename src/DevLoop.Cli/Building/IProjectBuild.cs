namespace DevLoop.Cli.Building;

/// <summary>One way to build the project for watch and sync: a `dotnet build` child per build, or MSBuild kept warm in this process.</summary>
internal interface IProjectBuild : IAsyncDisposable
{
    Task<BuildOutcome> BuildAsync(bool restore, CancellationToken cancellationToken);

    /// <summary>The compiler's arguments for the build (<see cref="CompilerArguments"/>); null when they cannot be read, with why.</summary>
    Task<(IReadOnlyList<string>? Arguments, string? Why)> CompilerArgumentsAsync(CancellationToken cancellationToken);

    /// <summary>A project file, Directory.Build.* or an import changed: the next build evaluates the project from disk again.</summary>
    void ProjectFilesChanged();
}
