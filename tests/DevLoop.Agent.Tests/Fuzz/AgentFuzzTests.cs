using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using DevLoop.Agent.HotReload;
using DevLoop.Testing;
using Xunit.Abstractions;

namespace DevLoop.Agent.Tests.Fuzz;

/// <summary>
/// The agent's payload reader and plan, and the hook's request lines and delta wire form, fed mutated inputs for a fixed
/// time from the corpus in Fuzz/corpus. Every input must be taken whole or refused with a coded
/// error (the agent's own, or one VerbRunner turns into DL1007), leaving the app folder exactly as it
/// was: anything else escaping is a crash. DEVLOOP_FUZZ_SECONDS runs longer.
/// </summary>
public sealed class AgentFuzzTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _dir = new("devloop-fuzz-agent");

    public AgentFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<byte[]> Corpus(string name) => Fuzzer.Corpus(Path.Combine(RepoPaths.Root, "tests", "DevLoop.Agent.Tests", "Fuzz", "corpus", name));

    [Fact]
    public void Mutated_payloads_are_applied_whole_or_refused_with_a_code_leaving_the_app_as_it_was() =>
        FuzzApply("payload", Corpus("payload"), bytes => bytes, seed: 11);

    [Fact]
    public void Mutated_tar_streams_and_plans_are_applied_whole_or_refused_with_a_code_leaving_the_app_as_it_was() =>
        FuzzApply("payload tar and plan", Corpus("tar"), Wrap, seed: 12);

    [Fact]
    public void Mutated_hot_reload_deltas_are_read_whole_or_refused()
    {
        var report = new Fuzzer(Corpus("delta"), seed: 13).Run("hook delta", Fuzzer.Budget, bytes =>
        {
            if (ModuleDelta.FromBytes(bytes) is { } delta && !delta.ToBytes().AsSpan().SequenceEqual(bytes))
            {
                throw new InvalidOperationException("a delta read from bytes does not write the same bytes back");
            }
        }, _ => false);

        _output.WriteLine(report.Summary);
        Assert.True(report.Findings.Count == 0, report.Describe());
    }

    [Fact]
    public void Mutated_hook_request_lines_are_parsed_into_a_checked_request_or_refused()
    {
        var report = new Fuzzer(Corpus("hook"), seed: 14).Run("hook request line", Fuzzer.Budget, bytes =>
        {
            switch (HookRequest.Parse(System.Text.Encoding.UTF8.GetString(bytes)))
            {
                case HookRequest.Delta { Length: < 0 or > ModuleDelta.MaxSize } delta:
                    throw new InvalidOperationException($"a delta length of {delta.Length} was taken");
                case HookRequest.Restart restart when !Path.IsPathFullyQualified(restart.Root) || restart.Root.Contains('\0'):
                    throw new InvalidOperationException($"a restart from '{restart.Root}' was taken");
            }
        }, _ => false);

        _output.WriteLine(report.Summary);
        Assert.True(report.Findings.Count == 0, report.Describe());
    }

    private void FuzzApply(string name, IReadOnlyList<byte[]> corpus, Func<byte[], byte[]> payloadOf, int seed)
    {
        var app = _dir.Combine("app");
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var report = new Fuzzer(corpus, seed).Run(name, Fuzzer.Budget, input =>
        {
            ResetApp(app);
            var before = Contents(app);
            var reply = VerbRunner.Run(() => ApplyCommand.Run(app, new MemoryStream(payloadOf(input))));
            var outcome = reply.Ok ? "applied" : $"{reply.Code} {string.Join(' ', (reply.Message ?? string.Empty).Split(' ').Take(4))}";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (!reply.Ok && !Contents(app).SequenceEqual(before))
            {
                throw new InvalidOperationException($"refused ({reply.Code}: {reply.Message}) but the app folder changed");
            }

            if (!reply.Ok && reply.Code != "stale" && string.IsNullOrEmpty(reply.Code))
            {
                throw new InvalidOperationException($"refused without a code: {reply.Message}");
            }
        }, _ => false);

        _output.WriteLine(report.Summary);
        foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value).Take(12))
        {
            _output.WriteLine($"  {count,7}  {outcome}");
        }

        Assert.True(outcomes.ContainsKey("applied"), "no input was applied: the corpus no longer reaches the apply");
        Assert.True(report.Findings.Count == 0, report.Describe());
    }

    /// <summary>A tar stream as the engine sends it: gzip, behind its 8-byte little-endian length.</summary>
    private static byte[] Wrap(byte[] tar)
    {
        using var body = new MemoryStream();
        using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }

        var payload = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt64LittleEndian(payload, body.Length);
        body.ToArray().CopyTo(payload, 8);
        return payload;
    }

    /// <summary>The same app folder for every input (so its state folder is one), as the image made it.</summary>
    private static void ResetApp(string app)
    {
        if (Directory.Exists(app))
        {
            Directory.Delete(app, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(app, "wwwroot"));
        File.WriteAllText(Path.Combine(app, "App.dll"), "v1");
        File.WriteAllText(Path.Combine(app, "Lib.dll"), "lib1");
        File.WriteAllText(Path.Combine(app, "wwwroot", "site.css"), "body{}");
    }

    /// <summary>Every file of the app (DevLoop's own folder aside) with its hash, in order.</summary>
    private static List<string> Contents(string app) =>
        Directory.EnumerateFiles(app, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(app, f).StartsWith(".devloop", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(app, f) + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))
            .ToList();
}
