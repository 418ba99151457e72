// SPDX-License-Identifier: MIT

// nanoFramework's System.Device.Adc 1.1.24 as it behaves on an ESP32, over EmulatedEsp32: 12 bits, single-ended,
// ADC1 logical channels 0–7, and ReadValue returns the converter's raw code.

using Balancer.Drivers.Simulation.Esp32;

namespace System.Device.Adc
{
    /// <summary>Channel modes.</summary>
    public enum AdcChannelMode
    {
        /// <summary>Single-ended, the only mode the ESP32 has.</summary>
        SingleEnded = 0,

        /// <summary>Differential.</summary>
        Differential = 1,
    }

    /// <summary>The channel base.</summary>
    public abstract class AdcChannelBase
    {
        private protected AdcChannelBase(AdcController controller) => Controller = controller;

        /// <summary>The controller.</summary>
        public AdcController Controller { get; }

        /// <summary>One raw conversion.</summary>
        public abstract int ReadValue();

        /// <summary>The code over the maximum.</summary>
        public double ReadRatio() => ReadValue() / (double)Controller.MaxValue;
    }

    /// <summary>One ADC1 channel of the current emulated chip.</summary>
    public class AdcChannel : AdcChannelBase, IDisposable
    {
        private readonly EmulatedEsp32 _chip;
        private readonly int _channel;

        internal AdcChannel(AdcController controller, EmulatedEsp32 chip, int channel)
            : base(controller)
        {
            _chip = chip;
            _channel = channel;
        }

        /// <summary>The raw 12-bit code of the converter wired to the channel; a channel wired to nothing reads 0.</summary>
        public override int ReadValue() => _chip.AdcInput(_channel)?.ReadCode() ?? 0;

        /// <summary>Releases the channel.</summary>
        public void Dispose()
        {
        }
    }

    /// <summary>The controller base.</summary>
    public abstract class AdcControllerBase
    {
        /// <summary>Channels.</summary>
        public abstract int ChannelCount { get; }

        /// <summary>The mode.</summary>
        public abstract AdcChannelMode ChannelMode { get; set; }

        /// <summary>Largest code.</summary>
        public abstract int MaxValue { get; }

        /// <summary>Smallest code.</summary>
        public abstract int MinValue { get; }

        /// <summary>Bits.</summary>
        public abstract int ResolutionInBits { get; }

        /// <summary>Whether a mode is supported.</summary>
        public abstract bool IsChannelModeSupported(AdcChannelMode channelMode);

        /// <summary>Opens a channel.</summary>
        public abstract AdcChannel OpenChannel(int channelNumber);
    }

    /// <summary>The ESP32's ADC as nanoFramework exposes it.</summary>
    public class AdcController : AdcControllerBase
    {
        private readonly EmulatedEsp32 _chip;

        /// <summary>The controller of the current emulated chip.</summary>
        public AdcController() => _chip = EmulatedEsp32.Current;

        /// <summary>ADC1's 8 logical channels (the internal sensors and ADC2 are not emulated).</summary>
        public override int ChannelCount => EmulatedEsp32.Adc1ChannelPads.Length;

        /// <summary>Single-ended only.</summary>
        public override AdcChannelMode ChannelMode
        {
            get => AdcChannelMode.SingleEnded;
            set
            {
                if (value != AdcChannelMode.SingleEnded)
                {
                    throw new NotSupportedException();
                }
            }
        }

        /// <summary>4095.</summary>
        public override int MaxValue => 4095;

        /// <summary>0.</summary>
        public override int MinValue => 0;

        /// <summary>12.</summary>
        public override int ResolutionInBits => 12;

        /// <summary>Single-ended only.</summary>
        public override bool IsChannelModeSupported(AdcChannelMode channelMode) => channelMode == AdcChannelMode.SingleEnded;

        /// <summary>Opens an ADC1 logical channel.</summary>
        public override AdcChannel OpenChannel(int channelNumber)
        {
            if (channelNumber < 0 || channelNumber >= ChannelCount)
            {
                throw new ArgumentOutOfRangeException(nameof(channelNumber));
            }

            return new AdcChannel(this, _chip, channelNumber);
        }
    }
}
