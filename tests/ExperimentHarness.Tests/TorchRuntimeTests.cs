using TorchSharp;

namespace ExperimentHarness.Tests;

/// <summary>The native libtorch loads on this machine (the GLIBCXX_3.4.32 patch worked) and computes.</summary>
public class TorchRuntimeTests
{
    [Fact]
    public void MatmulRunsOnCpu()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
    }
}
