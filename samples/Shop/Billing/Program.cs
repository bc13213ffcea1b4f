using Shop.Shared;

var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => $"billing: an invoice of 99.00 totals {Prices.WithTax(99m)} {Prices.Currency}");
app.Run();
