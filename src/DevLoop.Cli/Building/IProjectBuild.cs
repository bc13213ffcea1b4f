namespace DevLoop.Cli.Building;

/// <summary>One way to build the project for watch and sync: a `dotnet build` child per build, or MSBuild kept warm in this process.</summary>
internal interface IProjectBuild : IAsyncDisposable
{
    Task<BuildOutcome> BuildAsync(bool restore, CancellationToken cancellationToken);

    /// <summary>
    /// The compiler's arguments for the build (<see cref="CompilerArguments"/>) of the project, or of
    /// one it references (built with the properties the reference gives it), and the projects it references.
    /// </summary>
    Task<CompilerArgumentsRead> CompilerArgumentsAsync(ReferencedProject? referenced, CancellationToken cancellationToken);

    /// <summary>A project file, Directory.Build.* or an import changed: the next build evaluates the project from disk again.</summary>
    void ProjectFilesChanged();
}
