using System.Net;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>What PATCH and PUT may change on a pod here: metadata (labels, annotations...), not the spec.</summary>
public static class PodUpdates
{
    public static void Validate(JsonObject before, JsonObject after)
    {
        if (JsonNode.DeepEquals(before["spec"], after["spec"]))
        {
            return;
        }

        var name = before.Path("metadata").Str("name")!;
        var images = before.Path("spec").Items("containers").Select(c => c.Str("image")).SequenceEqual(after.Path("spec").Items("containers").Select(c => c.Str("image")));
        throw new ApiException(
            HttpStatusCode.UnprocessableEntity,
            "Invalid",
            images
                ? $"Pod \"{name}\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
                : $"Pod \"{name}\" is invalid: spec.containers[*].image: Forbidden: the DevLoop test server does not restart containers for a new image; delete the pod instead",
            Status.Details(ResourceType.Pods, name));
    }
}
