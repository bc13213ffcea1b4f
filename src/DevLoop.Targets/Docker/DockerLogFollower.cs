using System.Text;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Docker;
using DevLoop.Targets.Providers;

namespace DevLoop.Targets.Docker;

/// <summary>Streams a container's stdout and stderr with its name as prefix, reconnecting if the stream ends.</summary>
internal sealed class DockerLogFollower
{
    private readonly DockerApiClient _client;
    private readonly IDevLoopLog _log;

    public DockerLogFollower(DockerApiClient client, IDevLoopLog log)
    {
        _client = client;
        _log = log;
    }

    public async Task FollowAsync(string container, ISessionObserver observer, CancellationToken cancellationToken)
    {
        var tail = "20";
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var inspect = await _client.InspectContainerAsync(container, cancellationToken).ConfigureAwait(false);
                var name = inspect?.Name.TrimStart('/') ?? container;
                await using var stream = await _client.GetLogStreamAsync(container, follow: true, tail, cancellationToken).ConfigureAwait(false);
                var reader = new MultiplexedStreamReader(stream);
                while (await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
                {
                    foreach (var line in Encoding.UTF8.GetString(frame.Payload).TrimEnd('\n').Split('\n'))
                    {
                        observer.AppOutput(name, line.TrimEnd('\r'), frame.Type == 2);
                    }
                }
            }
            catch (DevLoopException e)
            {
                _log.Warning(e.Code, "Following the container's logs failed: " + e.Message);
            }
            catch (IOException e)
            {
                _log.Detail("The log stream broke: " + e.Message);
            }

            tail = "0";
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }
}
