using System.Reflection;
using System.Reflection.Metadata;

namespace DevLoop.Agent.HotReload;

/// <summary>
/// Inside the app: applies Hot Reload deltas to the loaded module with the delta's MVID through
/// <see cref="MetadataUpdater.ApplyUpdate"/>, then lets the frameworks drop what they cached (every
/// loaded assembly's [MetadataUpdateHandler] types: all ClearCache, then all UpdateApplication), as
/// dotnet-watch's agent does. Deltas for a module not loaded yet are kept, in order, and applied
/// when it loads.
/// </summary>
internal sealed class DeltaApplier
{
    private readonly object _gate = new();
    private readonly List<ModuleDelta> _pending = new();
    private readonly Dictionary<Guid, int> _applied = new();

    public DeltaApplier()
    {
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => ApplyPending(e.LoadedAssembly);
    }

    /// <summary>Why this process cannot take deltas, or null when it can.</summary>
    public static string? Unsupported() =>
        MetadataUpdater.IsSupported ? null
        : Environment.GetEnvironmentVariable("DOTNET_MODIFIABLE_ASSEMBLIES") is not "debug" ? "the app was started without DOTNET_MODIFIABLE_ASSEMBLIES=debug"
        : "the runtime does not support metadata updates here (a Release build, or a trimmed or AOT app)";

    /// <summary>
    /// "applied", or "pending ENTRY UPDATES" when the module is not loaded yet: the app's own module's
    /// MVID and how many deltas it took, so the tool can tell that the app runs another build (and
    /// which). Throws when the runtime refuses the delta.
    /// </summary>
    public string Apply(ModuleDelta delta)
    {
        Assembly? assembly;
        lock (_gate)
        {
            assembly = Loaded(delta.ModuleId);
            if (assembly is null)
            {
                _pending.Add(delta);
                var entry = Assembly.GetEntryAssembly()?.ManifestModule.ModuleVersionId ?? Guid.Empty;
                return $"pending {entry:D} {_applied.GetValueOrDefault(entry)}";
            }

            MetadataUpdater.ApplyUpdate(assembly, delta.Metadata, delta.IL, delta.Pdb);
            _applied[delta.ModuleId] = _applied.GetValueOrDefault(delta.ModuleId) + 1;
        }

        RunHandlers(ChangedTypes(assembly, new[] { delta }));
        return "applied";
    }

    private void ApplyPending(Assembly loaded)
    {
        List<ModuleDelta> due;
        lock (_gate)
        {
            var id = loaded.ManifestModule.ModuleVersionId;
            due = _pending.Where(d => d.ModuleId == id).ToList();
            if (due.Count == 0)
            {
                return;
            }

            _pending.RemoveAll(d => d.ModuleId == id);
            foreach (var delta in due)
            {
                MetadataUpdater.ApplyUpdate(loaded, delta.Metadata, delta.IL, delta.Pdb);
                _applied[id] = _applied.GetValueOrDefault(id) + 1;
            }
        }

        RunHandlers(ChangedTypes(loaded, due));
    }

    /// <summary>
    /// The types the deltas changed, for the handlers to clear just their caches (as dotnet-watch's
    /// agent does); null, which clears every cache, when a delta did not say or a type cannot be found.
    /// Told nothing, the runtime's own handler walks every type of every loaded assembly.
    /// </summary>
    private static Type[]? ChangedTypes(Assembly assembly, IEnumerable<ModuleDelta> deltas)
    {
        var types = new List<Type>();
        foreach (var delta in deltas)
        {
            if (delta.ChangedTypes is null)
            {
                return null;
            }

            foreach (var token in delta.ChangedTypes)
            {
                try
                {
                    types.Add(assembly.ManifestModule.ResolveType(token));
                }
                catch (Exception)
                {
                    // Whatever the reason (a bad token, a type that fails to load), the delta is applied
                    // already: the handlers still run, told that everything may have changed.
                    return null;
                }
            }
        }

        return types.Distinct().ToArray();
    }

    private static Assembly? Loaded(Guid moduleId) =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic && a.ManifestModule.ModuleVersionId == moduleId);

    private static void RunHandlers(Type[]? changed)
    {
        var handlers = AppDomain.CurrentDomain.GetAssemblies()
            .SelectMany(a => a.GetCustomAttributes<MetadataUpdateHandlerAttribute>())
            .Select(a => a.HandlerType)
            .Distinct()
            .ToList();
        foreach (var name in new[] { "ClearCache", "UpdateApplication" })
        {
            foreach (var handler in handlers)
            {
                handler.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, new[] { typeof(Type[]) })?.Invoke(null, new object?[] { changed });
            }
        }
    }
}
