namespace DevLoop.Kubernetes.Tests;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class FakeTime : TimeProvider
{
    public FakeTime(DateTimeOffset now)
    {
        Now = now;
    }

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
