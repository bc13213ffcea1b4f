namespace DevLoop.Agent;

/// <summary>
/// One apply at a time per app folder: a cancelled sync can leave its exec running in the container
/// while the next one starts. The lock is the kernel's, so it goes away with a crashed process.
/// </summary>
internal sealed class ApplyLock : IDisposable
{
    private readonly FileStream _stream;

    private ApplyLock(FileStream stream)
    {
        _stream = stream;
    }

    public static ApplyLock Acquire(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock on Unix.
                return new ApplyLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException)
            {
                throw new AgentException(ErrorCodes.ApplyConflict, $"Another DevLoop sync into this app folder has not finished after {timeout.TotalSeconds:F0} s. Stop the other session (or wait for it) and sync again.");
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
