var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();

builder.AddTaskConsoleOptions();
builder.AddTaskRouter();
builder.AddTaskConsoleUi();

var app = builder.Build();
app.MapTaskConsole();
app.Run();

public partial class Program;
