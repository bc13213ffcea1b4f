namespace DevLoop.Bench;

/// <summary>Rows of the README's benchmark table.</summary>
internal sealed class Report
{
    private readonly List<(string Name, string Result, string Target)> _rows = new();

    public void Add(string name, string result, string target)
    {
        _rows.Add((name, result, target));
        Console.WriteLine($"  {name}: {result} (target: {target})");
    }

    public string ToMarkdown()
    {
        var lines = new List<string> { "| benchmark | result | target |", "| --- | --- | --- |" };
        lines.AddRange(_rows.Select(r => $"| {r.Name} | {r.Result} | {r.Target} |"));
        return string.Join('\n', lines);
    }
}
