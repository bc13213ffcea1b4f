using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>The test-side API: make pods and Deployments, wait for them, delete them, find their ports and containers.</summary>
public sealed partial class KubeApiServer
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates a bare pod (no owner: deleting it removes it for good) with one container "app", as
    /// POST /api/v1/namespaces/NS/pods would, and returns it as stored (Pending; its container starts
    /// in the background). The pod gets its own loopback port: see <see cref="PodPort"/>.
    /// </summary>
    /// <param name="command">The entrypoint (Kubernetes' command); null keeps the image's.</param>
    /// <param name="args">The arguments (Kubernetes' args); null keeps the image's CMD when command is null too.</param>
    /// <param name="readinessPath">An HTTP path probed on the pod's port before it is Ready; null: Ready once running.</param>
    public JsonObject CreatePod(string ns, string name, string image, IEnumerable<string>? command = null, IEnumerable<string>? args = null, IReadOnlyDictionary<string, string>? env = null, string? readinessPath = null, IReadOnlyDictionary<string, string>? labels = null) =>
        CreatePod(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = (labels ?? new Dictionary<string, string> { ["app"] = name }).ToJson() },
            ["spec"] = PodSpec(image, command, args, env, readinessPath),
        });

    /// <summary>Creates a pod from a manifest (namespace from metadata.namespace, else "default") and returns it as stored.</summary>
    public JsonObject CreatePod(JsonObject pod) =>
        Kubelet.Create(pod.Path("metadata").Str("namespace") ?? "default", (JsonObject)pod.DeepClone());

    /// <summary>
    /// Creates a Deployment whose pods carry the label app=NAME and run one container "app", and
    /// returns its pods once all <paramref name="replicas"/> exist (not necessarily ready: see
    /// <see cref="WaitForReadyPodsAsync"/>).
    /// </summary>
    public Task<IReadOnlyList<JsonObject>> CreateDeploymentAsync(string ns, string name, int replicas, string image, IEnumerable<string>? command = null, IEnumerable<string>? args = null, IReadOnlyDictionary<string, string>? env = null, string? readinessPath = null, CancellationToken cancellationToken = default) =>
        CreateDeploymentAsync(
            new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = replicas,
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                    ["template"] = new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                        ["spec"] = PodSpec(image, command, args, env, readinessPath),
                    },
                },
            },
            cancellationToken);

    /// <summary>Creates a Deployment from a manifest and returns its pods once spec.replicas of them exist.</summary>
    public async Task<IReadOnlyList<JsonObject>> CreateDeploymentAsync(JsonObject deployment, CancellationToken cancellationToken = default)
    {
        var ns = deployment.Path("metadata").Str("namespace") ?? "default";
        var created = _controller.Create(ns, (JsonObject)deployment.DeepClone());
        var selector = created.Path("spec.selector").StringMap("matchLabels");
        var replicas = (int)(created.Path("spec").Int("replicas") ?? 1);
        return await WaitForPodsAsync(ns, selector, pods => pods.Count == replicas, $"{replicas} pods of deployment {created.Path("metadata").Str("name")}", DefaultTimeout, cancellationToken);
    }

    /// <summary>Waits until at least <paramref name="count"/> pods matching the labels are Ready and not terminating; returns those pods.</summary>
    public Task<IReadOnlyList<JsonObject>> WaitForReadyPodsAsync(string ns, IReadOnlyDictionary<string, string> selector, int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForPodsAsync(ns, selector, pods => pods.Count(PodStore.IsReady) >= count, $"{count} ready pods", timeout ?? DefaultTimeout, cancellationToken, PodStore.IsReady);

    /// <summary>Waits until the pod exists and satisfies <paramref name="condition"/>; returns it.</summary>
    public async Task<JsonObject> WaitForPodAsync(string ns, string name, Func<JsonObject, bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        JsonObject? found = null;
        await WaitAsync(() => (found = Pods.Get(ns, name)) is { } pod && condition(pod), () => $"pod {ns}/{name} to reach the expected state", ns, timeout ?? DefaultTimeout, cancellationToken);
        return found!;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking it on every pod change (and at least every 100 ms).</summary>
    public Task WaitUntilAsync(Func<bool> condition, string description, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(condition, () => description, null, timeout ?? DefaultTimeout, cancellationToken);

    /// <summary>Deletes a pod exactly as DELETE over the API does (its controller, if any, replaces it at once) and waits until it is gone.</summary>
    public async Task DeletePodAsync(string ns, string name, long? gracePeriodSeconds = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var uid = Kubelet.Delete(ns, name, gracePeriodSeconds).Path("metadata").Str("uid");
        await WaitAsync(() => Pods.Get(ns, name)?.Path("metadata").Str("uid") != uid, () => $"pod {ns}/{name} to be deleted", ns, timeout ?? DefaultTimeout, cancellationToken);
    }

    /// <summary>Sets a Deployment's spec.replicas, as `kubectl scale` does; the controller adds or removes pods.</summary>
    public void ScaleDeployment(string ns, string name, int replicas) =>
        _ = Deployments.Update(ns, name, d =>
        {
            var before = (JsonObject)d.DeepClone();
            d.Child("spec")["replicas"] = replicas;
            DeploymentAdmission.ValidateUpdate(before, d);
        }) ?? throw new KeyNotFoundException($"deployment {ns}/{name} not found");

    /// <summary>Deletes a Deployment; its ReplicaSet and pods follow in the background.</summary>
    public void DeleteDeployment(string ns, string name) => _controller.Delete(ns, name);

    /// <summary>The loopback port the server gave the pod: its PORT and ASPNETCORE_HTTP_PORTS, and what readiness probes use.</summary>
    public int PodPort(string ns, string name) =>
        Pods.Port(ns, name) ?? throw new KeyNotFoundException($"pod {ns}/{name} does not exist or is not run by this server");

    /// <summary>The id of the Docker container currently behind the pod's container (the first by default); null while none has started.</summary>
    public string? DockerContainer(string ns, string name, string? container = null) => Pods.DockerContainer(ns, name, container);

    /// <summary>A kubeconfig whose user authenticates with a client certificate for <paramref name="user"/> (CN), namespace "default".</summary>
    public string Kubeconfig(string user = "dev", string context = "kind-devloop-test")
    {
        var (certificate, key) = Certificates.IssueClient(user);
        return KubeconfigWriter.Write(this, context, certificate, key, token: null);
    }

    /// <summary>Writes <see cref="Kubeconfig"/> to a file, for kubectl or the product; returns the path.</summary>
    public string WriteKubeconfig(string path, string user = "dev", string context = "kind-devloop-test")
    {
        File.WriteAllText(path, Kubeconfig(user, context));
        return path;
    }

    /// <summary>An HttpClient for this server (BaseAddress set) that trusts its CA and authenticates as <paramref name="user"/> with a client certificate.</summary>
    public HttpClient CreateClient(string user = "dev")
    {
        var (certificatePem, keyPem) = Certificates.IssueClient(user);
        using var pem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        var authority = Certificates.Authority;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions =
            {
                ClientCertificates = new X509CertificateCollection { X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null) },
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && IssuedBy(server, authority),
            },
        };
        return new HttpClient(handler) { BaseAddress = Url, Timeout = Timeout.InfiniteTimeSpan };
    }

    private async Task<IReadOnlyList<JsonObject>> WaitForPodsAsync(string ns, IReadOnlyDictionary<string, string> selector, Func<IReadOnlyList<JsonObject>, bool> done, string what, TimeSpan timeout, CancellationToken cancellationToken, Func<JsonObject, bool>? result = null)
    {
        var matcher = LabelSelector.Equal(selector);
        IReadOnlyList<JsonObject> pods = Array.Empty<JsonObject>();
        await WaitAsync(
            () => done(pods = Pods.List(ns, p => matcher.Matches(p) && p.Path("metadata.deletionTimestamp") is null)),
            () => what,
            ns,
            timeout,
            cancellationToken);
        return result is null ? pods : pods.Where(result).ToList();
    }

    /// <summary>Re-checks on every pod change until <paramref name="done"/>; on timeout, says what the namespace's pods were doing.</summary>
    private async Task WaitAsync(Func<bool> done, Func<string> what, string? ns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var changed = Pods.Events.Changed;
            if (done())
            {
                return;
            }

            if (deadline.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {what()}. Pods{(ns is null ? string.Empty : " in " + ns)}:\n{await PodReport.DescribeAsync(Pods.List(ns))}");
            }

            // Deployments and ReplicaSets change without a pod changing: poll as well.
            await Task.WhenAny(changed, Task.Delay(100, deadline.Token));
        }
    }

    private static JsonObject PodSpec(string image, IEnumerable<string>? command, IEnumerable<string>? args, IReadOnlyDictionary<string, string>? env, string? readinessPath)
    {
        var container = new JsonObject { ["name"] = "app", ["image"] = image };
        if (command is not null)
        {
            container["command"] = command.ToJsonArray();
        }

        if (args is not null)
        {
            container["args"] = args.ToJsonArray();
        }

        if (env is not null)
        {
            container["env"] = new JsonArray(env.Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, ["value"] = e.Value }).ToArray());
        }

        if (readinessPath is not null)
        {
            container["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 });
            container["readinessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = readinessPath, ["port"] = "http" }, ["periodSeconds"] = 1 };
        }

        return new JsonObject { ["containers"] = new JsonArray(container) };
    }
}
