// SPDX-License-Identifier: MIT
//
// The two ways to the adapter, behind one interface: Web Bluetooth to a board, a WebSocket to the simulator's `serve`.
// Both hand the page the same frames (protocol.js decodes them); a write resolves to its error name ('Ok' when taken).
//
//   link.onNotify(kind, bytes)   kind: 'status' | 'command' | 'log'
//   link.onReport(json)          the simulator's morning report at the scenario's end (WebSocket only)
//   link.onState(text, isUp)     connected, lost, reconnecting
//   await link.write(characteristic, bytes) → error name     characteristic: 'command' | 'config'
//   await link.emergencyStop()   → error name
//   await link.readConfig()      → bytes of a Config value frame

import { ERRORS } from './protocol.js';

export const SERVICE = 'b4a10001-7c3e-4f2a-9e61-5d0c8a2f3b17';
const UUIDS = {
  status: 'b4a10002-7c3e-4f2a-9e61-5d0c8a2f3b17',
  command: 'b4a10003-7c3e-4f2a-9e61-5d0c8a2f3b17',
  emergencyStop: 'b4a10004-7c3e-4f2a-9e61-5d0c8a2f3b17',
  config: 'b4a10005-7c3e-4f2a-9e61-5d0c8a2f3b17',
  log: 'b4a10006-7c3e-4f2a-9e61-5d0c8a2f3b17',
};

const Envelope = Object.freeze({
  status: 0x01, command: 0x02, writeResponse: 0x03, configRead: 0x04, log: 0x05,
  writeCommand: 0x11, writeConfig: 0x12, writeEmergencyStop: 0x13, readConfig: 0x14,
});

const RECONNECT_MILLISECONDS = 2000;
const RECONNECT_ATTEMPTS = 30;

function errorName(code) {
  return code < ERRORS.length ? ERRORS[code] : `Error(${code})`;
}

/**
 * Why Web Bluetooth cannot be used here, or null when it can: the browser lacks it (Firefox, Safari), the page is not a
 * secure context (https or localhost), or the system has no Bluetooth adapter the browser may use.
 */
export async function webBluetoothUnavailable() {
  if (!window.isSecureContext) {
    return 'this page is not a secure context: Web Bluetooth needs https:// or http://localhost';
  }

  if (!navigator.bluetooth) {
    return 'this browser has no Web Bluetooth (Chrome and Edge on Android, Windows and macOS have it, on Linux behind chrome://flags; Firefox and Safari do not)';
  }

  try {
    if (navigator.bluetooth.getAvailability && !(await navigator.bluetooth.getAvailability())) {
      return 'the browser finds no Bluetooth adapter it may use (is Bluetooth on?)';
    }
  } catch {
    return 'the browser does not let this page ask for Bluetooth';
  }

  return null;
}

class Link {
  constructor() {
    this.onNotify = () => {};
    this.onReport = () => {};
    this.onState = () => {};
  }
}

/** The simulator's `serve`: one envelope byte, then the BLE frame unchanged (docs/protocol.md). Reconnects by itself. */
export class WebSocketLink extends Link {
  constructor(url) {
    super();
    this.url = url;
    this.pending = [];
    this.configReads = [];
    this.closed = false;
  }

  get name() {
    return 'simulator';
  }

  /** Opens the link; a link that was up and drops tries again every 2 s until it is back or closed. */
  connect() {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error('the link was closed'));
        return;
      }

      clearTimeout(this.retry);
      if (this.socket && this.socket.readyState <= WebSocket.OPEN) {
        resolve(); // already open or opening
        return;
      }

      const socket = new WebSocket(this.url);
      this.socket = socket;
      socket.binaryType = 'arraybuffer';
      let opened = false;
      socket.onopen = () => {
        if (this.closed) {
          socket.close();
          return;
        }

        opened = true;
        this.wasUp = true;
        this.onState('connected to the simulator', true);
        resolve();
      };
      socket.onmessage = (message) => {
        if (!this.closed && socket === this.socket) {
          this.receive(message.data);
        }
      };
      socket.onclose = () => {
        if (socket !== this.socket) {
          return; // an older socket: the current one carries on
        }

        this.fail('the link closed');
        if (!opened) {
          reject(new Error(`cannot reach ${this.url}`));
        }

        if (this.wasUp && !this.closed) {
          this.onState('connection lost: reconnecting…', false);
          this.retry = setTimeout(() => this.connect().catch(() => {}), RECONNECT_MILLISECONDS);
        }
      };
    });
  }

  close() {
    this.closed = true;
    clearTimeout(this.retry);
    this.socket?.close();
  }

  fail(reason) {
    for (const waiter of this.pending.splice(0)) {
      waiter(`not sent: ${reason}`);
    }

    for (const waiter of this.configReads.splice(0)) {
      waiter(null);
    }
  }

  receive(data) {
    if (typeof data === 'string') {
      this.onReport(JSON.parse(data));
      return;
    }

    const bytes = new Uint8Array(data);
    const body = bytes.subarray(1);
    switch (bytes[0]) {
      case Envelope.status:
        this.onNotify('status', body);
        break;
      case Envelope.command:
        this.onNotify('command', body);
        break;
      case Envelope.log:
        this.onNotify('log', body);
        break;
      case Envelope.writeResponse:
        this.pending.shift()?.(errorName(body[0]));
        break;
      case Envelope.configRead:
        this.configReads.shift()?.(body);
        break;
      default:
        break;
    }
  }

  send(envelope, bytes) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.resolve('not sent: not connected');
    }

    const message = new Uint8Array(1 + bytes.length);
    message[0] = envelope;
    message.set(bytes, 1);
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.socket.send(message);
    });
  }

  write(characteristic, bytes) {
    return this.send(characteristic === 'config' ? Envelope.writeConfig : Envelope.writeCommand, bytes);
  }

  emergencyStop() {
    return this.send(Envelope.writeEmergencyStop, new Uint8Array([1]));
  }

  readConfig() {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.resolve(null);
    }

    return new Promise((resolve) => {
      this.configReads.push(resolve);
      this.socket.send(new Uint8Array([Envelope.readConfig]));
    });
  }
}

/** An adapter over Web Bluetooth: the GATT service of docs/protocol.md. Reconnects to the same device when it drops. */
export class BluetoothLink extends Link {
  get name() {
    return this.device?.name ?? 'adapter';
  }

  async connect() {
    this.device = await navigator.bluetooth.requestDevice({
      filters: [{ services: [SERVICE] }, { namePrefix: 'Balancer' }],
      optionalServices: [SERVICE],
    });
    this.device.addEventListener('gattserverdisconnected', () => this.reconnect(RECONNECT_ATTEMPTS));
    await this.attach();
  }

  reconnect(attempts) {
    if (this.closed) {
      return;
    }

    if (attempts === 0) {
      this.onState('the adapter is out of reach: connect again by hand', false);
      return;
    }

    this.onState('connection lost: reconnecting…', false);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (!this.closed) {
        this.attach().catch(() => this.reconnect(attempts - 1));
      }
    }, RECONNECT_MILLISECONDS);
  }

  async attach() {
    const server = await this.device.gatt.connect();
    const service = await server.getPrimaryService(SERVICE);
    this.characteristics = {};
    for (const [name, uuid] of Object.entries(UUIDS)) {
      this.characteristics[name] = await service.getCharacteristic(uuid);
    }

    // Status and the stop first: with those the page can watch and stop even if a later subscription fails.
    for (const kind of ['status', 'command', 'log']) {
      const characteristic = this.characteristics[kind];
      characteristic.addEventListener('characteristicvaluechanged', (event) => {
        if (this.closed) {
          return;
        }

        const value = event.target.value;
        this.onNotify(kind, new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      });
      try {
        await characteristic.startNotifications();
      } catch (e) {
        if (kind === 'status') {
          throw e;
        }

        this.warning = `connected to ${this.name}, but its ${kind} notifications failed: ${e.message}`;
      }
    }

    if (this.closed) {
      // Replaced while it was connecting: let the adapter go.
      this.device.gatt.disconnect();
      return;
    }

    this.onState(this.warning ?? `connected to ${this.name}`, true);
    this.warning = null;
  }

  close() {
    this.closed = true;
    clearTimeout(this.retry);
    this.device?.gatt.disconnect();
  }

  async writeTo(characteristic, bytes) {
    try {
      await characteristic.writeValueWithResponse(bytes);
      return 'Ok';
    } catch (e) {
      // The adapter answers a refusal with ATT error 0x80 + the code, but browsers pass only a message on.
      return this.device?.gatt.connected ? `refused by the adapter (${e.message})` : 'not sent: the link is down';
    }
  }

  write(characteristic, bytes) {
    return this.writeTo(this.characteristics[characteristic], bytes);
  }

  emergencyStop() {
    return this.writeTo(this.characteristics.emergencyStop, new Uint8Array([1]));
  }

  async readConfig() {
    const value = await this.characteristics.config.readValue();
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
}
