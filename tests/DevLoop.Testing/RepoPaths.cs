namespace DevLoop.Testing;

/// <summary>Where things are in this repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests were built in, so helpers use matching builds.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string AgentDir => Path.Combine(Root, "src", "DevLoop.Agent", "bin", Configuration, "net8.0") + "/";

    public static string TasksHostAssembly => Path.Combine(Root, "src", "DevLoop.Build.Tasks", "bin", Configuration, "net8.0", "DevLoop.Build.Tasks.dll");

    public static string Asset(string name) => Path.Combine(Root, "tests", "assets", name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DevLoop.Build.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Could not find the repository root (DevLoop.Build.sln) above " + AppContext.BaseDirectory);
    }
}
