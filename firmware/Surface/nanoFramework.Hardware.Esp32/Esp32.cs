// API surface: nanoFramework.Hardware.Esp32 1.6.42, assembly nanoFramework.Hardware.Esp32.
// Declarations typed from nanoframework/nanoFramework.Hardware.Esp32 (tag v1.6.42): Configuration.cs and
// DeviceTypePins.cs. Only the pin-function members the board layer uses appear here. There is no watchdog API
// in this package; the board's hardware dead-man (spec §1) covers a hung firmware.

namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceTypes
    {
        GPIO = 0x00000000,
        SPI = 0x00010000,
        I2C = 0x00020000,
        SERIAL = 0x00030000,
        PWM = 0x00040000,
        ADC = 0x00050000,
        I2S = 0x00060000,
        SDMMC = 0x00080000,
    }

    public enum DeviceFunction
    {
        I2C1_DATA = 0x00020100,
        I2C1_CLOCK = 0x00020101,
    }

    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) => throw null;
        public static int GetFunctionPin(DeviceFunction function) => throw null;
    }
}
