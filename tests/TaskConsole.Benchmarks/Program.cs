using BenchmarkDotNet.Running;
using TaskConsole.Benchmarks;

// "routing", "api" and "dashboard" run the load harnesses; anything else goes to BenchmarkDotNet (e.g. --filter *Expression*).
if (args is ["routing", ..])
{
    RoutingLoadHarness.Run();
    return;
}

if (args is ["api", ..])
{
    await ApiLoadHarness.RunAsync(workersOnly: args is [_, "workers"]);
    return;
}

if (args is ["dashboard", ..])
{
    await DashboardLoadHarness.RunAsync(
        dashboards: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50,
        eventsPerSecond: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ExpressionBenchmarks).Assembly).Run(args);
