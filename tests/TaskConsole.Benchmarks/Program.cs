using BenchmarkDotNet.Running;
using TaskConsole.Benchmarks;

// "routing" and "api" run the load harnesses; anything else goes to BenchmarkDotNet (e.g. --filter *Expression*).
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

BenchmarkSwitcher.FromAssembly(typeof(ExpressionBenchmarks).Assembly).Run(args);
