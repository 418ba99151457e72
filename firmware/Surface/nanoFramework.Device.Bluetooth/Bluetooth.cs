// API surface: nanoFramework.Device.Bluetooth 1.1.123, assembly nanoFramework.Device.Bluetooth.
// The device app references the package for the GATT service of spec §6; no member of it is used yet, so none
// is declared. Members are added here, typed from nanoframework/nanoFramework.Device.Bluetooth, as the firmware
// starts to use them.

namespace nanoFramework.Device.Bluetooth
{
}
