namespace DevLoop.Docker;

public sealed record ContainerState(bool Running, string? Status, string? StartedAt, int ExitCode);

public sealed record ContainerConfig(string? User, string? WorkingDir, string? Image);

public sealed record ContainerInspect(string Id, string Name, ContainerState State, ContainerConfig Config);

public sealed record ExecCreateRequest(bool AttachStdin, bool AttachStdout, bool AttachStderr, bool Tty, IReadOnlyList<string> Cmd);

public sealed record ExecCreateResponse(string Id);

public sealed record ExecInspect(bool Running, int? ExitCode);

public sealed record DockerError(string? Message);
