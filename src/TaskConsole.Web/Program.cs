var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();

builder.AddTaskConsoleOptions();
builder.AddTaskConsoleData();
builder.AddTaskRouter();
builder.AddTaskEvents();
builder.AddTaskConsoleUi();

var app = builder.Build();
app.MapTaskConsole();
app.Run();

public partial class Program;
