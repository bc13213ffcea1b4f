using Microsoft.Build.Locator;

namespace DevLoop.Bench;

/// <summary>
/// Points this process at the SDK's own MSBuild (MSBuildLocator), which must happen before any
/// Microsoft.Build type is loaded: call it from a method that names none.
/// </summary>
internal static class MSBuildRegistration
{
    public static VisualStudioInstance Register()
    {
        var instance = MSBuildLocator.QueryVisualStudioInstances()
            .OrderByDescending(i => i.Version)
            .FirstOrDefault() ?? throw new InvalidOperationException("MSBuildLocator found no .NET SDK that this runtime can load.");
        MSBuildLocator.RegisterInstance(instance);
        return instance;
    }
}
