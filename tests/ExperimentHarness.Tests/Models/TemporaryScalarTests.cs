using System.Reflection;
using ExperimentHarness.Models;
using ExperimentHarness.Tests.Support;
using TorchSharp;

namespace ExperimentHarness.Tests.Models;

/// <summary>
/// No code of the harness (forwards, decoding, scoring, training, checkpoint creation) passes libtorch a Scalar that the finalizer
/// may free mid-call (see <see cref="PinnedScalars"/>). Read from the compiled IL, so only real conversions and overloads count
/// (an <c>int + int</c> or a string concatenation never does). Not seen: a <c>ToScalar()</c> passed straight into a call instead of held in a
/// <c>using var</c>, and TorchSharp methods outside the list below that convert a number internally.
/// </summary>
public class TemporaryScalarTests
{
    [Fact]
    public void NoCodePassesATemporaryScalarToTorchSharp()
    {
        var offenders = typeof(PinnedScalars).Assembly.GetTypes()
            .SelectMany(TypeReferences.Calls)
            .Where(c => Why(c.Callee) is not null)
            .Select(c => $"{Outermost(c.Caller.DeclaringType!).Name}.{c.Caller.Name} calls {c.Callee.DeclaringType!.Name}.{c.Callee}: {Why(c.Callee)}")
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(offenders.Count == 0, "temporary Scalars:\n" + string.Join("\n", offenders));
    }

    /// <summary>The rule catches each kind of temporary it names (a check that flags nothing would pass vacuously).</summary>
    [Fact]
    public void TheRuleSeesEachKindOfTemporary()
    {
        var kinds = TypeReferences.Calls(typeof(Offenders)).Select(c => Why(c.Callee)).Where(w => w is not null).Distinct().Count();
        Assert.Equal(5, kinds);
        Assert.DoesNotContain(TypeReferences.Calls(typeof(Clean)), c => Why(c.Callee) is not null);
    }

    private static string? Why(MethodBase callee)
    {
        var type = callee.DeclaringType;
        if (type?.Assembly != typeof(Scalar).Assembly) return null;
        var parameters = callee.GetParameters().Select(p => p.ParameterType).ToArray();
        if (type == typeof(Scalar) && callee.Name == "op_Implicit") return "an implicit number → Scalar conversion";
        if (type == typeof(torch.Tensor) && callee.Name.StartsWith("op_", StringComparison.Ordinal))
        {
            if (parameters.Any(p => p.IsPrimitive)) return "an operator that converts a number to a Scalar inside TorchSharp";
            if (callee.Name == "op_Addition" || (callee.Name == "op_Subtraction" && parameters[0] == typeof(Scalar)))
                return "an operator that adds with a temporary alpha = 1";
        }
        if (type == typeof(torch.Tensor) && (callee.Name is "add" or "add_" && parameters.Length == 1
                || callee.Name is "addcdiv" or "addcdiv_" or "addcmul" or "addcmul_" && parameters.Length == 2))
            return "an overload that passes a temporary alpha/value = 1";
        if (type == typeof(torch) && callee.Name == "arange" && parameters.Count(p => p == typeof(Scalar)) < 3)
            return "an arange overload that fills in start/step with temporaries";
        if (type == typeof(torch.optim)) return "a TorchSharp optimizer, whose step passes temporaries (use ScalarSafe)";
        return null;
    }

    private static Type Outermost(Type type) => type.DeclaringType is null ? type : Outermost(type.DeclaringType);

    private static class Offenders
    {
        public static void All(torch.Tensor x, torch.Tensor y)
        {
            _ = x.mul(2.0);                                  // implicit conversion
            _ = x * 0.5;                                     // operator with a number
            _ = x + y;                                       // alpha = 1
            _ = x.add(y);                                    // overload with alpha = 1
            _ = torch.arange(10);                            // arange filling in start and step
        }
    }

    private static class Clean
    {
        public static void All(torch.Tensor x, torch.Tensor y, int a, int b)
        {
            using var half = 0.5.ToScalar();
            _ = x.mul(half);
            _ = x.add(y, PinnedScalars.One);
            _ = x - y;
            _ = x * y;
            _ = $"{a + b}" + "s";
        }
    }
}
