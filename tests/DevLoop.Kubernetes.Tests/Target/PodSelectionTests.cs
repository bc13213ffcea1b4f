using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Target;

namespace DevLoop.Kubernetes.Tests.Target;

/// <summary>How DevLoop picks pods and containers, and recognises GitOps-managed workloads.</summary>
public sealed class PodSelectionTests
{
    private static Pod PodWith(params string[] containers) =>
        new(new ObjectMeta(Name: "web-1"), new PodSpec(containers.Select(c => new Container(c)).ToList()));

    [Fact]
    public void A_workload_selector_becomes_the_label_selector_query_a_list_takes()
    {
        var selector = new LabelSelector(
            new Dictionary<string, string> { ["app"] = "orders", ["tier"] = "api" },
            new List<LabelSelectorRequirement>
            {
                new("track", "In", new List<string> { "stable", "canary" }),
                new("legacy", "DoesNotExist"),
                new("region", "NotIn", new List<string> { "eu" }),
                new("owner", "Exists"),
            });

        Assert.Equal("app=orders,tier=api,track in (stable,canary),!legacy,region notin (eu),owner", LabelSelectors.ToQuery(selector));
    }

    [Fact]
    public void The_only_container_is_used_and_several_need_a_name()
    {
        Assert.Equal("app", ContainerChoice.For(PodWith("app"), null));
        Assert.Equal("web", ContainerChoice.For(PodWith("istio-proxy", "web"), "web"));

        var missing = Assert.Throws<DevLoopException>(() => ContainerChoice.For(PodWith("istio-proxy", "web"), null));
        Assert.Equal(ErrorCodes.ContainerNameMissing, missing.Code);
        Assert.Contains("istio-proxy, web", missing.Message);

        var wrong = Assert.Throws<DevLoopException>(() => ContainerChoice.For(PodWith("web"), "api"));
        Assert.Equal(ErrorCodes.ContainerNotInPod, wrong.Code);
        Assert.Contains("no container 'api'", wrong.Message);
        Assert.Null(ContainerChoice.Find(PodWith("a", "b"), null));
    }

    [Theory]
    [InlineData("annotation", "argocd.argoproj.io/tracking-id", "orders-dev:apps/Deployment:dev/orders", "Argo CD", "orders-dev")]
    [InlineData("label", "argocd.argoproj.io/instance", "orders-dev", "Argo CD", "orders-dev")]
    [InlineData("label", "kustomize.toolkit.fluxcd.io/name", "apps", "Flux", "Kustomization flux-system/apps")]
    [InlineData("label", "helm.toolkit.fluxcd.io/name", "orders", "Flux", "HelmRelease flux-system/orders")]
    public void Argo_CD_and_Flux_are_recognised_by_what_they_put_on_workloads(string where, string key, string value, string tool, string application)
    {
        var marks = new Dictionary<string, string> { [key] = value };
        var labels = where == "label" ? new Dictionary<string, string>(marks) : new Dictionary<string, string>();
        labels["kustomize.toolkit.fluxcd.io/namespace"] = "flux-system";
        labels["helm.toolkit.fluxcd.io/namespace"] = "flux-system";
        var meta = new ObjectMeta(Name: "orders", Labels: labels, Annotations: where == "annotation" ? marks : null);

        var owner = GitOpsOwner.Of(meta);

        Assert.Equal(new GitOpsOwner(tool, application), owner);
        Assert.Contains($"managed by {tool}", owner!.Explain("deployment/orders"));
        Assert.Contains("dotnet devloop reset", owner.Explain("deployment/orders"));
    }

    [Fact]
    public void A_plain_Helm_release_is_not_taken_for_GitOps()
    {
        var meta = new ObjectMeta(Labels: new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "Helm", ["app.kubernetes.io/instance"] = "orders" });
        Assert.Null(GitOpsOwner.Of(meta));
    }

    [Fact]
    public void Pod_marks_say_the_pod_differs_from_its_image_when_and_from_which_commit()
    {
        var marks = PodMarks.For(new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.FromHours(1)), "abc123");

        Assert.Equal("true", marks[PodMarks.DiffersFromImage]);
        Assert.Equal("2026-11-21T09:30:00Z", marks[PodMarks.SyncedAt]);
        Assert.Equal("abc123", marks[PodMarks.Commit]);
        Assert.Equal("unknown", PodMarks.For(DateTimeOffset.UtcNow, null)[PodMarks.Commit]);
    }
}
