using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Config;

/// <summary>A file that is not shaped like a kubeconfig is DL2103 in the file's terms: what, where, and what belongs there.</summary>
public sealed class KubeconfigShapeTests
{
    [Theory]
    [InlineData("hello world", "holds the text 'hello world' (line 1) where a mapping of keys belongs")]
    [InlineData("- name: a\n- name: b\n", "holds a list (2 item(s)) (line 1) where a mapping of keys belongs")]
    [InlineData("42", "holds the text '42' (line 1)")]
    public void A_file_that_is_not_a_mapping_says_what_it_holds(string yaml, string expected)
    {
        var (error, file) = LoadFails(yaml);

        Assert.Contains($"The kubeconfig '{file}' is not a kubeconfig: it {expected}", error.Message);
    }

    [Theory]
    [InlineData("clusters: 5", "the text '5' at 'clusters' (line 1), where a list of clusters, each '- name: NAME' with 'cluster: {server: https://HOST:PORT}' belongs")]
    [InlineData("current-context: kind-a\ncontexts: hello", "the text 'hello' at 'contexts' (line 2), where a list of contexts")]
    [InlineData("users: { name: u }", "a mapping at 'users' (line 1), where a list of users")]
    [InlineData("current-context: [a, b]", "a list (2 item(s)) at 'current-context' (line 1), where a single value belongs")]
    [InlineData("clusters:\n- just-a-name", "the text 'just-a-name' at 'clusters[0]' (line 2), where a mapping of keys")]
    [InlineData("clusters:\n- name: c\n  cluster: 5", "the text '5' at 'clusters[0].cluster' (line 3), where a mapping of keys")]
    [InlineData("clusters:\n- name: c\n  cluster: { server: 'https://h', insecure-skip-tls-verify: maybe }", "the text 'maybe' at 'clusters[0].cluster.insecure-skip-tls-verify' (line 3), where true or false belongs")]
    [InlineData("users:\n- name: u\n  user:\n    exec: { command: p, args: get-token }", "the text 'get-token' at 'users[0].user.exec.args' (line 4), where a list of values belongs")]
    [InlineData("contexts:\n- name: [x]\n  context: { cluster: c }", "a list (1 item(s)) at 'contexts[0].name' (line 2), where a single value belongs")]
    public void A_key_of_the_wrong_kind_is_named_with_its_line(string yaml, string expected)
    {
        var (error, file) = LoadFails(yaml);

        Assert.Contains($"The kubeconfig '{file}' has {expected}", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing here yet\n")]
    [InlineData("~")]
    public void An_empty_file_says_it_is_empty(string yaml)
    {
        var (error, file) = LoadFails(yaml);

        Assert.Contains($"The kubeconfig '{file}' is empty.", error.Message);
    }

    [Fact]
    public void An_empty_file_among_several_is_skipped_as_client_go_does_but_all_empty_is_an_error()
    {
        using var dir = new TempDirectory();
        var empty = dir.Write("empty", string.Empty);
        var good = dir.Write("config", "current-context: kind-a\nclusters:\n- name: c\n  cluster: { server: 'https://127.0.0.1:6443' }\ncontexts:\n- name: kind-a\n  context: { cluster: c }");

        Assert.Equal("kind-a", KubeconfigLoader.Load(null, empty + Path.PathSeparator + good, null).Resolve(null, null).Name);
        var error = Assert.Throws<DevLoopException>(() => KubeconfigLoader.Load(null, empty + Path.PathSeparator + dir.Write("empty2", "\n"), null));
        Assert.Equal(ErrorCodes.KubeconfigUnreadable, error.Code);
        Assert.Contains("are empty", error.Message);
    }

    [Theory]
    [InlineData("contexts: []", ErrorCodes.NoCurrentContext)]
    [InlineData("apiVersion: v1\nkind: Config", ErrorCodes.NoCurrentContext)]
    [InlineData("current-context: kind-a", ErrorCodes.UnknownContext)]
    public void A_mapping_without_contexts_says_so_instead_of_an_empty_list(string yaml, string code)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", yaml);

        var error = Assert.Throws<DevLoopException>(() => KubeconfigLoader.Load(file, null, null).Resolve(null, null));

        Assert.Equal(code, error.Code);
        Assert.Contains("defines no contexts", error.Message);
        Assert.DoesNotContain(": .", error.Message);
        Assert.Contains("A kubeconfig is a YAML mapping", error.Message);
    }

    [Fact]
    public void Keys_devloop_does_not_read_are_not_checked()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", "preferences: 5\nextensions: hello\ncurrent-context: kind-a\nclusters:\n- name: c\n  cluster: { server: 'https://127.0.0.1:6443', extensions: 7 }\ncontexts:\n- name: kind-a\n  context: { cluster: c }");

        Assert.Equal("kind-a", KubeconfigLoader.Load(file, null, null).Resolve(null, null).Name);
    }

    private static (DevLoopException Error, string File) LoadFails(string yaml)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", yaml);

        var error = Assert.Throws<DevLoopException>(() => KubeconfigLoader.Load(file, null, null).Resolve(null, null));

        Assert.Equal(ErrorCodes.KubeconfigUnreadable, error.Code);
        Assert.Contains("A kubeconfig is a YAML mapping like the one 'kubectl config view' prints", error.Message);
        foreach (var dotnet in new[] { "System.", "Document", "Entry", "`1", "Exception", "one of: ." })
        {
            Assert.DoesNotContain(dotnet, error.Message);
        }

        return (error, file);
    }
}
