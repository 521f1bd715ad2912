using TorchSharp;

namespace ExperimentHarness.Models;

/// <summary>
/// The constant Scalars the hot paths pass to libtorch, rooted for the life of the process.
/// Why: in TorchSharp 0.107 a Scalar frees its native value in a finalizer, and the wrappers read <c>Scalar.Handle</c> without
/// keeping the Scalar alive, so a temporary from an implicit conversion (<c>x + y</c> passes alpha = 1, <c>x.pow(2)</c>,
/// <c>fill_(false)</c>) can be freed by the finalizer thread while the native call still reads it ("Unknown scalar type",
/// "Expected false to be true ... toFloat"). A static field is never finalised. The rule (checked on the compiled code by
/// TemporaryScalarTests): constants come from here (<c>x.add(y, One)</c> instead of <c>x + y</c>); a value known only at run
/// time is held in a <c>using var s = value.ToScalar()</c> that outlives the call.
/// </summary>
public static class PinnedScalars
{
    public static readonly Scalar Zero = 0.ToScalar();

    public static readonly Scalar One = 1.ToScalar();

    public static readonly Scalar Two = 2.ToScalar();

    public static readonly Scalar False = false.ToScalar();

    public static readonly Scalar True = true.ToScalar();
}
