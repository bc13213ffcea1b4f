using DevLoop.Kubernetes.PortForward;

namespace DevLoop.Kubernetes.Tests.PortForward;

public sealed class PortForwardSpecTests
{
    [Fact]
    public void Pairs_and_single_ports_separated_like_the_other_lists()
    {
        var forwards = PortForwardSpec.ParseList("5000:8080; 9090,5001:80");

        Assert.Equal(new[] { new PortForwardSpec(5000, 8080), new PortForwardSpec(9090, 9090), new PortForwardSpec(5001, 80) }, forwards);
    }

    [Theory]
    [InlineData("5000:")]
    [InlineData(":8080")]
    [InlineData("5000:8080:1")]
    [InlineData("0:8080")]
    [InlineData("5000:65536")]
    [InlineData("http")]
    [InlineData("-1:80")]
    [InlineData("5000:80;5000:81")]
    public void Anything_else_is_refused(string value)
    {
        Assert.Throws<FormatException>(() => PortForwardSpec.ParseList(value));
    }
}
