var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => Message.Text);
app.MapGet("/pid", () => Environment.ProcessId.ToString());
app.MapGet("/cwd", () => Directory.GetCurrentDirectory());
app.MapGet("/runtime", () => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
app.Run();
