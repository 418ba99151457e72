// SPDX-License-Identifier: MIT
//
// The dashboard: the adapter's status as cards and charts, its commands as buttons, the morning report and the recovery
// log. Everything it knows arrives over one link (links.js) as the frames of docs/protocol.md (protocol.js); what it
// shows survives a disconnect, and a reconnect carries on drawing.

import {
  DecodeError, Opcode, SETTINGS, STATES, TARGET_MODES, Write, characteristicOf, decodeFrame, decodeNotification,
  fromHex, opcodeName, parseLog, resultText, toHex,
} from './protocol.js';

/** What the technician reads for a verdict (the simulator's report says the same). */
const VERDICT_WORDS = {
  NotStarted: 'Not started',
  Ok: 'OK',
  Leaky: 'Leaky: it loses charge at rest',
  FailedToRecover: 'Failed to recover',
  ChargerLimit: 'Charger limit: the charger stops short of the target',
  Quarantined: 'Quarantined (< 1.5 V)',
  MisClip: 'Mis-clip',
  SensorFault: 'Sensor fault',
  CapacitySuspect: 'Capacity suspect',
  NoCell: 'No cell, reversed clip or flat group',
  PoorContact: 'Poor contact',
  Fault: 'Fault',
  Incomplete: 'Incomplete',
  HoldInconclusive: 'Hold inconclusive: hold longer',
  AlreadyAtTarget: 'Already at the target, nothing to do',
  Interrupted: 'Interrupted: power lost or restarted, start it again',
};
import { BluetoothLink, WebSocketLink, webBluetoothUnavailable } from './links.js';

const HISTORY_POINTS = 720;
const WORKING = new Set(['Checking', 'Charging', 'Resting', 'Topped', 'Holding', 'Paused']);
const STATE_WORDS = {
  Idle: 'Idle',
  Checking: 'Checking the clip',
  Ready: 'Ready',
  Charging: 'Charging',
  Resting: 'Resting between pulses',
  Topped: 'Topped, settling',
  Holding: 'Holding: measuring self-discharge',
  Done: 'Done',
  Paused: 'Paused',
  Fault: 'Fault',
};

const $ = (id) => document.getElementById(id);

const page = {
  link: null,
  channels: [],
  lastUptime: null,
  log: null,
};

// ---- Numbers in words ----

function volts(millivolts) {
  return `${(millivolts / 1000).toFixed(3)} V`;
}

function celsius(deci) {
  return deci === null ? 'not measured' : `${(deci / 10).toFixed(1)} °C`;
}

function duration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return m > 0 ? `${m} min` : `${Math.floor(seconds)} s`;
}

/**
 * A fault in plain language with its measured value, in its guardrail's unit (docs/control-core.md). A self-test fault's
 * value is an INA219's address, or, when the dead-man failed and every channel carries the same value, its drop-out in
 * ms (−1: the coil supply never came up, or never went): <deadMan> says which.
 */
export function faultText(fault, value, deadMan = false) {
  switch (fault) {
    case 'OverVoltage': return `Over-voltage: ${volts(value)} on the group while charging`;
    case 'OverCurrent': return `Over-current: ${value} mA, more than the charger may give`;
    case 'RelayStuck': return `Relay stuck: ${value} mA flow with the relay open; the chargers' supply is cut`;
    case 'ChargerNotDelivering': return `Charger not delivering: ${value} mA while it should charge`;
    case 'ClipOrShort': return `The voltage fell ${value} mV while charging: a clip slipped off or the group shorted`;
    case 'OverTemperature': return `Cell over-temperature: ${celsius(value)}`;
    case 'BoardOverTemperature': return `Board over-temperature: ${celsius(value)}; every channel stopped`;
    case 'SensorFault': return 'Temperature sensor open or shorted: check the NTC lead';
    case 'SensorLost': return 'The channel\'s INA219 stopped answering: its readings were lost';
    case 'NoRecovery': return `No recovery: ${value} mAh went in and the group did not come up`;
    case 'Timeout': return `Charge time limit reached after ${duration(Math.round(value / 1000))}`;
    case 'CapacityExceeded': return `Capacity exceeded: ${value} mAh, more than the group can hold`;
    case 'NoCellOrReversed': return `No cell on the clip, or the clip reversed: ${volts(value)}`;
    case 'MisClip': return `Mis-clip: ${(value / 1000).toFixed(1)} V, the leads span more than one group`;
    case 'Quarantined': return `Quarantined: ${volts(value)}, too deep to charge without your confirmation`;
    case 'PoorContact': return `Poor contact: ${(value / 1000).toFixed(0)} mΩ in the clip path`;
    case 'LoopOverrun': return `The control loop ran ${value} ms late: every relay opened`;
    case 'InternalError': return 'Internal error: every relay opened';
    case 'SelfTestFailed':
      if (deadMan) {
        return value < 0
          ? 'Self-test: the dead-man does not switch the relay coils; every channel is off until a boot finds it working'
          : `Self-test: the dead-man let the relay coils go ${value} ms after the last heartbeat (0.25–0.6 s expected); every channel is off`;
      }

      return `Self-test: the INA219 at 0x${value.toString(16)} does not answer or does not convert; the channel is off until a reboot finds it`;
    default: return `${fault}: ${value}`;
  }
}

const REFUSALS = {
  NotAuthenticated: 'this link is not bonded: pair the phone (hold the adapter\'s button 3 s) or connect to the simulator with its token. Stopping needs neither.',
  OutOfRange: 'a value is outside its range',
  UnknownChannel: 'no such channel on this adapter',
  QueueFull: 'the adapter is busy: try again in a second',
  NoLog: 'this adapter keeps no log (its flash did not answer at boot)',
};

// ---- Messages ----

function say(text, kind = 'info') {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('messages').prepend(item);
  while ($('messages').children.length > 50) {
    $('messages').lastChild.remove();
  }
}

// ---- Writes ----

/** Writes a command; says what became of it, and returns the adapter's answer ('Ok' when taken). */
async function send(what, bytes) {
  if (!page.link) {
    say(`${what}: not connected`, 'refused');
    return 'not connected';
  }

  const error = await page.link.write(characteristicOf(bytes[1]), bytes);
  if (error === 'Ok') {
    say(`${what}: sent`);
  } else {
    say(`${what} refused: ${error}${REFUSALS[error] ? ` (${REFUSALS[error]})` : ''}`, 'refused');
  }

  return error;
}

async function emergencyStop() {
  if (!page.link) {
    say('Stop: not connected to an adapter', 'refused');
    return;
  }

  const error = await page.link.emergencyStop();
  say(error === 'Ok' ? 'Emergency stop: every relay and charger opens' : `Emergency stop not delivered: ${error}`, error === 'Ok' ? 'stop' : 'refused');
}

// ---- Status ----

function onStatus(bytes) {
  let frames;
  try {
    frames = decodeNotification(bytes);
  } catch (e) {
    if (e instanceof DecodeError) {
      say(`A status the page cannot read: ${e.message}`, 'refused');
      return;
    }

    throw e;
  }

  for (const frame of frames) {
    if (frame.type === 'sessionStatus') {
      showSession(frame.fields);
    } else if (frame.type === 'channelStatus') {
      showChannel(frame.fields);
    }
  }
}

function showSession(s) {
  const seconds = page.lastUptime === null ? 0 : Math.max(0, s.uptimeSeconds - page.lastUptime);
  page.lastUptime = s.uptimeSeconds;
  page.tickSeconds = seconds;
  $('session-target').textContent = s.targetMillivolts > 0 ? `${volts(s.targetMillivolts)} (${TARGET_WORDS[s.targetMode] ?? s.targetMode})` : `${TARGET_WORDS[s.targetMode] ?? s.targetMode}, not known yet`;
  $('session-board').textContent = celsius(s.boardDeciCelsius);
  $('session-supply').textContent = volts(s.supplyMillivolts);
  $('session-uptime').textContent = duration(s.uptimeSeconds);
  const words = [];
  words.push(s.flags.includes('healthy') ? 'running' : 'not healthy');
  if (s.flags.includes('emergencyStopped')) words.push('emergency stopped');
  if (s.flags.includes('alarm')) words.push('alarm sounding');
  if (s.flags.includes('calibrating')) words.push('calibrating');
  $('session-flags').textContent = words.join(', ');
  document.body.classList.toggle('stopped', s.flags.includes('emergencyStopped'));
}

const TARGET_WORDS = { TopOff: 'top off', MatchReference: 'match the reference', MatchValue: 'match a voltage', MatchHighest: 'match the highest group' };

function card(index) {
  let channel = page.channels[index];
  if (channel) {
    return channel;
  }

  const node = $('card-template').content.firstElementChild.cloneNode(true);
  node.id = `channel-${index}`;
  node.dataset.channel = String(index);
  node.querySelector('.card-title').textContent = `Channel ${index + 1}`;
  node.setAttribute('aria-label', `Channel ${index + 1}`);
  node.querySelector('.chart').setAttribute('aria-label', `Channel ${index + 1}: voltage and current over time`);
  for (const button of node.querySelectorAll('button[data-action]')) {
    button.addEventListener('click', () => channelAction(index, button.dataset.action));
    if (button.dataset.action !== 'mode') {
      button.setAttribute('aria-label', `${button.textContent} channel ${index + 1}`);
    }
  }

  channel = { node, history: [], workingSeconds: 0, fields: null };
  page.channels[index] = channel;
  const cards = $('cards');
  const after = [...cards.children].find((c) => Number(c.dataset.channel) > index);
  cards.insertBefore(node, after ?? null);
  $('channels-empty').hidden = true;
  return channel;
}

function channelAction(index, action) {
  const name = `Channel ${index + 1}`;
  const fields = page.channels[index]?.fields;
  switch (action) {
    case 'start': return send(`${name} start`, Write.start(index));
    case 'stop': return send(`${name} stop`, Write.stop(index));
    case 'clear': return send(`${name} clear fault`, Write.clearFault(index));
    case 'confirm': return send(`${name} confirm recovery`, Write.confirmDeepDischarge(index));
    case 'mode': {
      const monitor = !(fields?.flags.includes('monitor'));
      return send(`${name} ${monitor ? 'watch as the reference' : 'charge'}`, Write.setMode(index, monitor));
    }
    default: return undefined;
  }
}

function showChannel(f) {
  const channel = card(f.channel);
  const node = channel.node;
  channel.fields = f;
  if (WORKING.has(f.state)) {
    channel.workingSeconds += page.tickSeconds ?? 0;
  }

  channel.history.push({ t: page.lastUptime ?? 0, mv: f.millivolts, ma: f.milliamperes });
  if (channel.history.length > HISTORY_POINTS) {
    channel.history.shift();
  }

  node.dataset.state = f.state;
  const state = node.querySelector('.state');
  const extra = [];
  if (f.flags.includes('monitor')) extra.push('reference, watched');
  if (f.flags.includes('awaitingConfirmation')) extra.push('deep group: confirm recovery to go on');
  if (!f.flags.includes('sensorValid')) extra.push('no reading');
  extra.push(f.flags.includes('relayClosed') ? 'relay closed' : 'relay open');
  state.textContent = `${STATE_WORDS[f.state]} (${extra.join('; ')})`;
  node.querySelector('.voltage').textContent = `${volts(f.millivolts)}${f.flags.includes('rested') ? ' at rest' : ''}`;
  node.querySelector('.current').textContent = `${f.milliamperes} mA`;
  node.querySelector('.temperature').textContent = celsius(f.deciCelsius);
  node.querySelector('.charge').textContent = `${f.milliampereHours} mAh`;
  node.querySelector('.elapsed').textContent = duration(channel.workingSeconds);
  node.querySelector('.eta').textContent = f.minutesToTarget === null ? '—' : `about ${duration(f.minutesToTarget * 60)}`;
  const fault = node.querySelector('.fault');
  const text = f.fault === 'None' ? '' : faultText(f.fault, f.faultValue, isDeadManFault());
  if (fault.textContent !== text) {
    // Written only when it changes: the alert is announced once, not every second.
    fault.textContent = text;
    fault.hidden = text === '';
  }
  node.querySelector('[data-action="confirm"]').hidden = !f.flags.includes('awaitingConfirmation');
  node.querySelector('[data-action="clear"]').hidden = f.fault === 'None';
  node.querySelector('[data-action="mode"]').textContent = f.flags.includes('monitor') ? 'Charge this channel' : 'Use as reference';
  draw(channel);
}

/** A self-test fault that every channel carries with the same value is the dead-man's; an INA219's is its own address. */
function isDeadManFault() {
  const known = page.channels.filter(Boolean);
  return known.length > 1 && known.every((c) => c.fields?.fault === 'SelfTestFailed' && c.fields.faultValue === known[0].fields.faultValue);
}

function draw(channel) {
  const points = channel.history;
  const svg = channel.node.querySelector('.chart');
  if (points.length < 2) {
    return;
  }

  const t0 = points[0].t;
  const span = Math.max(1, points[points.length - 1].t - t0);
  const mv = points.map((p) => p.mv);
  const ma = points.map((p) => p.ma);
  const vLow = Math.min(...mv);
  const vHigh = Math.max(...mv, vLow + 10);
  const iHigh = Math.max(...ma, 100);
  const x = (p) => ((p.t - t0) / span) * 300;
  svg.querySelector('.line-voltage').setAttribute('points', points.map((p) => `${x(p).toFixed(1)},${(85 - ((p.mv - vLow) / (vHigh - vLow)) * 80).toFixed(1)}`).join(' '));
  svg.querySelector('.line-current').setAttribute('points', points.map((p) => `${x(p).toFixed(1)},${(85 - (Math.max(0, p.ma) / iHigh) * 80).toFixed(1)}`).join(' '));
  channel.node.querySelector('.range').textContent = `${volts(vLow)}–${volts(vHigh)}, 0–${iHigh} mA over ${duration(span)}`;
}

// ---- Results, the report, the log ----

function onCommand(bytes) {
  for (const frame of decodeNotification(bytes)) {
    if (frame.type === 'channelReport') {
      onReportLine(frame.fields);
    } else if (frame.type === 'result') {
      const r = frame.fields;
      const text = resultText(r.opcode, r.result);
      say(`${opcodeName(r.opcode)} (ticket ${r.ticket}): ${text}`, text === 'Ok' || /started|calibrated/.test(text) ? 'info' : 'refused');
    }
  }
}

/** The simulator's report at the scenario's end (the JSON of report.json). */
function showReport(report) {
  renderReport(
    `${report.scenario ?? 'Session'}: ${duration(report.simulatedSeconds ?? 0)}, target ${report.targetMillivolts ? volts(report.targetMillivolts) : 'none'}.`,
    report.channels ?? []);
  say('The session ended: the morning report is below');
}

/** One Channel report frame from the adapter, after Read the report: the table fills as the lines come. */
function onReportLine(f) {
  page.reportLines = page.reportLines ?? [];
  page.reportLines[f.channel] = {
    channel: f.channel,
    verdict: f.verdict,
    verdictText: (VERDICT_WORDS[f.verdict] ?? f.verdict) + selfDischargeText(f.selfDischargeMicrovoltsPerHour),
    startOcvMillivolts: f.startMillivolts,
    endOcvMillivolts: f.endMillivolts,
    deliveredMilliampereHours: f.milliampereHours,
    chargeSeconds: f.chargeMinutes * 60,
    fault: f.fault,
    faultValue: f.faultValue,
  };
  const lines = page.reportLines.filter(Boolean);
  renderReport(`From ${page.link?.name ?? 'the adapter'}: ${lines.length} channel${lines.length === 1 ? '' : 's'}, as the accounts stand now.`, lines);
}

/** The hold's self-discharge, when it measured one; the frame holds it at ±32 767 µV/h, so the limit reads "at least". */
function selfDischargeText(microvoltsPerHour) {
  if (microvoltsPerHour === null) {
    return '';
  }

  const limit = Math.abs(microvoltsPerHour) >= 32767 ? (microvoltsPerHour > 0 ? '≥ ' : '≤ ') : '';
  return ` (${limit}${(microvoltsPerHour / 1000).toFixed(1)} mV/h)`;
}

function renderReport(summary, lines) {
  $('report-body').hidden = false;
  $('report-summary').textContent = summary;
  const body = $('report-table').querySelector('tbody');
  body.replaceChildren();
  const deadMan = lines.length > 1 && lines.every((o) => o.fault === 'SelfTestFailed' && o.faultValue === lines[0].faultValue);
  for (const c of lines) {
    const row = document.createElement('tr');
    row.dataset.verdict = c.verdict;
    const cells = [
      ['Channel', `Channel ${c.channel + 1}${c.group ? ` (group ${c.group})` : ''}`],
      ['Verdict', c.verdictText ?? VERDICT_WORDS[c.verdict] ?? c.verdict],
      ['Start → end', c.startOcvMillivolts && c.endOcvMillivolts ? `${volts(c.startOcvMillivolts)} → ${volts(c.endOcvMillivolts)}` : '—'],
      ['Charge', `${c.deliveredMilliampereHours} mAh in ${duration(c.chargeSeconds ?? 0)}`],
      ['Fault', c.fault && c.fault !== 'None' ? faultText(c.fault, c.faultValue, deadMan) : '—'],
    ];
    for (const [label, text] of cells) {
      const cell = document.createElement('td');
      cell.dataset.label = label;
      cell.textContent = text;
      row.append(cell);
    }

    body.append(row);
  }
}

/** The button: a fresh read from the log's first byte. */
function startLogRead() {
  page.log = { chunks: new Map(), length: null, retries: 0 };
  $('log-progress').textContent = 'Reading the log…';
  $('log-downloads').hidden = true;
  return readLog(0);
}

/** Asks for the log from <from> on; what came before is kept. */
async function readLog(from) {
  const error = await send('Read the log', Write.readLog(from));
  if (error !== 'Ok') {
    $('log-progress').textContent = `The log was not read: ${error}`;
    page.log = null;
  }
}

/** The first byte of the log not yet received, or null when every byte up to the end is here. */
function firstMissing() {
  let at = 0;
  for (const offset of [...page.log.chunks.keys()].sort((a, b) => a - b)) {
    if (offset > at) {
      return at;
    }

    at = Math.max(at, offset + (page.log.chunks.get(offset).length / 2));
  }

  return at < page.log.length ? at : null;
}

function onLog(bytes) {
  if (!page.log) {
    return;
  }

  for (const frame of decodeNotification(bytes)) {
    const { offset, bytes: hex } = frame.fields;
    if (hex.length === 0) {
      page.log.length = offset;
    } else {
      page.log.chunks.set(offset, hex);
    }
  }

  const received = [...page.log.chunks.values()].reduce((sum, hex) => sum + (hex.length / 2), 0);
  $('log-progress').textContent = `${received} bytes so far…`;
  if (page.log.length === null) {
    return;
  }

  // The end is known: ask again from the first gap a lost notification left, else the log is whole.
  const missing = firstMissing();
  if (missing === null) {
    finishLog();
  } else if (page.log.retries++ < 5) {
    page.log.length = null;
    readLog(missing);
  } else {
    $('log-progress').textContent = `The log came with a gap at byte ${missing}; read it again`;
    page.log = null;
  }
}

function finishLog() {
  const bytes = new Uint8Array(page.log.length);
  for (const [offset, hex] of page.log.chunks) {
    if (offset < bytes.length) {
      bytes.set(fromHex(hex).subarray(0, bytes.length - offset), offset); // bytes past the end came after the read
    }
  }

  const { records, unreadable } = parseLog(bytes);
  const json = JSON.stringify({ bytes: bytes.length, unreadable, records }, null, 2);
  const csv = ['offset,sequence,type,timeMilliseconds,payload', ...records.map((r) => `${r.offset},${r.sequence},${r.type},${r.timeMilliseconds},${r.payload}`)].join('\n');
  offerDownload('log-json', json, 'application/json');
  offerDownload('log-csv', `${csv}\n`, 'text/csv');
  offerDownload('log-raw', bytes, 'application/octet-stream');
  $('log-downloads').hidden = false;
  $('log-progress').textContent = `${bytes.length} bytes, ${records.length} records${unreadable ? `, ${unreadable} unreadable` : ''}`;
  page.log = null;
}

function offerDownload(id, content, type) {
  const anchor = $(id);
  if (anchor.href) {
    URL.revokeObjectURL(anchor.href);
  }

  anchor.href = URL.createObjectURL(new Blob([content], { type }));
}

// ---- Connecting ----

function attach(link) {
  page.link?.close();
  page.link = link;
  link.onState = (text, up) => {
    $('link-state').textContent = text;
    document.body.classList.toggle('offline', !up);
    if (!up) {
      page.lastUptime = null;
    }
  };
  link.onNotify = (kind, bytes) => {
    try {
      if (kind === 'status') onStatus(bytes);
      else if (kind === 'command') onCommand(bytes);
      else if (kind === 'log') onLog(bytes);
    } catch (e) {
      say(`A notification the page cannot read (${toHex(bytes)}): ${e.message}`, 'refused');
    }
  };
  link.onReport = showReport;
}

async function connectSimulator(event) {
  event.preventDefault();
  const url = new URL($('sim-url').value);
  const token = $('sim-token').value.trim();
  if (token) {
    url.searchParams.set('token', token);
  }

  await openLink(
    new WebSocketLink(url.toString()),
    () => (token ? 'Connected to the simulator as a bonded phone' : 'Connected to the simulator without its token: watch and stop only'),
    'Cannot connect');
}

function connectAdapter() {
  const link = new BluetoothLink();
  return openLink(link, () => `Connected to ${link.name}`, 'Bluetooth');
}

/** Makes <link> the page's link and connects it; says how it went (a link replaced meanwhile leaves the state alone). */
async function openLink(link, greeting, failure) {
  attach(link);
  try {
    await link.connect();
    say(greeting());
  } catch (e) {
    if (page.link === link) {
      $('link-state').textContent = `Not connected: ${e.message}`;
    }

    say(`${failure}: ${e.message}`, 'refused');
  }
}

async function init() {
  const here = new URL(window.location.href);
  const wsScheme = here.protocol === 'https:' ? 'wss:' : 'ws:';
  $('sim-url').value = here.protocol.startsWith('http') ? `${wsScheme}//${here.host}/ws` : 'ws://127.0.0.1:8780/ws';
  $('sim-token').value = here.searchParams.get('token') ?? '';

  // The stop first, before anything that waits.
  $('emergency-stop').addEventListener('click', emergencyStop);
  document.addEventListener('keydown', (e) => {
    // Escape stops everything, except where it closes what is being typed or chosen.
    if (e.key === 'Escape' && !e.target.closest('input, select, textarea')) emergencyStop();
  });
  $('connect-ble').addEventListener('click', connectAdapter);
  $('connect-sim').addEventListener('submit', connectSimulator);
  $('start-session').addEventListener('submit', (e) => {
    e.preventDefault();
    const mode = Number($('target-mode').value);
    const value = Number($('target-value').value);
    // The reference is typed as the card numbers it (channel 1 is index 0).
    const argument = mode === 1 ? value - 1 : mode === 2 ? value : 0;
    try {
      send(`Start session (${TARGET_MODES[mode]})`, Write.startSession(mode, argument));
    } catch (error) {
      say(`Start session: ${error.message}`, 'refused');
    }
  });
  $('start-all').addEventListener('click', () => send('Start all', Write.startAll()));
  $('stop-all').addEventListener('click', () => send('Stop all', Write.stopAll()));
  $('calibration-begin').addEventListener('click', () => send('Begin calibration', Write.beginCalibration()));
  $('calibration-finish').addEventListener('submit', (e) => {
    e.preventDefault();
    send('Finish calibration', Write.finishCalibration(Number($('calibration-mv').value)));
  });
  $('log-read').addEventListener('click', startLogRead);
  $('report-read').addEventListener('click', () => {
    page.reportLines = [];
    send('Read the report', Write.readReport());
  });
  $('target-mode').addEventListener('change', showTargetField);
  showTargetField();

  const missing = await webBluetoothUnavailable();
  if (missing) {
    $('bluetooth-note').hidden = false;
    $('bluetooth-note').textContent = `Bluetooth is not available here: ${missing}. The simulator connection below still works.`;
    $('connect-ble').disabled = true;
  }

  document.body.dataset.ready = 'true';
}

/** The value field follows the target mode: a voltage in mV, the reference's channel number, or nothing. */
function showTargetField() {
  const mode = Number($('target-mode').value);
  const field = $('target-value');
  const help = $('target-help');
  field.disabled = mode === 0 || mode === 3;
  if (mode === 1) {
    const reference = page.channels.findIndex((c) => c?.fields?.flags.includes('monitor'));
    field.min = '1';
    field.max = String(Math.max(1, page.channels.length || 16));
    field.value = String(reference >= 0 ? reference + 1 : 1);
    help.textContent = 'the channel watched as the reference (its card says "reference, watched")';
  } else if (mode === 2) {
    field.min = '3000';
    field.max = '4200';
    field.value = field.value && Number(field.value) >= 3000 ? field.value : '3950';
    help.textContent = 'mV, 3000–4200';
  } else {
    help.textContent = mode === 0 ? 'each group to its charger\'s full' : 'every group to the highest one\'s voltage';
  }
}

// For a console or a test: the decoder and the page's state.
window.balancer = { decodeFrame, decodeNotification, page, faultText, SETTINGS, STATES, Opcode };

init();
