using DevLoop.Core.Errors;

namespace DevLoop.Cli.Commands;

internal static class ProjectLocator
{
    /// <summary>
    /// For watch: the project or solution named, or in the folder named (default: the current folder) its
    /// one project, else its one solution (.sln or .slnx).
    /// </summary>
    public static string LocateProjectOrSolution(string? projectOrSolution)
    {
        var path = Path.GetFullPath(projectOrSolution ?? Directory.GetCurrentDirectory());
        if (File.Exists(path) || !Directory.Exists(path) || ProjectsIn(path).Count > 0)
        {
            return Locate(projectOrSolution);
        }

        var solutions = Directory.GetFiles(path).Where(Solutions.SolutionFile.IsSolution).ToList();
        return solutions.Count switch
        {
            1 => solutions[0],
            0 => throw new DevLoopException(ErrorCodes.ProjectNotFound, $"No project or solution file in '{path}'. Run in the app's folder (or the solution's) or pass --project PATH."),
            _ => throw new DevLoopException(ErrorCodes.ProjectNotFound, $"Several solution files in '{path}' ({string.Join(", ", solutions.Select(Path.GetFileName))}). Pick one with --project."),
        };
    }

    /// <summary>The project file named, or the single one in the folder named (default: the current folder).</summary>
    public static string Locate(string? project)
    {
        var path = Path.GetFullPath(project ?? Directory.GetCurrentDirectory());
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw new DevLoopException(ErrorCodes.ProjectNotFound, $"'{project}' is neither a project file nor a folder. Pass --project with the path of the app's .csproj.");
        }

        var candidates = ProjectsIn(path);
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new DevLoopException(ErrorCodes.ProjectNotFound, $"No project file in '{path}'. Run in the app's folder or pass --project PATH."),
            _ => throw new DevLoopException(ErrorCodes.ProjectNotFound, $"Several project files in '{path}' ({string.Join(", ", candidates.Select(Path.GetFileName))}). Pick one with --project."),
        };
    }

    private static List<string> ProjectsIn(string folder) =>
        Directory.GetFiles(folder, "*.*proj").Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".fsproj", StringComparison.Ordinal) || f.EndsWith(".vbproj", StringComparison.Ordinal)).ToList();
}
