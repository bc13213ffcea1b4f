using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Exec;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.PortForward;

namespace DevLoop.Kubernetes.Target;

/// <summary>
/// One allowed context, ready to use: the kubeconfig is read and the context checked against the
/// allow list before anything is sent to a server.
/// </summary>
public sealed class KubernetesConnection : IDisposable
{
    private readonly HttpMessageHandler _handler;
    private readonly HttpClient _http;

    private KubernetesConnection(KubeContext context, HttpMessageHandler handler)
    {
        Context = context;
        _handler = handler;
        _http = new HttpClient(handler, disposeHandler: false) { BaseAddress = KubeHttpClientFactory.BaseAddress(context), Timeout = Timeout.InfiniteTimeSpan };
        Api = new KubeApiClient(_http);
        Exec = new KubeExecClient(handler, KubeHttpClientFactory.BaseAddress(context));
        PortForward = new KubePortForwardClient(handler, KubeHttpClientFactory.BaseAddress(context));
    }

    public KubeContext Context { get; }

    public string Namespace => Context.Namespace;

    public KubeApiClient Api { get; }

    public KubeExecClient Exec { get; }

    public KubePortForwardClient PortForward { get; }

    public static KubernetesConnection Open(KubernetesSettings settings)
    {
        var kubeconfig = KubeconfigLoader.Load(string.IsNullOrWhiteSpace(settings.Kubeconfig) ? null : settings.Kubeconfig);
        var context = kubeconfig.Resolve(settings.Context, string.IsNullOrWhiteSpace(settings.Namespace) ? null : settings.Namespace);
        ContextAllowList.EnsureAllowed(context.Name, settings.AllowedContexts);
        return new KubernetesConnection(context, KubeHttpClientFactory.CreateHandler(context));
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }
}
