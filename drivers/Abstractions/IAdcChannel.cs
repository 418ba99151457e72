// SPDX-License-Identifier: MIT

namespace Balancer.Drivers
{
    /// <summary>One single-ended ADC input, read as a raw code.</summary>
    public interface IAdcChannel
    {
        /// <summary>The largest code the converter returns (4095 for the ESP32's 12-bit ADC).</summary>
        int MaxCode { get; }

        /// <summary>One conversion, as a raw code from 0 to <see cref="MaxCode"/>.</summary>
        int ReadCode();
    }
}
