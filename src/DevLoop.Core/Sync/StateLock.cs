using DevLoop.Core.Logging;

namespace DevLoop.Core.Sync;

/// <summary>
/// One sync at a time per state folder: `watch` brings a new pod up to date while a build's DeployDev
/// may be syncing the same project, and both read and write the same snapshot and manifest caches.
/// </summary>
public sealed class StateLock : IDisposable
{
    private readonly FileStream _file;

    private StateLock(FileStream file)
    {
        _file = file;
    }

    public static async Task<StateLock> AcquireAsync(string stateDir, IDevLoopLog log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(stateDir);
        var path = Path.Combine(stateDir, "sync.lock");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            try
            {
                return new StateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!told && waited.Elapsed > TimeSpan.FromSeconds(1))
                {
                    log.Info("DevLoop: waiting for another sync of this project to finish…");
                    told = true;
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
