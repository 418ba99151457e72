// SPDX-License-Identifier: MIT
//
// The adapter's BLE protocol, version 1 (docs/protocol.md): every frame the adapter sends, decoded, and every write a
// client makes, encoded. One module for both links: Web Bluetooth carries the frames bare, the simulator's WebSocket
// behind one envelope byte. No DOM here, so a test can load it alone; docs/protocol-vectors.json is its test.

export const VERSION = 1;

export const FrameType = Object.freeze({ channelStatus: 1, sessionStatus: 2, result: 3, configValue: 4, logChunk: 5, channelReport: 6 });

export const STATES = Object.freeze(['Idle', 'Checking', 'Ready', 'Charging', 'Resting', 'Topped', 'Holding', 'Done', 'Paused', 'Fault']);

export const FAULTS = Object.freeze([
  'None', 'OverVoltage', 'OverCurrent', 'RelayStuck', 'ChargerNotDelivering', 'ClipOrShort', 'OverTemperature',
  'BoardOverTemperature', 'SensorFault', 'SensorLost', 'NoRecovery', 'Timeout', 'CapacityExceeded', 'NoCellOrReversed',
  'MisClip', 'Quarantined', 'PoorContact', 'LoopOverrun', 'InternalError', 'SelfTestFailed',
]);

export const TARGET_MODES = Object.freeze(['TopOff', 'MatchReference', 'MatchValue', 'MatchHighest']);

/** The morning report's verdicts (`Verdict`). */
export const VERDICTS = Object.freeze([
  'NotStarted', 'Ok', 'Leaky', 'FailedToRecover', 'ChargerLimit', 'Quarantined', 'MisClip', 'SensorFault',
  'CapacitySuspect', 'NoCell', 'PoorContact', 'Fault', 'Incomplete', 'HoldInconclusive', 'AlreadyAtTarget', 'Interrupted',
]);

const CHANNEL_FLAGS = [[1, 'relayClosed'], [2, 'sensorValid'], [4, 'calibrated'], [8, 'monitor'], [16, 'rested'], [32, 'awaitingConfirmation']];
const SESSION_FLAGS = [[1, 'healthy'], [2, 'emergencyStopped'], [4, 'alarm'], [8, 'calibrating']];

/** Errors a write is refused with (the ATT error is 0x80 + the code; the WebSocket answers the code). */
export const ERRORS = Object.freeze([
  'Ok', 'BadVersion', 'BadLength', 'UnknownOpcode', 'OutOfRange', 'UnknownChannel', 'NotAuthenticated', 'QueueFull',
  'WrongCharacteristic', 'UnknownSetting', 'NoLog',
]);

/** What a queued command came to (Result frames), for every opcode but ConfigSet, StartAll, StartSession, FinishCalibration. */
export const COMMAND_RESULTS = Object.freeze(['Ok', 'UnknownChannel', 'WrongState', 'CauseStillPresent', 'InvalidValue', 'Busy', 'QueueFull', 'CancelledByEmergencyStop']);

/** What a ConfigSet came to. */
export const SETTING_RESULTS = Object.freeze(['Ok', 'UnknownSetting', 'BelowMinimum', 'AboveMaximum', 'Conflicts']);

export const Opcode = Object.freeze({
  Start: 0x01, Stop: 0x02, StartAll: 0x03, StopAll: 0x04, ClearFault: 0x05, ConfirmDeepDischarge: 0x06, SetMode: 0x07,
  StartSession: 0x08, BeginCalibration: 0x09, FinishCalibration: 0x0A, SetPasskey: 0x0B, ReadLog: 0x0C, ReadReport: 0x0D,
  ConfigSet: 0x20, ConfigSelect: 0x21,
});

/** The settings by id (docs/control-core.md). */
export const SETTINGS = Object.freeze([
  'None', 'TickPeriodMilliseconds', 'TargetMode', 'TargetMillivolts', 'ReferenceChannel', 'ToleranceMillivolts',
  'RestMilliseconds', 'ChargePulseMilliseconds', 'ChargeCurrentMilliamperes', 'GroupCapacityMilliampereHours',
  'OverVoltageMillivolts', 'OverCurrentMilliamperes', 'RelayOpenCurrentMilliamperes', 'ChargerNotDeliveringMilliamperes',
  'ChargerNotDeliveringMilliseconds', 'VoltageDropMillivolts', 'CellColdPauseDeciCelsius', 'CellColdResumeDeciCelsius',
  'CellHotPauseDeciCelsius', 'CellHotResumeDeciCelsius', 'CellFaultDeciCelsius', 'BoardPauseDeciCelsius',
  'BoardResumeDeciCelsius', 'BoardFaultDeciCelsius', 'CellSensorRequired', 'SensorLostTicks', 'RecoveryMillivolts',
  'RecoveryChargePermille', 'CapacityLimitPercent', 'SupplyPauseMillivolts', 'SupplyResumeMillivolts', 'HoldEnabled',
  'HoldMilliseconds', 'HoldSettleMilliseconds', 'LeakyMicrovoltsPerHour', 'ContactResistanceLimitMicroohms',
  'TopSettleMilliseconds', 'RelaxationPriorPercent', 'RecoveryRiseMillivolts',
]);

/** A frame that is not version 1, too short, or whose length byte does not fit. */
export class DecodeError extends Error {}

const HEADER = 3;
const LENGTHS = { 1: 17, 2: 15, 3: 9, 4: 17, 6: 17 };

function view(bytes) {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function names(table, bits) {
  return table.filter(([bit]) => (bits & bit) !== 0).map(([, name]) => name);
}

function named(table, value) {
  return value < table.length ? table[value] : `Unknown(${value})`;
}

/** Hex (as in the vectors) to bytes. */
export function fromHex(hex) {
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) {
    throw new DecodeError(`not hex: ${hex}`);
  }

  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  }

  return bytes;
}

/** Bytes to lower-case hex. */
export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Decodes the frame at <offset>: { type, fields, length }. The fields carry the vectors' names; enums are names, and a
 * field the adapter marks as not measured is null.
 */
export function decodeFrame(bytes, offset = 0) {
  if (bytes.length - offset < HEADER) {
    throw new DecodeError(`a frame needs ${HEADER} bytes, ${bytes.length - offset} left`);
  }

  const data = view(bytes.subarray(offset));
  const version = data.getUint8(0);
  const type = data.getUint8(1);
  const length = data.getUint8(2);
  if (version !== VERSION) {
    throw new DecodeError(`protocol version ${version}, this page speaks ${VERSION}`);
  }

  if (HEADER + length > data.byteLength) {
    throw new DecodeError(`frame type ${type} says ${length} bytes, ${data.byteLength - HEADER} came`);
  }

  const expected = LENGTHS[type];
  if (expected !== undefined && length !== expected) {
    throw new DecodeError(`frame type ${type} is ${expected} bytes, this one ${length}`);
  }

  let fields;
  switch (type) {
    case FrameType.channelStatus: {
      const cell = data.getInt16(9, true);
      const minutes = data.getUint16(18, true);
      fields = {
        channel: data.getUint8(3) >> 4,
        state: named(STATES, data.getUint8(3) & 0x0F),
        flags: names(CHANNEL_FLAGS, data.getUint8(4)),
        millivolts: data.getUint16(5, true),
        milliamperes: data.getInt16(7, true),
        deciCelsius: cell === -32768 ? null : cell,
        milliampereHours: data.getUint16(11, true),
        fault: named(FAULTS, data.getUint8(13)),
        faultValue: data.getInt32(14, true),
        minutesToTarget: minutes === 0xFFFF ? null : minutes,
      };
      return { type: 'channelStatus', fields, length: HEADER + length };
    }

    case FrameType.sessionStatus: {
      const board = data.getInt16(8, true);
      fields = {
        targetMode: named(TARGET_MODES, data.getUint8(3)),
        targetMillivolts: data.getUint16(4, true),
        flags: names(SESSION_FLAGS, data.getUint8(6)),
        channels: data.getUint8(7),
        boardDeciCelsius: board === -32768 ? null : board,
        supplyMillivolts: data.getUint16(10, true),
        uptimeSeconds: data.getInt32(12, true),
        calibratedChannels: data.getUint16(16, true),
      };
      return { type: 'sessionStatus', fields, length: HEADER + length };
    }

    case FrameType.result:
      fields = { ticket: data.getInt32(3, true), opcode: data.getUint8(7), result: data.getInt32(8, true) };
      return { type: 'result', fields, length: HEADER + length };

    case FrameType.configValue:
      fields = {
        setting: data.getUint8(3),
        value: data.getInt32(4, true),
        minimum: data.getInt32(8, true),
        maximum: data.getInt32(12, true),
        default: data.getInt32(16, true),
      };
      return { type: 'configValue', fields, length: HEADER + length };

    case FrameType.channelReport: {
      const start = data.getUint16(5, true);
      const end = data.getUint16(7, true);
      const leak = data.getInt16(13, true);
      fields = {
        channel: data.getUint8(3),
        verdict: named(VERDICTS, data.getUint8(4)),
        startMillivolts: start === 0 ? null : start,
        endMillivolts: end === 0 ? null : end,
        milliampereHours: data.getUint16(9, true),
        chargeMinutes: data.getUint16(11, true),
        selfDischargeMicrovoltsPerHour: leak === -32768 ? null : leak,
        fault: named(FAULTS, data.getUint8(15)),
        faultValue: data.getInt32(16, true),
      };
      return { type: 'channelReport', fields, length: HEADER + length };
    }

    case FrameType.logChunk:
      if (length < 4) {
        throw new DecodeError(`a log chunk needs its 4-byte offset, this one has ${length} bytes`);
      }

      fields = { offset: data.getUint32(3, true), bytes: toHex(bytes.subarray(offset + 7, offset + HEADER + length)) };
      return { type: 'logChunk', fields, length: HEADER + length };

    default:
      throw new DecodeError(`unknown frame type ${type}`);
  }
}

/** Every frame of one notification (with a larger MTU several status records travel together). */
export function decodeNotification(bytes) {
  const frames = [];
  for (let at = 0; at < bytes.length;) {
    const frame = decodeFrame(bytes, at);
    frames.push(frame);
    at += frame.length;
  }

  return frames;
}

/** A write: version, opcode, payload length, payload. */
export function encode(opcode, payload = []) {
  const bytes = new Uint8Array(HEADER + payload.length);
  bytes[0] = VERSION;
  bytes[1] = opcode;
  bytes[2] = payload.length;
  bytes.set(payload, HEADER);
  return bytes;
}

function checked(value, maximum, what) {
  if (!Number.isInteger(value) || value < 0 || value > maximum) {
    throw new RangeError(`${what} ${value} is not a whole number in 0…${maximum}`);
  }

  return value;
}

function u8(value) {
  return checked(value, 0xFF, 'a byte');
}

function u16(value) {
  checked(value, 0xFFFF, 'a 16-bit value');
  return [value & 0xFF, (value >> 8) & 0xFF];
}

function u32(value) {
  checked(value, 0xFFFFFFFF, 'a 32-bit value');
  return [value & 0xFF, (value >>> 8) & 0xFF, (value >>> 16) & 0xFF, (value >>> 24) & 0xFF];
}

function i32(value) {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7FFFFFFF) {
    throw new RangeError(`${value} is not a 32-bit whole number`);
  }

  return u32(value >>> 0);
}

/** The writes a client makes, by name (the Command and Config opcodes of docs/protocol.md). */
export const Write = Object.freeze({
  start: (channel) => encode(Opcode.Start, [u8(channel)]),
  stop: (channel) => encode(Opcode.Stop, [u8(channel)]),
  startAll: () => encode(Opcode.StartAll),
  stopAll: () => encode(Opcode.StopAll),
  clearFault: (channel) => encode(Opcode.ClearFault, [u8(channel)]),
  confirmDeepDischarge: (channel) => encode(Opcode.ConfirmDeepDischarge, [u8(channel)]),
  setMode: (channel, monitor) => encode(Opcode.SetMode, [u8(channel), monitor ? 1 : 0]),
  startSession: (mode, value) => encode(Opcode.StartSession, [u8(mode), ...u16(value)]),
  beginCalibration: () => encode(Opcode.BeginCalibration),
  finishCalibration: (millivolts) => encode(Opcode.FinishCalibration, u16(millivolts)),
  setPasskey: (passkey) => encode(Opcode.SetPasskey, u32(checked(passkey, 999999, 'a passkey'))),
  readLog: (offset) => encode(Opcode.ReadLog, u32(checked(offset, 0x7FFFFFFF, 'a log offset'))),
  readReport: () => encode(Opcode.ReadReport),
  configSet: (setting, value) => encode(Opcode.ConfigSet, [u8(setting), ...i32(value)]),
  configSelect: (setting) => encode(Opcode.ConfigSelect, [u8(setting)]),
});

/** Which characteristic an opcode is written to. */
export function characteristicOf(opcode) {
  return opcode >= Opcode.ConfigSet ? 'config' : 'command';
}

/** The name of what a Result says, by its opcode. */
export function resultText(opcode, result) {
  switch (opcode) {
    case Opcode.ConfigSet:
      return named(SETTING_RESULTS, result);
    case Opcode.StartAll:
      return `${result} channel${result === 1 ? '' : 's'} started`;
    case Opcode.StartSession:
      return result === -4 ? 'target refused' : `${result} channel${result === 1 ? '' : 's'} started`;
    case Opcode.FinishCalibration:
      return `${result} channel${result === 1 ? '' : 's'} calibrated`;
    default:
      return named(COMMAND_RESULTS, result);
  }
}

/** The name of an opcode. */
export function opcodeName(opcode) {
  return Object.keys(Opcode).find((name) => Opcode[name] === opcode) ?? `opcode ${opcode}`;
}

// ---- The recovery log (docs/recovery-log.md): records as the flash holds them. ----

export const RECORD_TYPES = Object.freeze(['', 'Boot', 'SessionStart', 'ChannelStart', 'Checkpoint', 'Event', 'ChannelEnd', 'SessionEnd', 'RecordsLost']);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = (c & 1) ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    }

    table[n] = c >>> 0;
  }

  return table;
})();

/** CRC-32 (IEEE, reflected 0xEDB88320, initial and final XOR 0xFFFFFFFF). */
export function crc32(bytes, start = 0, end = bytes.length) {
  let crc = 0xFFFFFFFF;
  for (let i = start; i < end; i++) {
    crc = CRC_TABLE[(crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8);
  }

  return (crc ^ 0xFFFFFFFF) >>> 0;
}

/**
 * Every whole record of a log's bytes, in order: { offset, sequence, type, timeMilliseconds, payload (hex) }. A record
 * that fails its CRC is skipped byte by byte to the next that checks; unreadable counts the stretches skipped.
 */
export function parseLog(bytes) {
  const records = [];
  let unreadable = 0;
  let skipping = false;
  const data = view(bytes);
  for (let at = 0; at + 20 <= bytes.length;) {
    const length = bytes[at] === 0xB7 ? data.getUint16(at + 2, true) : -1;
    const end = at + 16 + length;
    if (length < 0 || length > 240 || end + 4 > bytes.length || crc32(bytes, at, end) !== data.getUint32(end, true)) {
      unreadable += skipping ? 0 : 1;
      skipping = true;
      at++;
      continue;
    }

    skipping = false;

    records.push({
      offset: at,
      sequence: data.getUint32(at + 4, true),
      type: named(RECORD_TYPES, bytes[at + 1]),
      timeMilliseconds: Number(data.getBigInt64(at + 8, true)),
      payload: toHex(bytes.subarray(at + 16, end)),
    });
    at = end + 4;
  }

  return { records, unreadable };
}
