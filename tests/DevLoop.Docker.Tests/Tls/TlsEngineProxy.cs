using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace DevLoop.Docker.Tests.Tls;

/// <summary>
/// A TLS front for the real engine, as dockerd --tlsverify is: it listens on 127.0.0.1, shows a server
/// certificate from the test CA, demands a client certificate from that CA, and passes the bytes to the
/// engine's Unix socket both ways, half-closes included (an exec's end of stdin).
/// </summary>
public sealed class TlsEngineProxy : IAsyncDisposable
{
    private readonly TestCertificates _certificates;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _refused;

    public TlsEngineProxy(TestCertificates certificates)
    {
        _certificates = certificates;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Handshakes refused so far (no client certificate, or one the CA did not sign).</summary>
    public int Refused => Volatile.Read(ref _refused);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var clientSocket = client;
        await using var tls = new SslStream(new NetworkStream(client, ownsSocket: false), false, IsFromTestCa);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificates.Server,
                ClientCertificateRequired = true,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, _stop.Token);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            Interlocked.Increment(ref _refused);
            return;
        }

        using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await engine.ConnectAsync(new UnixDomainSocketEndPoint(DockerEndpoint.DefaultUnixSocket), _stop.Token);
        await using var engineStream = new NetworkStream(engine, ownsSocket: false);
        var up = CopyThenHalfCloseAsync(tls, engineStream, () => engine.Shutdown(SocketShutdown.Send));
        var down = CopyThenHalfCloseAsync(engineStream, tls, () => client.Shutdown(SocketShutdown.Send));
        await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task CopyThenHalfCloseAsync(Stream from, Stream to, Action halfClose)
    {
        await from.CopyToAsync(to, _stop.Token);
        halfClose();
    }

    private bool IsFromTestCa(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 presented)
        {
            return false;
        }

        using var own = new X509Chain();
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.Add(_certificates.Ca);
        return own.Build(presented);
    }
}
