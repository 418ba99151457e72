// API surface: nanoFramework.System.Device.Adc 1.1.24, assembly System.Device.Adc.
// Declarations typed from nanoframework/System.Device.Adc (tag v1.1.24), System.Device.Adc/*.cs.
// On ESP32 the native driver is 12-bit (MaxValue 4095), single-ended, ADC1 logical channels 0..7 = GPIO 36..39, 32..35.

namespace System.Device.Adc
{
    public enum AdcChannelMode
    {
        SingleEnded = 0,
        Differential = 1,
    }

    public abstract class AdcChannelBase
    {
        public abstract int ReadValue();
        public double ReadRatio() => throw null;
        public AdcController Controller => throw null;
    }

    public class AdcChannel : AdcChannelBase, IDisposable
    {
        internal AdcChannel() { }
        public override int ReadValue() => throw null;
        public void Dispose() => throw null;
    }

    public abstract class AdcControllerBase
    {
        public abstract bool IsChannelModeSupported(AdcChannelMode channelMode);
        public abstract AdcChannel OpenChannel(int channelNumber);
        public abstract int ChannelCount { get; }
        public abstract AdcChannelMode ChannelMode { get; set; }
        public abstract int MaxValue { get; }
        public abstract int MinValue { get; }
        public abstract int ResolutionInBits { get; }
    }

    public class AdcController : AdcControllerBase
    {
        public AdcController() { }
        public override int ChannelCount => throw null;
        public override AdcChannelMode ChannelMode { get => throw null; set => throw null; }
        public override int MaxValue => throw null;
        public override int MinValue => throw null;
        public override int ResolutionInBits => throw null;
        public override bool IsChannelModeSupported(AdcChannelMode channelMode) => throw null;
        public override AdcChannel OpenChannel(int channelNumber) => throw null;
    }
}
