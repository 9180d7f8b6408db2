using TaskConsole.Web.Security;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();

builder.AddTaskConsoleOptions();
builder.AddTaskConsoleData();
builder.AddTaskRouter();
builder.AddTaskEvents();
builder.AddTaskConsoleApi();
builder.AddTwilioApi();
builder.AddTaskConsoleSignIn();
builder.AddTaskConsoleUi();

var app = builder.Build();
if (ApiKeyCommand.IsInvocation(args))
{
    return await ApiKeyCommand.RunAsync(app, args, Console.Out);
}

app.MapTaskConsole();
await app.RunAsync();
return 0;

public partial class Program;
