using System.Reflection;
using DevLoop.Core.Errors;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace DevLoop.Kubernetes.Config;

/// <summary>
/// Checks that a kubeconfig's YAML has the shape of <see cref="KubeconfigDocument"/> before it is
/// deserialized, so a wrong file (`hello world`, `clusters: 5`, a list at the top) is reported in
/// the file's terms (key, line, what belongs there) rather than with the deserializer's .NET type names.
/// Keys DevLoop does not read are not checked, as the deserializer ignores them.
/// </summary>
internal static class KubeconfigShape
{
    public const string Example =
        "A kubeconfig is a YAML mapping like the one 'kubectl config view' prints: "
        + "clusters: (a list of '- name: NAME' with 'cluster: {server: https://HOST:PORT}'), "
        + "users: ('- name: NAME' with 'user: {token: …}', a client certificate or an exec plugin), "
        + "contexts: ('- name: NAME' with 'context: {cluster: NAME, user: NAME}') and current-context: NAME.";

    private static readonly string[] TrueOrFalse = { "true", "false", "yes", "no", "on", "off", "y", "n" };

    /// <summary>False when the file holds no YAML document at all (empty, or only comments).</summary>
    /// <exception cref="YamlDotNet.Core.YamlException">The text is not YAML.</exception>
    public static bool Check(string file, string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = stream.Documents.FirstOrDefault()?.RootNode;
        if (root is null || IsNull(root))
        {
            return false;
        }

        if (root is not YamlMappingNode)
        {
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"The kubeconfig '{file}' is not a kubeconfig: it holds {Describe(root)} (line {root.Start.Line}) where a mapping of keys belongs. {Example}");
        }

        CheckNode(file, root, typeof(KubeconfigDocument), string.Empty);
        return true;
    }

    private static void CheckNode(string file, YamlNode node, Type type, string path)
    {
        if (IsNull(node))
        {
            return;
        }

        if (type == typeof(string) || type == typeof(bool))
        {
            var expected = type == typeof(bool) ? "true or false" : "a single value";
            if (node is not YamlScalarNode scalar || (type == typeof(bool) && !TrueOrFalse.Contains(scalar.Value, StringComparer.OrdinalIgnoreCase)))
            {
                Fail(file, node, path, expected);
            }

            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (node is not YamlSequenceNode sequence)
            {
                Fail(file, node, path, ListOf(path, type.GetGenericArguments()[0]));
                return;
            }

            var index = 0;
            foreach (var item in sequence)
            {
                CheckNode(file, item, type.GetGenericArguments()[0], $"{path}[{index++}]");
            }

            return;
        }

        if (node is not YamlMappingNode mapping)
        {
            Fail(file, node, path, "a mapping of keys (key: value lines, or { key: value })");
            return;
        }

        var members = Members(type);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && members.TryGetValue(name, out var memberType))
            {
                CheckNode(file, value, memberType, path.Length == 0 ? name : $"{path}.{name}");
            }
        }
    }

    private static string ListOf(string path, Type item) => path switch
    {
        "clusters" => "a list of clusters, each '- name: NAME' with 'cluster: {server: https://HOST:PORT}'",
        "users" => "a list of users, each '- name: NAME' with 'user: {…}' (a token, a client certificate or an exec plugin)",
        "contexts" => "a list of contexts, each '- name: NAME' with 'context: {cluster: NAME, user: NAME}'",
        _ when item == typeof(string) => "a list of values",
        _ => "a list of entries ('- name: …' lines)",
    };

    private static Dictionary<string, Type> Members(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Alias: p.GetCustomAttribute<YamlMemberAttribute>()?.Alias, p.PropertyType))
            .Where(m => m.Alias is not null)
            .ToDictionary(m => m.Alias!, m => Nullable.GetUnderlyingType(m.PropertyType) ?? m.PropertyType, StringComparer.Ordinal);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } scalar
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => $"the text '{Shorten(scalar.Value ?? string.Empty)}'",
        YamlSequenceNode sequence => $"a list ({sequence.Children.Count} item(s))",
        _ => "a mapping",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static void Fail(string file, YamlNode node, string path, string expected) =>
        throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"The kubeconfig '{file}' has {Describe(node)} at '{path}' (line {node.Start.Line}), where {expected} belongs. {Example}");
}
