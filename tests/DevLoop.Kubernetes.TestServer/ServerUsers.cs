using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>Who may call: bearer tokens mapped to users, client certificates by CN; some users lack RBAC.</summary>
public sealed class ServerUsers
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _forbidden = new(StringComparer.Ordinal);

    public void AddToken(string token, string user) => _tokens[token] = user;

    public void Forbid(string user) => _forbidden[user] = true;

    public bool IsForbidden(string user) => _forbidden.ContainsKey(user);

    public string? Authenticate(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return _tokens.TryGetValue(authorization["Bearer ".Length..], out var user) ? user : null;
        }

        var certificate = context.Connection.ClientCertificate;
        return certificate?.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);
    }
}
