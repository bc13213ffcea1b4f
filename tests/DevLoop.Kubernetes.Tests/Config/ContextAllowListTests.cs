using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;

namespace DevLoop.Kubernetes.Tests.Config;

public sealed class ContextAllowListTests
{
    [Theory]
    [InlineData("kind-dev", null, true)]
    [InlineData("k3d-shop", null, true)]
    [InlineData("minikube", null, true)]
    [InlineData("docker-desktop", null, true)]
    [InlineData("rancher-desktop", null, true)]
    [InlineData("orbstack", null, true)]
    [InlineData("minikube-prod", null, false)]
    [InlineData("arn:aws:eks:eu-west-1:1:cluster/prod", null, false)]
    [InlineData("gke_team_dev", "gke_team_dev", true)]
    [InlineData("dev-eu-1", "staging;dev-*", true)]
    [InlineData("prod-eu-1", "staging;dev-*", false)]
    public void Only_local_clusters_and_listed_contexts_are_allowed(string context, string? allowed, bool expected)
    {
        Assert.Equal(expected, ContextAllowList.IsAllowed(context, allowed));
    }

    [Fact]
    public void A_refusal_names_the_context_and_the_property_that_allows_it()
    {
        var error = Assert.Throws<DevLoopException>(() => ContextAllowList.EnsureAllowed("prod", null));
        Assert.Equal(ErrorCodes.ContextNotAllowed, error.Code);
        Assert.Contains("-p:DevLoopAllowedContexts=prod", error.Message);
    }
}
