using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Docker;
using DevLoop.Targets.Providers;
using Docker.DotNet;

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

    public Task FollowAsync(string container, ISessionObserver observer, CancellationToken cancellationToken) =>
        FollowAsync(container, observer, () => true, cancellationToken);

    /// <param name="stillWanted">False once the container is gone for good (a Compose replica removed): following ends.</param>
    public async Task FollowAsync(string container, ISessionObserver observer, Func<bool> stillWanted, CancellationToken cancellationToken)
    {
        var tail = "20";
        string? problem = null;
        while (!cancellationToken.IsCancellationRequested && stillWanted())
        {
            try
            {
                var inspect = await _client.InspectContainerAsync(container, cancellationToken).ConfigureAwait(false);
                var name = inspect?.Name.TrimStart('/') ?? container;
                using var stream = await _client.GetLogStreamAsync(container, follow: true, tail, cancellationToken).ConfigureAwait(false);
                problem = null;
                await ForwardAsync(stream, name, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (DevLoopException e) when (stillWanted())
            {
                // Once per outage (the container gone, the engine down), not every second while it lasts.
                if (problem != e.Message)
                {
                    _log.Warning(e.Code, "Following the container's logs failed: " + e.Message + " Retrying every second.");
                }

                problem = e.Message;
            }
            catch (DevLoopException)
            {
                return;
            }
            catch (IOException e)
            {
                _log.Detail("The log stream broke: " + e.Message);
            }

            tail = "0";
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ForwardAsync(MultiplexedStream stream, string name, ISessionObserver observer, CancellationToken cancellationToken)
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
                observer.AppOutput(name, line, isError);
            }
        }
    }
}
