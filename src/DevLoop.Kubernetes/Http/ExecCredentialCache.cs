namespace DevLoop.Kubernetes.Http;

/// <summary>
/// Keeps the last credential a plugin gave until shortly before its expirationTimestamp (without
/// one, until the server refuses it), and runs the plugin one caller at a time so concurrent
/// requests share one run.
/// </summary>
internal sealed class ExecCredentialCache : IDisposable
{
    /// <summary>Renew this long before the stated expiry, so a request does not leave with a token that dies on the way (client-go's OIDC margin).</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);

    private readonly Func<CancellationToken, Task<ExecCredential>> _runPlugin;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ExecCredential? _current;

    public ExecCredentialCache(Func<CancellationToken, Task<ExecCredential>> runPlugin, TimeProvider time)
    {
        _runPlugin = runPlugin;
        _time = time;
    }

    /// <summary>The cached credential while it is fresh; otherwise the plugin's next answer.</summary>
    public Task<ExecCredential> GetAsync(CancellationToken cancellationToken) => RenewAsync(rejected: null, cancellationToken);

    /// <summary>
    /// After the server refused <paramref name="rejected"/>: run the plugin again, unless a
    /// concurrent request already replaced it, in which case that newer credential is the answer.
    /// </summary>
    public Task<ExecCredential> RenewAfterRejectionAsync(ExecCredential rejected, CancellationToken cancellationToken) => RenewAsync(rejected, cancellationToken);

    public void Dispose() => _gate.Dispose();

    private async Task<ExecCredential> RenewAsync(ExecCredential? rejected, CancellationToken cancellationToken)
    {
        if (Usable(_current, rejected) is { } current)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Usable(_current, rejected) is { } renewed)
            {
                return renewed;
            }

            if (rejected is not null && ReferenceEquals(_current, rejected))
            {
                // Should this run fail, later requests must not go out with what the server refused.
                _current = null;
            }

            _current = await _runPlugin(cancellationToken).ConfigureAwait(false);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ExecCredential? Usable(ExecCredential? candidate, ExecCredential? rejected) =>
        candidate is not null && !ReferenceEquals(candidate, rejected) && (candidate.ExpiresAt is not { } expiry || _time.GetUtcNow() < expiry - ExpiryMargin)
            ? candidate
            : null;
}
