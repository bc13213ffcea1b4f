namespace Shop.Shared;

/// <summary>Used by both services: edit it and both serve the change.</summary>
public static class Prices
{
    public static string Currency => "EUR";

    public static decimal WithTax(decimal net) => Math.Round(net * 1.2m, 2);
}
