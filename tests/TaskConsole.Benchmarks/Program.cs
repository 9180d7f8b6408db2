using BenchmarkDotNet.Running;
using TaskConsole.Benchmarks;

// "routing" runs the routing load harness; anything else goes to BenchmarkDotNet (e.g. --filter *Expression*).
if (args is ["routing", ..])
{
    RoutingLoadHarness.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ExpressionBenchmarks).Assembly).Run(args);
