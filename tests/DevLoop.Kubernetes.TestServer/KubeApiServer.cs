using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// The API server: HTTPS on loopback with the test CA's certificate, client-certificate and
/// bearer-token authentication, Status errors, and pods get/list.
/// </summary>
public sealed class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KubeApiServer(WebApplication app, TestCertificates certificates, PodStore pods, ServerUsers users)
    {
        _app = app;
        Certificates = certificates;
        Pods = pods;
        Users = users;
    }

    public TestCertificates Certificates { get; }

    public PodStore Pods { get; }

    public ServerUsers Users { get; }

    public Uri Url { get; private set; } = new("https://127.0.0.1/");

    /// <summary>How a too-old resourceVersion is refused: an HTTP 410, or (false) an ERROR event inside a 200 stream. Real servers do both.</summary>
    public bool ExpireAsHttpStatus { get; set; } = true;

    /// <summary>The exec subprotocols this server accepts, newest first: [v5, v4] like 1.30+, [v4] like an older one.</summary>
    public IList<string> ExecProtocols { get; } = new List<string> { ExecEndpoint.V5, ExecEndpoint.V4 };

    public static async Task<KubeApiServer> StartAsync(int port = 0)
    {
        var certificates = new TestCertificates();
        var pods = new PodStore();
        var users = new ServerUsers();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificates.Server;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, certificates.Authority);
        })));
        var app = builder.Build();
        var server = new KubeApiServer(app, certificates, pods, users);
        server.MapRoutes();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificates.Dispose();
    }

    private void MapRoutes()
    {
        _app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A test server bug must be visible in the test output, not only as a cut connection.
                Console.Error.WriteLine($"[kube-test-server] {context.Request.Path}: {e}");
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

        _app.MapGet("/api/v1/namespaces/{ns}/pods", async (HttpContext context, string ns) =>
        {
            if (!await AllowedAsync(context, "list", ns))
            {
                return;
            }

            var selector = Selector.Parse(context.Request.Query["labelSelector"].ToString());
            if (context.Request.Query["watch"] is var watch && (watch == "1" || watch == "true"))
            {
                await WatchStream.ServeAsync(context, ns, selector, Pods, ExpireAsHttpStatus);
                return;
            }

            var list = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PodList",
                ["metadata"] = new JsonObject { ["resourceVersion"] = Pods.ResourceVersion },
                ["items"] = new JsonArray(Pods.List(ns, selector).Select(p => (JsonNode)p.DeepClone()).ToArray()),
            };
            await context.Response.WriteAsJsonAsync(list);
        });

        _app.Map("/api/v1/namespaces/{ns}/pods/{name}/exec", async (HttpContext context, string ns, string name) =>
        {
            if (await AllowedAsync(context, "create", ns))
            {
                await ExecEndpoint.HandleAsync(context, ns, name, Pods, ExecProtocols);
            }
        });

        _app.MapGet("/api/v1/namespaces/{ns}/pods/{name}", async (HttpContext context, string ns, string name) =>
        {
            if (!await AllowedAsync(context, "get", ns))
            {
                return;
            }

            if (Pods.Get(ns, name) is not { } pod)
            {
                await Status.WriteAsync(context, HttpStatusCode.NotFound, "NotFound", $"pods \"{name}\" not found", name);
                return;
            }

            await context.Response.WriteAsJsonAsync(pod);
        });
    }

    private async Task<bool> AllowedAsync(HttpContext context, string verb, string ns)
    {
        var user = (string)context.Items["user"]!;
        if (Users.IsForbidden(user))
        {
            await Status.WriteAsync(context, HttpStatusCode.Forbidden, "Forbidden", $"pods is forbidden: User \"{user}\" cannot {verb} resource \"pods\" in API group \"\" in the namespace \"{ns}\"");
            return false;
        }

        return true;
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
