var app = WebApplication.CreateBuilder(args).Build();

app.MapGet("/", () => "Hello from DevLoop! Edit samples/HelloWeb/Program.cs and save.");
app.MapGet("/pid", () => Environment.ProcessId.ToString());

app.Run();
