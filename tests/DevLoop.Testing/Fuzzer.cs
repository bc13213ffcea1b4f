using System.Diagnostics;
using System.Text;

namespace DevLoop.Testing;

/// <summary>
/// A seeded mutation fuzzer: inputs made from a corpus (files kept in the repository) by byte flips,
/// interesting values, inserted, deleted and repeated runs, truncation and splices of two inputs,
/// fed to a target for a fixed time. The seed makes every run's first inputs the same; what a run
/// finds is saved with the seed and the input, so it can be replayed. SharpFuzz needs AFL or
/// libFuzzer and instrumented assemblies, which this machine and CI do not have; this runs in the
/// test process, in CI.
/// </summary>
public sealed class Fuzzer
{
    private static readonly byte[] Interesting = { 0, 1, 0x7F, 0x80, 0xFF, (byte)'\n', (byte)'"', (byte)'{', (byte)'}', (byte)':', (byte)'/', (byte)'.', (byte)'-', (byte)'\\' };
    private readonly Random _random;
    private readonly IReadOnlyList<byte[]> _corpus;

    public Fuzzer(IReadOnlyList<byte[]> corpus, int seed)
    {
        if (corpus.Count == 0)
        {
            throw new ArgumentException("A fuzzer needs at least one input to start from.", nameof(corpus));
        }

        _corpus = corpus;
        _random = new Random(seed);
        Seed = seed;
    }

    public int Seed { get; }

    /// <summary>How long each target runs: 8 s in the test command, DEVLOOP_FUZZ_SECONDS for longer runs.</summary>
    public static TimeSpan Budget =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("DEVLOOP_FUZZ_SECONDS"), out var seconds) ? seconds : 8);

    /// <summary>Every file of a corpus folder (tests/&lt;project&gt;/Fuzz/corpus/&lt;name&gt;).</summary>
    public static IReadOnlyList<byte[]> Corpus(string folder) =>
        Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();

    /// <summary>
    /// Runs <paramref name="target"/> on the corpus itself, then on mutated inputs until
    /// <paramref name="budget"/> has passed. An exception <paramref name="expected"/> does not accept
    /// is a finding (at most the first ten are kept).
    /// </summary>
    public FuzzReport Run(string name, TimeSpan budget, Action<byte[]> target, Func<Exception, bool> expected)
    {
        var watch = Stopwatch.StartNew();
        var findings = new List<FuzzFinding>();
        long executions = 0;
        long refused = 0;
        void Once(byte[] input)
        {
            executions++;
            try
            {
                target(input);
            }
            catch (Exception e) when (expected(e))
            {
                refused++;
            }
            catch (Exception e)
            {
                if (findings.Count < 10)
                {
                    findings.Add(new FuzzFinding(input, e));
                }
            }
        }

        foreach (var input in _corpus)
        {
            Once(input);
        }

        while (watch.Elapsed < budget)
        {
            Once(Mutate());
        }

        return new FuzzReport(name, Seed, executions, refused, watch.Elapsed, findings);
    }

    private byte[] Mutate()
    {
        var input = new List<byte>(_corpus[_random.Next(_corpus.Count)]);
        var rounds = 1 + _random.Next(4);
        for (var round = 0; round < rounds; round++)
        {
            var at = input.Count == 0 ? 0 : _random.Next(input.Count);
            switch (_random.Next(8))
            {
                case 0 when input.Count > 0:
                    input[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when input.Count > 0:
                    input[at] = Interesting[_random.Next(Interesting.Length)];
                    break;
                case 2:
                    input.InsertRange(at, Enumerable.Range(0, 1 + _random.Next(16)).Select(_ => (byte)_random.Next(256)));
                    break;
                case 3 when input.Count > 0:
                    input.RemoveRange(at, Math.Min(input.Count - at, 1 + _random.Next(32)));
                    break;
                case 4 when input.Count > 0:
                    var length = Math.Min(input.Count - at, 1 + _random.Next(64));
                    input.InsertRange(_random.Next(input.Count), input.GetRange(at, length));
                    break;
                case 5 when input.Count > 0:
                    input.RemoveRange(at, input.Count - at);
                    break;
                case 6:
                    var other = _corpus[_random.Next(_corpus.Count)];
                    var from = other.Length == 0 ? 0 : _random.Next(other.Length);
                    input.InsertRange(at, other.Skip(from).Take(1 + _random.Next(128)));
                    break;
                default:
                    input.Insert(at, Interesting[_random.Next(Interesting.Length)]);
                    break;
            }
        }

        return input.ToArray();
    }
}

public sealed record FuzzFinding(byte[] Input, Exception Error);

/// <summary>What one fuzz run did: for the README's figures and for the test's assertion.</summary>
public sealed record FuzzReport(string Target, int Seed, long Executions, long Refused, TimeSpan Elapsed, IReadOnlyList<FuzzFinding> Findings)
{
    public string Summary =>
        $"fuzz {Target}: {Executions} executions in {Elapsed.TotalSeconds:F1} s (seed {Seed}), {Refused} refused with a coded error, {Findings.Count} crashes";

    /// <summary>The findings, each with its input in base64 (replay it with the same target), for the failure message.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Summary);
        foreach (var finding in Findings.Take(3))
        {
            text.Append('\n').Append(finding.Error.GetType().Name).Append(": ").Append(finding.Error.Message)
                .Append("\n  input (base64): ").Append(Convert.ToBase64String(finding.Input))
                .Append("\n  at ").Append(finding.Error.StackTrace?.Split('\n').FirstOrDefault()?.Trim());
        }

        return text.ToString();
    }
}
