using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// A Kubernetes API server for tests: HTTPS on loopback with its own CA, client-certificate and
/// bearer-token authentication, RBAC denials, Status errors, discovery, pods (whose containers are
/// real Docker containers), Deployments with their ReplicaSets, watches, exec and logs.
/// Disposing it removes every container it started.
/// </summary>
public sealed partial class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DeploymentController _controller;
    private readonly CancellationTokenSource _stopping = new();

    private KubeApiServer(WebApplication app, TestCertificates certificates, string id)
    {
        _app = app;
        Certificates = certificates;
        Id = id;
        Pods = new PodStore(Clock);
        Deployments = new ObjectStore(ResourceType.Deployments, Clock);
        ReplicaSets = new ObjectStore(ResourceType.ReplicaSets, Clock);
        Kubelet = new Kubelet(Pods, id);
        _controller = new DeploymentController(Deployments, ReplicaSets, Pods, Kubelet);
    }

    /// <summary>Six random characters in this server's container names (kts-ID-...) and labels.</summary>
    public string Id { get; }

    public TestCertificates Certificates { get; }

    /// <summary>The resourceVersion sequence every kind shares.</summary>
    public VersionClock Clock { get; } = new();

    public PodStore Pods { get; }

    public ObjectStore Deployments { get; }

    /// <summary>Made by the deployment controller; read-only over the API.</summary>
    public ObjectStore ReplicaSets { get; }

    /// <summary>Runs the pods; <see cref="Kubelet.MaxGracePeriod"/> caps how long deletions wait for a container to stop.</summary>
    public Kubelet Kubelet { get; }

    public ServerUsers Users { get; } = new();

    public Uri Url { get; private set; } = new("https://127.0.0.1/");

    /// <summary>How a too-old resourceVersion is refused: an HTTP 410, or (false) an ERROR event inside a 200 stream. Real servers do both.</summary>
    public bool ExpireAsHttpStatus { get; set; } = true;

    /// <summary>The exec subprotocols this server accepts, newest first: [v5, v4] like 1.30+, [v4] like an older one.</summary>
    public IList<string> ExecProtocols { get; } = new List<string> { ExecEndpoint.V5, ExecEndpoint.V4 };

    /// <summary>Starts serving on 127.0.0.1 (a free port unless given). Pods need a running Docker engine; everything else does not.</summary>
    public static async Task<KubeApiServer> StartAsync(int port = 0)
    {
        var certificates = new TestCertificates();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificates.Server;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, certificates.Authority);
        })));
        var app = builder.Build();
        var server = new KubeApiServer(app, certificates, Objects.RandomSuffix(6));
        server.MapRoutes();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        server._controller.Start();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        // Open watches, log streams and execs end first, or stopping the host would wait for them;
        // no request can then start a pod after the kubelet has cleaned up.
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _controller.DisposeAsync();
        await Kubelet.DisposeAsync();
        await _app.DisposeAsync();
        Certificates.Dispose();
    }

    private void MapRoutes()
    {
        _app.Use(async (context, next) =>
        {
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            context.RequestAborted = aborted.Token;
            try
            {
                await next(context);
            }
            catch (ApiException e) when (!context.Response.HasStarted)
            {
                await Status.WriteAsync(context, e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A test server bug must be visible in the test output, not only as a cut connection.
                Console.Error.WriteLine($"[kube-test-server] {context.Request.Method} {context.Request.Path}: {e}");
                throw;
            }
        });
        _app.UseWebSockets();
        _app.Use(async (context, next) =>
        {
            var user = Users.Authenticate(context);
            if (user is null)
            {
                await Status.WriteAsync(context, HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");
                return;
            }

            context.Items["user"] = user;
            await next(context);
        });

        Discovery.Map(_app, () => Url);
        new ResourceApi(Pods, Users, () => ExpireAsHttpStatus)
        {
            Create = Kubelet.Create,
            Delete = Kubelet.Delete,
            ValidateUpdate = PodUpdates.Validate,
        }.Map(_app);
        new ResourceApi(Deployments, Users, () => ExpireAsHttpStatus)
        {
            Create = _controller.Create,
            Delete = (ns, name, _) => _controller.Delete(ns, name),
            ValidateUpdate = DeploymentAdmission.ValidateUpdate,
        }.Map(_app);
        new ResourceApi(ReplicaSets, Users, () => ExpireAsHttpStatus).Map(_app);
        ScaleEndpoint.Map(_app, Deployments, Users);

        _app.Map("/api/v1/namespaces/{ns}/pods/{name}/exec", async (HttpContext context, string ns, string name) =>
        {
            // WebSocket exec is authorized as get before Kubernetes 1.35 and also needs create from 1.35.
            Authorize(context, "create", "exec", ns, name);
            Authorize(context, "get", "exec", ns, name);
            await ExecEndpoint.HandleAsync(context, ns, name, Pods, ExecProtocols);
        });
        _app.Map("/api/v1/namespaces/{ns}/pods/{name}/portforward", async (HttpContext context, string ns, string name) =>
        {
            // As exec: a WebSocket upgrade is authorized as get, and from 1.35 also needs create.
            Authorize(context, "create", "portforward", ns, name);
            Authorize(context, "get", "portforward", ns, name);
            await PortForward.PortForwardEndpoint.HandleAsync(context, ns, name, Pods);
        });
        _app.MapGet("/api/v1/namespaces/{ns}/pods/{name}/log", async (HttpContext context, string ns, string name) =>
        {
            Authorize(context, "get", "log", ns, name);
            await LogEndpoint.HandleAsync(context, ns, name, Pods);
        });
        _app.MapGet("/api/v1/namespaces/{ns}/pods/{name}/status", async (HttpContext context, string ns, string name) =>
        {
            Authorize(context, "get", "status", ns, name);
            await Responses.ObjectAsync(context, ResourceType.Pods, Pods.Get(ns, name) ?? throw ApiException.NotFound(ResourceType.Pods, name));
        });
    }

    private void Authorize(HttpContext context, string verb, string subresource, string ns, string name) =>
        Users.Authorize((string)context.Items["user"]!, verb, ResourceType.Pods, subresource, ns, name);

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
