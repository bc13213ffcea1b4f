namespace DevLoop.Agent;

internal static class WritableDirectory
{
    private const UnixFileMode OthersMayWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Creates the folder if needed and proves a file can be written in it.</summary>
    public static bool TryEnsure(string path) => TryEnsure(path, privateToUser: false);

    /// <summary>
    /// As <see cref="TryEnsure(string)"/>, and for a folder in a shared place (the temp folder) also
    /// that nobody else may write to it: one planted by another user is refused.
    /// </summary>
    public static bool TryEnsure(string path, bool privateToUser)
    {
        try
        {
            if (privateToUser && !OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                if ((File.GetUnixFileMode(path) & OthersMayWrite) != 0)
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
            else
            {
                Directory.CreateDirectory(path);
            }
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
