using System.Text;
using DevLoop.Cli.Output;
using DevLoop.Core.Errors;
using DevLoop.Docker;

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
                await using var stream = await client.GetLogStreamAsync(container, follow: true, tail, cancellationToken).ConfigureAwait(false);
                var reader = new MultiplexedStreamReader(stream);
                while (await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
                {
                    foreach (var line in Encoding.UTF8.GetString(frame.Payload).TrimEnd('\n').Split('\n'))
                    {
                        _output.App(name, line.TrimEnd('\r'), frame.Type == 2);
                    }
                }
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
}
