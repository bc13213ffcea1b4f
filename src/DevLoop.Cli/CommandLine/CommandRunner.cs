using DevLoop.Cli.Commands;

namespace DevLoop.Cli.CommandLine;

/// <summary>Runs a verb once its command line is parsed; returns the exit code.</summary>
internal delegate Task<int> CommandRunner(CliArguments arguments, CancellationToken cancellationToken);
