using Shop.Shared;

var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => $"orders: an order of 10.00 costs {Prices.WithTax(10m)} {Prices.Currency}");
app.Run();
