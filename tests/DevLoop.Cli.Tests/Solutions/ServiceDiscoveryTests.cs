using DevLoop.Cli.Solutions;
using DevLoop.Core.Errors;

namespace DevLoop.Cli.Tests.Solutions;

/// <summary>Which projects of a solution are services, from their evaluated properties, and the targets they claim.</summary>
public sealed class ServiceDiscoveryTests
{
    private static (string, Dictionary<string, string?>) Project(string path, string? outputType, params (string Name, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["OutputType"] = outputType };
        if (settings.Length > 0 || outputType is not null)
        {
            values["DevLoopStateDir"] = Path.Combine(Path.GetDirectoryName(path)!, "obj", "devloop");
            values["TargetDir"] = Path.Combine(Path.GetDirectoryName(path)!, "bin");
            values["MSBuildProjectDirectory"] = Path.GetDirectoryName(path);
        }

        foreach (var (name, value) in settings)
        {
            values[name] = value;
        }

        return (path, values);
    }

    private static (string, Dictionary<string, string?>) WithoutDevLoop(string path) =>
        (path, new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["OutputType"] = "Exe" });

    [Fact]
    public void Apps_that_reference_DevLoop_Build_are_services_with_their_own_settings_and_the_rest_are_said_under_verbose()
    {
        var said = new List<string>();
        var services = ServiceDiscovery.Select("/s/Shop.slnx", new[]
        {
            Project("/s/Orders/Orders.csproj", "Exe", ("DevLoopTarget", "docker"), ("DevLoopContainer", "orders")),
            Project("/s/Billing/Billing.csproj", "exe"),
            Project("/s/Shared/Shared.csproj", "Library"),
            WithoutDevLoop("/s/Tests/Tests.csproj"),
        }, said.Add);

        Assert.Equal(new[] { "Orders", "Billing" }, services.Select(s => s.Name));
        Assert.Equal(("docker", "orders"), (services[0].Settings.Target, services[0].Settings.Container));
        Assert.Equal("local", services[1].Settings.Target);
        Assert.Contains(said, s => s.StartsWith("Shared.csproj: not an app", StringComparison.Ordinal));
        Assert.Contains(said, s => s.StartsWith("Tests.csproj: does not reference DevLoop.Build", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_services_with_one_name_are_named_by_their_folders()
    {
        var services = ServiceDiscovery.Select("/s/Shop.sln", new[] { Project("/s/a/Api/Api.csproj", "Exe"), Project("/s/b/Api/Api.csproj", "Exe") }, _ => { });

        Assert.Equal(new[] { "a/Api", "b/Api" }, services.Select(s => s.Name));
    }

    [Fact]
    public void A_solution_without_a_service_is_DL5011_and_names_what_it_read()
    {
        var error = Assert.Throws<DevLoopException>(() => ServiceDiscovery.Select("/s/Shop.slnx", new[] { Project("/s/Shared/Shared.csproj", "Library"), WithoutDevLoop("/s/Web/Web.csproj") }, _ => { }));

        Assert.Equal(ErrorCodes.NoServicesInSolution, error.Code);
        Assert.Contains("Shared.csproj, Web.csproj", error.Message);
        Assert.Contains("package DevLoop.Build", error.Message);
    }

    [Theory]
    [InlineData("docker", "DevLoopContainer", "web", "container 'web'")]
    [InlineData("docker", "DevLoopComposeService", "web", "Compose service 'web'")]
    [InlineData("kubernetes", "DevLoopWorkload", "deployment/web", "the pods of deployment/web")]
    public void Two_services_that_claim_one_target_are_DL2009_naming_both(string target, string setting, string value, string described)
    {
        var settings = new List<(string, string)> { ("DevLoopTarget", target), (setting, value) };
        if (setting == "DevLoopComposeService")
        {
            settings.Add(("DevLoopComposeProject", "shop"));
        }

        var services = ServiceDiscovery.Select("/s/Shop.slnx", new[]
        {
            Project("/s/Orders/Orders.csproj", "Exe", settings.ToArray()),
            Project("/s/Billing/Billing.csproj", "Exe", settings.ToArray()),
        }, _ => { });

        var error = Assert.Throws<DevLoopException>(() => ServiceDiscovery.EnsureDistinctTargets(services));

        Assert.Equal(ErrorCodes.ServicesShareTarget, error.Code);
        Assert.Contains("'Orders' and 'Billing'", error.Message);
        Assert.Contains(described, error.Message);
    }

    [Fact]
    public void Local_services_and_different_targets_claim_nothing_in_common()
    {
        var services = ServiceDiscovery.Select("/s/Shop.slnx", new[]
        {
            Project("/s/Orders/Orders.csproj", "Exe"),
            Project("/s/Billing/Billing.csproj", "Exe"),
            Project("/s/A/A.csproj", "Exe", ("DevLoopTarget", "docker"), ("DevLoopContainer", "a")),
            Project("/s/B/B.csproj", "Exe", ("DevLoopTarget", "docker"), ("DevLoopContainer", "b")),
            Project("/s/C/C.csproj", "Exe", ("DevLoopTarget", "kubernetes"), ("DevLoopWorkload", "deployment/web"), ("DevLoopNamespace", "one")),
            Project("/s/D/D.csproj", "Exe", ("DevLoopTarget", "kubernetes"), ("DevLoopWorkload", "deployment/web"), ("DevLoopNamespace", "two")),
        }, _ => { });

        ServiceDiscovery.EnsureDistinctTargets(services);
    }
}
