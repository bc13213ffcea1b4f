namespace DevLoop.Agent;

/// <summary>
/// `generation`: what the app folder holds now, by its stamp only (no hashing), so the engine can trust
/// or drop its cached manifest cheaply; with the marks of the last sync, which `status` shows. A
/// session's `ping` (before every sync) leaves the marks out: nothing there reads them.
/// </summary>
internal static class GenerationCommand
{
    public static AgentReply Run(string appDir, bool withMarks = true)
    {
        ManifestCommand.RequireAppDir(appDir);
        var root = ManifestCommand.ReadingRoot(appDir);
        return new AgentReply { Ok = true, Generation = root.ReadGeneration(), Mode = root.Mode, Root = root.Path, Marks = withMarks ? SyncMarks.Read(root) : null };
    }
}
