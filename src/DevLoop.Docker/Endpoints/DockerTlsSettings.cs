namespace DevLoop.Docker.Endpoints;

/// <summary>
/// TLS for a tcp:// Docker endpoint. Files that are null are not used: no CA means the system's roots,
/// no certificate and key means no client certificate.
/// </summary>
/// <param name="Folder">Where the files were looked for, for messages.</param>
/// <param name="Verify">False skips checking the engine's certificate (DOCKER_TLS without DOCKER_TLS_VERIFY, a context's SkipTLSVerify).</param>
/// <param name="Origin">What asked for TLS, for messages, e.g. "DOCKER_TLS_VERIFY".</param>
public sealed record DockerTlsSettings(string Folder, string? CaFile, string? CertFile, string? KeyFile, bool Verify, string Origin)
{
    public const string CaFileName = "ca.pem";
    public const string CertFileName = "cert.pem";
    public const string KeyFileName = "key.pem";

    /// <summary>The files of a folder laid out as the docker CLI lays it out (ca.pem, cert.pem, key.pem); missing ones are left out.</summary>
    public static DockerTlsSettings FromFolder(string folder, bool verify, string origin)
    {
        string? Existing(string name) => File.Exists(Path.Combine(folder, name)) ? Path.Combine(folder, name) : null;
        return new DockerTlsSettings(folder, Existing(CaFileName), Existing(CertFileName), Existing(KeyFileName), verify, origin);
    }

    public static bool AnyFileIn(string folder) =>
        File.Exists(Path.Combine(folder, CaFileName)) || File.Exists(Path.Combine(folder, CertFileName)) || File.Exists(Path.Combine(folder, KeyFileName));
}
