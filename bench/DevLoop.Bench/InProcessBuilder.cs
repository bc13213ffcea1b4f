using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;

namespace DevLoop.Bench;

/// <summary>
/// Builds a project with the SDK's MSBuild loaded in this process, keeping one ProjectCollection (its
/// parsed-XML cache) and the JIT-compiled MSBuild warm across builds. One in-proc node, no node reuse:
/// nothing outlives the process but the compiler server, which `dotnet build` uses too.
/// </summary>
internal sealed class InProcessBuilder : IDisposable
{
    private readonly ProjectCollection _projects = new();
    private readonly BuildManager _manager = new("devloop-bench");

    public string MSBuildAssembly => typeof(BuildManager).Assembly.Location;

    public IReadOnlyList<string> Build(string project)
    {
        var logger = new ErrorCountingLogger();
        var parameters = new BuildParameters(_projects)
        {
            Loggers = new[] { logger },
            MaxNodeCount = 1,
            EnableNodeReuse = false,
        };
        var request = new BuildRequestData(project, new Dictionary<string, string?>(), null, new[] { "Build" }, null);
        var result = _manager.Build(parameters, request);
        if (result.OverallResult != BuildResultCode.Success)
        {
            throw new InvalidOperationException($"In-process build of {project} failed:\n{string.Join('\n', logger.Errors)}", result.Exception);
        }

        return logger.Errors;
    }

    public void Dispose()
    {
        _manager.Dispose();
        _projects.Dispose();
    }
}
