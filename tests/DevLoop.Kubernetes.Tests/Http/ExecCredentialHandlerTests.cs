using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.TestServer;

namespace DevLoop.Kubernetes.Tests.Http;

/// <summary>The handler's rules, with scripted credentials and a recording transport instead of a server.</summary>
public sealed class ExecCredentialHandlerTests
{
    private readonly Queue<ExecCredential> _answers = new();
    private readonly List<(X509Certificate2? Certificate, string? Authorization, HttpMethod Method)> _sent = new();
    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);
    private int _transportsCreated;
    private int _runs;

    private HttpMessageInvoker Handler() => new(new ExecCredentialHandler(
        new ExecCredentialCache(_ => { _runs++; return Task.FromResult(_answers.Dequeue()); }, TimeProvider.System),
        certificate =>
        {
            _transportsCreated++;
            return new RecordingTransport(certificate, this);
        }));

    private static HttpRequestMessage Get() => new(HttpMethod.Get, "https://127.0.0.1/api/v1/namespaces/shop/pods");

    [Fact]
    public async Task After_a_401_a_request_with_a_body_gets_the_401_and_the_next_one_uses_the_new_token()
    {
        _answers.Enqueue(new ExecCredential("old", null, null));
        _answers.Enqueue(new ExecCredential("new", null, null));
        _accepted.Add("Bearer new");
        using var handler = Handler();

        using var post = await handler.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://127.0.0.1/x") { Content = new StringContent("{}") }, CancellationToken.None);
        using var get = await handler.SendAsync(Get(), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(new[] { "Bearer old", "Bearer new" }, _sent.Select(s => s.Authorization));
        Assert.Equal(2, _runs);
    }

    [Fact]
    public async Task A_request_that_brings_its_own_authorization_does_not_run_the_plugin()
    {
        _accepted.Add("Bearer mine");
        using var handler = Handler();
        var request = Get();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "mine");

        using var response = await handler.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _runs);
    }

    [Fact]
    public async Task Each_distinct_client_certificate_gets_its_own_connections()
    {
        using var certificates = new TestCertificates();
        var first = Certificate(certificates, "first");
        _answers.Enqueue(new ExecCredential(null, first, null));
        _answers.Enqueue(new ExecCredential(null, X509CertificateLoader.LoadPkcs12(first.Export(X509ContentType.Pkcs12), null), null));
        _answers.Enqueue(new ExecCredential(null, Certificate(certificates, "second"), null));
        using var handler = Handler();

        (await handler.SendAsync(Get(), CancellationToken.None)).Dispose(); // refused: the same certificate again, same connections
        (await handler.SendAsync(Get(), CancellationToken.None)).Dispose(); // refused: a new certificate, new connections

        Assert.Equal(new[] { "CN=first", "CN=first", "CN=first", "CN=second" }, _sent.Select(s => s.Certificate!.Subject));
        Assert.All(_sent, s => Assert.Null(s.Authorization));
        Assert.Equal(2, _transportsCreated);
    }

    private static X509Certificate2 Certificate(TestCertificates certificates, string user)
    {
        var (certificate, key) = certificates.IssueClient(user);
        return X509Certificate2.CreateFromPem(certificate, key);
    }

    private sealed class RecordingTransport : HttpMessageHandler
    {
        private readonly X509Certificate2? _certificate;
        private readonly ExecCredentialHandlerTests _test;

        public RecordingTransport(X509Certificate2? certificate, ExecCredentialHandlerTests test)
        {
            _certificate = certificate;
            _test = test;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authorization = request.Headers.Authorization?.ToString();
            _test._sent.Add((_certificate, authorization, request.Method));
            var ok = authorization is not null && _test._accepted.Contains(authorization);
            return Task.FromResult(new HttpResponseMessage(ok ? HttpStatusCode.OK : HttpStatusCode.Unauthorized));
        }
    }
}
