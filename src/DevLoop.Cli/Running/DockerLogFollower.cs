using DevLoop.Cli.Output;
using DevLoop.Core.Errors;
using DevLoop.Docker;
using Docker.DotNet;

namespace DevLoop.Cli.Running;

/// <summary>Streams a container's stdout and stderr with its name as prefix, reconnecting if the stream ends.</summary>
internal sealed class DockerLogFollower
{
    private readonly ConsoleOutput _output;

    public DockerLogFollower(ConsoleOutput output)
    {
        _output = output;
    }

    public async Task FollowAsync(string container, CancellationToken cancellationToken)
    {
        using var client = DockerApiClient.FromEnvironment();
        var tail = "20";
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var inspect = await client.InspectContainerAsync(container, cancellationToken).ConfigureAwait(false);
                var name = inspect?.Name.TrimStart('/') ?? container;
                using var stream = await client.GetLogStreamAsync(container, follow: true, tail, cancellationToken).ConfigureAwait(false);
                await PrintAsync(stream, name, cancellationToken).ConfigureAwait(false);
            }
            catch (DevLoopException e)
            {
                _output.Warning(e.Code, "Following the container's logs failed: " + e.Message);
            }
            catch (IOException e)
            {
                _output.Detail("The log stream broke: " + e.Message);
            }

            tail = "0";
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PrintAsync(MultiplexedStream stream, string name, CancellationToken cancellationToken)
    {
        var stdout = new LogLines();
        var stderr = new LogLines();
        var buffer = new byte[16384];
        while (true)
        {
            var chunk = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (chunk.EOF)
            {
                return;
            }

            var isError = chunk.Target == MultiplexedStream.TargetStream.StandardError;
            foreach (var line in (isError ? stderr : stdout).Add(buffer, chunk.Count))
            {
                _output.App(name, line, isError);
            }
        }
    }
}
