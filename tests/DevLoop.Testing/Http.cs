namespace DevLoop.Testing;

public static class Http
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Polls until the URL answers with a body that satisfies the condition; returns the body.</summary>
    public static async Task<string> WaitForAsync(string url, Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await Client.GetStringAsync(url);
                if (condition(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException e)
            {
                last = "(error) " + e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "(timeout)";
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{url} did not give the expected answer within {timeout.TotalSeconds:F0} s; last answer: {last}");
    }

    public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);
}
