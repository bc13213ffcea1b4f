using System.Net;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// What the API server does to a new pod before storing it: namespace and name (generateName),
/// validation of what this server can run, and the defaults a real server fills in.
/// </summary>
public static class PodAdmission
{
    public static void Admit(string ns, JsonObject pod)
    {
        Objects.AdmitMetadata(ns, pod, ResourceType.Pods);
        var name = pod.Metadata().Str("name")!;
        var spec = pod["spec"] as JsonObject ?? throw ApiException.Invalid(ResourceType.Pods, name, "spec.containers: Required value");
        Validate(name, spec);

        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["serviceAccountName"] ??= "default";
        spec["securityContext"] ??= new JsonObject();
        foreach (var container in spec.Items("containers"))
        {
            container["imagePullPolicy"] ??= "IfNotPresent";
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            container["resources"] ??= new JsonObject();
        }

        pod["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["qosClass"] = "BestEffort",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = Json.Now() }),
        };
    }

    /// <summary>Throws the 422 a pod (or a pod template, for Deployments) gets when it asks for what this server cannot run.</summary>
    public static void Validate(string name, JsonObject spec, ResourceType? type = null, string at = "spec")
    {
        var kind = type ?? ResourceType.Pods;
        var containers = spec.Items("containers").ToList();
        if (containers.Count == 0)
        {
            throw ApiException.Invalid(kind, name, at + ".containers: Required value");
        }

        var volumes = spec.Items("volumes").ToList();
        for (var v = 0; v < volumes.Count; v++)
        {
            if (volumes[v]["emptyDir"] is null || volumes[v].Str("name") is null)
            {
                throw Unsupported(kind, name, $"{at}.volumes[{v}]", "the test server supports only named emptyDir volumes");
            }
        }

        foreach (var field in new[] { "initContainers", "ephemeralContainers" })
        {
            if (spec[field] is JsonArray { Count: > 0 })
            {
                throw Unsupported(kind, name, at + "." + field, "the test server runs only spec.containers");
            }
        }

        for (var i = 0; i < containers.Count; i++)
        {
            var path = $"{at}.containers[{i}]";
            if (containers[i].Str("name") is not { Length: > 0 })
            {
                throw ApiException.Invalid(kind, name, path + ".name: Required value");
            }

            if (containers[i].Str("image") is not { Length: > 0 })
            {
                throw ApiException.Invalid(kind, name, path + ".image: Required value");
            }

            var env = containers[i].Items("env").ToList();
            for (var e = 0; e < env.Count; e++)
            {
                if (env[e]["valueFrom"] is JsonObject from && from["fieldRef"] is null)
                {
                    throw Unsupported(kind, name, $"{path}.env[{e}].valueFrom", "the test server resolves only fieldRef (no Secrets or ConfigMaps)");
                }
            }

            if (containers[i]["envFrom"] is JsonArray { Count: > 0 })
            {
                throw Unsupported(kind, name, path + ".envFrom", "the test server has no Secrets or ConfigMaps");
            }

            var mounts = containers[i].Items("volumeMounts").ToList();
            for (var m = 0; m < mounts.Count; m++)
            {
                if (!volumes.Any(v => v.Str("name") == mounts[m].Str("name")))
                {
                    throw ApiException.Invalid(kind, name, $"{path}.volumeMounts[{m}].name: Not found: \"{mounts[m].Str("name")}\"");
                }
            }
        }

        if (containers.Select(c => c.Str("name")).Distinct(StringComparer.Ordinal).Count() != containers.Count)
        {
            throw ApiException.Invalid(kind, name, at + ".containers: Duplicate value");
        }
    }

    private static ApiException Unsupported(ResourceType type, string name, string field, string why) =>
        ApiException.Invalid(type, name, $"{field}: Unsupported value: {why}");
}
