using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// Who may call: bearer tokens mapped to users, client certificates by CN. Everyone may do everything
/// (discovery is always allowed) unless a test takes rights away with <see cref="Forbid"/> or <see cref="Deny"/>.
/// </summary>
public sealed class ServerUsers
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _forbidden = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string User, string Verb, string Resource), bool> _denied = new();

    public void AddToken(string token, string user) => _tokens[token] = user;

    /// <summary>The token no longer authenticates anyone (revoked, or expired): requests with it get 401.</summary>
    public void RemoveToken(string token) => _tokens.TryRemove(token, out _);

    /// <summary>Gives back every right <see cref="Forbid"/> and <see cref="Deny"/> took from the user.</summary>
    public void Allow(string user)
    {
        _forbidden.TryRemove(user, out _);
        foreach (var denied in _denied.Keys.Where(k => k.User == user))
        {
            _denied.TryRemove(denied, out _);
        }
    }

    /// <summary>Denies the user every verb on every resource.</summary>
    public void Forbid(string user) => _forbidden[user] = true;

    /// <summary>
    /// Denies the user one verb on one resource, e.g. Deny("dev", "patch", "pods"),
    /// Deny("dev", "create", "pods/exec"), Deny("dev", "get", "deployments").
    /// Verbs: get, list, watch, create, update, patch, delete, deletecollection.
    /// </summary>
    public void Deny(string user, string verb, string resource) => _denied[(user, verb, resource)] = true;

    public bool IsForbidden(string user) => _forbidden.ContainsKey(user);

    public bool IsAllowed(string user, string verb, string resource) =>
        !_forbidden.ContainsKey(user) && !_denied.ContainsKey((user, verb, resource));

    /// <summary>Throws the 403 a real server gives when <paramref name="user"/> may not do this.</summary>
    /// <param name="subresource">"exec", "log", "scale" or null.</param>
    /// <param name="name">The object's name, or null for a collection request.</param>
    public void Authorize(string user, string verb, ResourceType type, string? subresource, string? ns, string? name)
    {
        var resource = subresource is null ? type.Resource : type.Resource + "/" + subresource;
        if (IsAllowed(user, verb, resource))
        {
            return;
        }

        var subject = name is null ? ApiException.Qualified(type) : $"{ApiException.Qualified(type)} \"{name}\"";
        var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        throw new ApiException(
            HttpStatusCode.Forbidden,
            "Forbidden",
            $"{subject} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{type.Group}\" {scope}",
            Status.Details(type, name));
    }

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
