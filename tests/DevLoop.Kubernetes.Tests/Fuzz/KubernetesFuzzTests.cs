using System.Text;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.Tests.Http;
using DevLoop.Testing;
using Xunit.Abstractions;

namespace DevLoop.Kubernetes.Tests.Fuzz;

/// <summary>
/// The kubeconfig loader (with every context resolved, as DeployDev resolves one) and the exec
/// credential plugin's answer, fed mutated inputs for a fixed time from the corpus in Fuzz/corpus:
/// each must be read or refused with a coded error (DevLoopException), never anything else.
/// DEVLOOP_FUZZ_SECONDS runs longer.
/// </summary>
public sealed class KubernetesFuzzTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _dir = new("devloop-fuzz-kube");

    public KubernetesFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<byte[]> Corpus(string name) => Fuzzer.Corpus(Path.Combine(RepoPaths.Root, "tests", "DevLoop.Kubernetes.Tests", "Fuzz", "corpus", name));

    private static bool Coded(Exception e) => e is DevLoopException { Code.Length: > 0 };

    [Fact]
    public void Mutated_kubeconfigs_are_read_or_refused_with_a_code()
    {
        var file = _dir.Combine("kubeconfig");
        var resolved = 0;
        var report = new Fuzzer(Corpus("kubeconfig"), seed: 21).Run("kubeconfig", Fuzzer.Budget, bytes =>
        {
            File.WriteAllBytes(file, bytes);
            var kubeconfig = KubeconfigLoader.Load(file, kubeconfigVariable: null, home: null);
            foreach (var context in kubeconfig.ContextNames.Prepend(null))
            {
                try
                {
                    kubeconfig.Resolve(context, namespaceOverride: null);
                    resolved++;
                }
                catch (DevLoopException e) when (Coded(e))
                {
                    // Refused with a code: as expected for a broken context; the others are still tried.
                }
            }
        }, Coded);

        _output.WriteLine($"{report.Summary}; {resolved} contexts resolved");
        Assert.True(resolved > 0, "no context was ever resolved: the corpus no longer reaches the resolver");
        Assert.True(report.Findings.Count == 0, report.Describe());
    }

    [Fact]
    public void Mutated_exec_credential_answers_are_read_or_refused_with_a_code()
    {
        var plugin = PluginScripts.Plugin("/opt/bin/get-token");
        var read = 0;
        var report = new Fuzzer(Corpus("exec-credential"), seed: 22).Run("exec credential", Fuzzer.Budget, bytes =>
        {
            ExecCredentialResponse.Parse(Encoding.UTF8.GetString(bytes), plugin);
            read++;
        }, Coded);

        _output.WriteLine($"{report.Summary}; {read} answers read");
        Assert.True(read > 0, "no answer was ever read: the corpus no longer reaches the parser");
        Assert.True(report.Findings.Count == 0, report.Describe());
    }
}
