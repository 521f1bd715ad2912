using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Runner;

public class CommandErrorsTests
{
    public static TheoryData<Exception, int, string> Cases => new()
    {
        { new InputException("run.yaml: key 'x' unknown"), ExitCodes.InvalidInput, "error: run.yaml: key 'x' unknown" },
        { new OperationCanceledException(), ExitCodes.Cancelled, "stopped: cancelled" },
        { new InsufficientMemoryException("out of memory generating 16 sample(s)"), ExitCodes.OutOfMemory, "rerunning resumes" },
        { new DirectoryNotFoundException("checkpoint directory not found: /m"), ExitCodes.NotFound, "error: checkpoint directory not found" },
        { new AggregateException(new InputException("inner")), ExitCodes.InvalidInput, "error: inner" },
        { new InvalidOperationException("bug"), ExitCodes.InternalError, "internal error" },
        { new TypeInitializationException("TorchSharp.torch", new ArgumentNullException("paths")), ExitCodes.InternalError, "error: libtorch could not be loaded; put a libtorch 2.10 lib folder" },
        { new TypeInitializationException("Other.Type", null), ExitCodes.InternalError, "internal error: System.TypeInitializationException" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachFailureKindHasItsExitCodeAndMessage(Exception ex, int code, string message)
    {
        var console = new CapturingConsole();
        Assert.Equal(code, CommandErrors.Report(ex, console));
        Assert.Contains(message, Assert.Single(console.Errors));
    }
}
