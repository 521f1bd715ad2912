using static TorchSharp.torch;

namespace ExperimentHarness.Models;

/// <summary>
/// Makes new tensors default to a device and dtype while a model is constructed, so its parameters are
/// allocated once where they will live (a bf16 model on the GPU never exists as an fp32 CPU copy first);
/// the previous defaults come back on Dispose.
/// </summary>
public sealed class DefaultTensorPlacement : IDisposable
{
    private readonly Device _previousDevice = get_default_device();
    private readonly ScalarType _previousType = get_default_dtype();

    private DefaultTensorPlacement(Device device, ScalarType dtype)
    {
        try
        {
            set_default_device(device);
            set_default_dtype(dtype);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static DefaultTensorPlacement Use(Device device, ScalarType dtype) => new(device, dtype);

    public void Dispose()
    {
        set_default_device(_previousDevice);
        set_default_dtype(_previousType);
    }
}
