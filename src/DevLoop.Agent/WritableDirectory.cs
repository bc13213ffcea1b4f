namespace DevLoop.Agent;

internal static class WritableDirectory
{
    /// <summary>Creates the folder if needed and proves a file can be written in it.</summary>
    public static bool TryEnsure(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, ".write-probe-" + Environment.ProcessId);
            using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            // EROFS and friends surface as IOException.
            return false;
        }
    }
}
