using System.Globalization;

namespace DevLoop.Bench;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string Ms(double value) => value.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    public static string Describe(IReadOnlyList<double> values) =>
        $"{Ms(Median(values))} (min {Ms(values.Min())}, max {Ms(values.Max())}, n={values.Count})";
}
