#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the reference board's KiCad 6 schematic (balancer.kicad_sch and channel0..3.kicad_sch) from one
netlist description, with every symbol embedded so the files open without KiCad's libraries.

Every pin gets a short wire and a net label; nets are joined by label name (global labels across sheets,
local labels inside a sheet). The committed .kicad_sch files are the source of truth that the host tests
read; this script is how they were made. Pins come from ../hardware/pins.json, so the GPIO side cannot drift
from the pin map when the schematic is regenerated. Run: python3 schematics/generate.py
"""
import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
PINS = json.load(open(os.path.join(HERE, "..", "hardware", "pins.json")))
G = 1.27  # KiCad's connection grid, mm
NS = uuid.UUID("6d1c3f2e-4b5a-4c1d-9e7f-0a1b2c3d4e5f")


def uid(*parts):
    """Deterministic UUIDs, so regenerating gives the same file."""
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


def q(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def mm(v):
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return s if s != "-0" else "0"


# ---------------------------------------------------------------- symbols
# A symbol: name -> dict(pins=[(number, name, side, index)], w, h, kind, ref)
# side: L/R for boxes (index from top), or "2t" two-terminal horizontal parts (pin 1 left, 2 right).

def box(ref, left, right, width=15.24, title=None):
    """Pins on the left and right of a box; each list holds (number, name)."""
    rows = max(len(left), len(right))
    h = (rows + 1) * 2.54
    return dict(kind="box", ref=ref, left=left, right=right, w=width, h=h, title=title)


def two(ref, art):
    return dict(kind="two", ref=ref, art=art)


SYMBOLS = {
    "R": two("R", "resistor"),
    "C": two("C", "capacitor"),
    "D": two("D", "diode"),
    "D_Zener": two("D", "zener"),
    "D_TVS": two("D", "tvs"),
    "D_Schottky": two("D", "schottky"),
    "LED": two("D", "led"),
    "Fuse": two("F", "fuse"),
    "Thermistor_NTC": two("TH", "ntc"),
    "Buzzer": two("BZ", "buzzer"),
    "SW_Push": two("SW", "switch"),
    "Conn_2": box("J", [("1", "1"), ("2", "2")], [], 7.62),
    "Conn_6": box("J", [(str(i), str(i)) for i in range(1, 7)], [], 7.62),
    "NMOS": box("Q", [("G", "G")], [("D", "D"), ("S", "S")], 10.16, "N-MOSFET"),
    "PMOS": box("Q", [("G", "G")], [("S", "S"), ("D", "D")], 10.16, "P-MOSFET"),
    "NPN": box("Q", [("B", "B")], [("C", "C"), ("E", "E")], 10.16, "NPN"),
    "Relay_DPDT": box("K", [("1", "COIL+"), ("2", "COIL-")],
                      [("3", "COM1"), ("4", "NO1"), ("5", "NC1"), ("6", "COM2"), ("7", "NO2"), ("8", "NC2")], 15.24,
                      "relay DPDT"),
    "ESP32-WROOM-32": box("U", [
        ("2", "3V3"), ("3", "EN"), ("4", "IO36"), ("5", "IO39"), ("6", "IO34"), ("7", "IO35"), ("8", "IO32"),
        ("9", "IO33"), ("10", "IO25"), ("11", "IO26"), ("12", "IO27"), ("13", "IO14"), ("14", "IO12"),
        ("16", "IO13"), ("17", "IO9"), ("18", "IO10"), ("19", "IO11"), ("1", "GND"), ("15", "GND"),
    ], [
        ("37", "IO23"), ("36", "IO22"), ("35", "IO1"), ("34", "IO3"), ("33", "IO21"), ("32", "NC"),
        ("31", "IO19"), ("30", "IO18"), ("29", "IO5"), ("28", "IO17"), ("27", "IO16"), ("26", "IO4"),
        ("25", "IO0"), ("24", "IO2"), ("23", "IO15"), ("22", "IO8"), ("21", "IO7"), ("20", "IO6"),
        ("38", "GND"), ("39", "GND"),
    ], 25.4, "ESP32-WROOM-32"),
    "INA219": box("U", [("1", "IN+"), ("2", "IN-"), ("7", "A0"), ("8", "A1")],
                  [("4", "VS"), ("6", "SDA"), ("5", "SCL"), ("3", "GND")], 15.24, "INA219"),
    "ISO1540": box("U", [("1", "VCC1"), ("2", "SDA1"), ("3", "SCL1"), ("4", "GND1")],
                   [("8", "VCC2"), ("7", "SDA2"), ("6", "SCL2"), ("5", "GND2")], 15.24, "ISO1540"),
    "TP4056": box("U", [("4", "VCC"), ("8", "CE"), ("2", "PROG"), ("1", "TEMP")],
                  [("5", "BAT"), ("7", "~{CHRG}"), ("6", "~{STDBY}"), ("3", "GND"), ("9", "EP")], 15.24, "TP4056"),
    "74HC123": box("U", [("1", "1~{A}"), ("2", "1B"), ("3", "1~{RD}"), ("14", "1CEXT"), ("15", "1REXT/CEXT"),
                         ("9", "2~{A}"), ("10", "2B"), ("11", "2~{RD}"), ("6", "2CEXT"), ("7", "2REXT/CEXT")],
                   [("16", "VCC"), ("13", "1Q"), ("4", "1~{Q}"), ("5", "2Q"), ("12", "2~{Q}"), ("8", "GND")],
                   20.32, "74HC123"),
    "DCDC_ISO_6W": box("U", [("+VIN", "+VIN"), ("-VIN", "-VIN"), ("ON/OFF", "ON/OFF")],
                       [("+VOUT", "+VOUT"), ("-VOUT", "-VOUT")], 20.32, "isolated DC/DC"),
    "DCDC_ISO_1W": box("U", [("2", "VIN"), ("1", "GND")], [("4", "+VO"), ("3", "0V")], 15.24, "isolated DC/DC"),
    "Regulator_3pin": box("U", [("1", "VIN"), ("2", "GND")], [("3", "VOUT")], 15.24, "regulator"),
    "LDO_5pin": box("U", [("1", "IN"), ("3", "EN"), ("2", "GND")], [("5", "OUT"), ("4", "NC")], 15.24, "LDO"),
}


def stroke(w=0.254):
    return f"(stroke (width {w}) (type default) (color 0 0 0 0))"


def lib_symbol(name):
    s = SYMBOLS[name]
    out = [f'    (symbol {q("balancer:" + name)} (in_bom yes) (on_board yes)']
    if s["kind"] == "two":
        out.append("      (pin_names (offset 0) hide) (pin_numbers hide)")
    else:
        out.append("      (pin_names (offset 1.016))")
    props = [("Reference", s["ref"], 0), ("Value", name, 1), ("Footprint", "", 2), ("Datasheet", "", 3)]
    for key, value, i in props:
        hide = " hide" if i >= 2 else ""
        out.append(f'      (property {q(key)} {q(value)} (id {i}) (at 0 0 0) (effects (font (size 1.27 1.27)){hide}))')
    graphics, pins = [], []
    if s["kind"] == "two":
        graphics = two_terminal_art(s["art"])
        pins.append(("1", "~", -5.08, 0, 0))
        pins.append(("2", "~", 5.08, 0, 180))
    else:
        w, h = s["w"], s["h"]
        graphics.append(f"(rectangle (start {mm(-w / 2)} {mm(h / 2)}) (end {mm(w / 2)} {mm(-h / 2)}) {stroke()} (fill (type background)))")
        for i, (num, pname) in enumerate(s["left"]):
            pins.append((num, pname, -w / 2 - 2.54, h / 2 - 2.54 * (i + 1), 0))
        for i, (num, pname) in enumerate(s["right"]):
            pins.append((num, pname, w / 2 + 2.54, h / 2 - 2.54 * (i + 1), 180))
    out.append(f'      (symbol {q(name + "_0_1")}')
    for g in graphics:
        out.append("        " + g)
    out.append("      )")
    out.append(f'      (symbol {q(name + "_1_1")}')
    for num, pname, x, y, a in pins:
        out.append(f"        (pin passive line (at {mm(x)} {mm(y)} {a}) (length 2.54)"
                   f" (name {q(pname)} (effects (font (size 1.016 1.016))))"
                   f" (number {q(num)} (effects (font (size 1.016 1.016)))))")
    out.append("      )")
    out.append("    )")
    return "\n".join(out)


def poly(points, fill="none", w=0.254):
    pts = " ".join(f"(xy {mm(x)} {mm(y)})" for x, y in points)
    return f"(polyline (pts {pts}) {stroke(w)} (fill (type {fill})))"


def two_terminal_art(art):
    lead = [poly([(-2.54, 0), (-1.27, 0)]), poly([(1.27, 0), (2.54, 0)])]
    if art in ("resistor", "fuse", "ntc"):
        g = [f"(rectangle (start -1.778 0.762) (end 1.778 -0.762) {stroke()} (fill (type none)))",
             poly([(-2.54, 0), (-1.778, 0)]), poly([(1.778, 0), (2.54, 0)])]
        if art == "fuse":
            g.append(poly([(-1.778, 0), (1.778, 0)]))
        if art == "ntc":
            g.append(poly([(-2.286, -1.27), (-1.27, -1.27), (2.032, 1.27)]))
        return g
    if art == "capacitor":
        return [poly([(-2.54, 0), (-0.508, 0)]), poly([(0.508, 0), (2.54, 0)]),
                poly([(-0.508, 1.524), (-0.508, -1.524)], w=0.3), poly([(0.508, 1.524), (0.508, -1.524)], w=0.3)]
    if art in ("diode", "zener", "tvs", "schottky", "led"):
        # anode = pin 1 (left), cathode = pin 2 (right): the triangle points right.
        g = lead + [poly([(-1.27, 1.27), (-1.27, -1.27), (1.27, 0), (-1.27, 1.27)], fill="none")]
        bar = {"diode": [(1.27, 1.27), (1.27, -1.27)],
               "zener": [(0.762, 1.524), (1.27, 1.27), (1.27, -1.27), (1.778, -1.524)],
               "tvs": [(0.762, 1.524), (1.27, 1.27), (1.27, -1.27), (1.778, -1.524)],
               "schottky": [(0.762, 0.762), (0.762, 1.27), (1.27, 1.27), (1.27, -1.27), (1.778, -1.27), (1.778, -0.762)],
               "led": [(1.27, 1.27), (1.27, -1.27)]}[art]
        g.append(poly(bar))
        if art == "led":
            g.append(poly([(0, 1.778), (1.016, 2.794)]))
            g.append(poly([(0.762, 1.778), (1.778, 2.794)]))
        return g
    if art == "buzzer":
        return lead + [f"(circle (center 0 0) (radius 1.27) {stroke()} (fill (type none)))"]
    if art == "switch":
        return [poly([(-2.54, 0), (-1.524, 0)]), poly([(1.524, 0), (2.54, 0)]),
                poly([(-1.524, 0), (1.27, 1.27)]), poly([(0, 1.016), (0, 2.286)])]
    raise ValueError(art)


def symbol_pins(name):
    """(number, name, x, y, outward dx, dy) in schematic coordinates (y down) for a symbol at the origin."""
    s = SYMBOLS[name]
    if s["kind"] == "two":
        return [("1", "~", -5.08, 0, -1, 0), ("2", "~", 5.08, 0, 1, 0)]
    w, h = s["w"], s["h"]
    pins = []
    for i, (num, pname) in enumerate(s["left"]):
        pins.append((num, pname, -w / 2 - 2.54, -(h / 2 - 2.54 * (i + 1)), -1, 0))
    for i, (num, pname) in enumerate(s["right"]):
        pins.append((num, pname, w / 2 + 2.54, -(h / 2 - 2.54 * (i + 1)), 1, 0))
    return pins


# ---------------------------------------------------------------- netlist description
GLOBAL = {"GND", "+3V3", "+5V", "+12V", "COIL_5V", "I2C_SDA", "I2C_SCL", "HEARTBEAT"}


class Sheet:
    def __init__(self, name, file, title):
        self.name, self.file, self.title = name, file, title
        self.parts = []  # (ref, symbol, value, {pin: net}, description)
        self.notes = []

    def add(self, ref, symbol, value, nets, description=""):
        known = {p[0] for p in symbol_pins(symbol)}
        for pin in nets:
            if pin not in known:
                raise ValueError(f"{ref}: {symbol} has no pin {pin}")
        self.parts.append((ref, symbol, value, nets, description))

    def note(self, text):
        self.notes.append(text)


def is_global(net):
    return net in GLOBAL or net.startswith(("RELAY_", "SUPPLY_EN_", "NTC_CELL_"))


def root_sheet():
    s = Sheet("root", "balancer.kicad_sch", "BalancerFirmware reference board: controller, power, dead-man")
    gpio = {p["gpio"]: p["net"] for p in PINS["gpio"]}
    esp = {}
    for num, pname, *_ in symbol_pins("ESP32-WROOM-32"):
        if pname == "3V3":
            esp[num] = "+3V3"
        elif pname == "GND":
            esp[num] = "GND"
        elif pname == "EN":
            esp[num] = "EN"
        elif pname.startswith("IO") and int(pname[2:]) in gpio:
            esp[num] = gpio[int(pname[2:])]
    s.add("U1", "ESP32-WROOM-32", "ESP32-WROOM-32", esp, "Espressif ESP32-WROOM-32 (4 MB flash), nanoFramework ESP32_BLE_REV0")
    s.add("C1", "C", "10u", {"1": "+3V3", "2": "GND"}, "module bulk, 10 V X5R")
    s.add("C2", "C", "100n", {"1": "+3V3", "2": "GND"}, "module decoupling")
    s.add("R1", "R", "10k", {"1": "+3V3", "2": "EN"}, "EN pull-up (RC reset with C3)")
    s.add("C3", "C", "1u", {"1": "EN", "2": "GND"}, "EN delay")
    s.add("R2", "R", "10k", {"1": "+3V3", "2": "BOOT"}, "GPIO0 strap pull-up: normal boot")
    s.add("SW2", "SW_Push", "BOOT", {"1": "BOOT", "2": "GND"}, "hold at reset for download mode")
    s.add("J2", "Conn_6", "PROG", {"1": "+3V3", "2": "TXD0", "3": "RXD0", "4": "EN", "5": "BOOT", "6": "GND"},
          "3.3 V USB-serial adapter for flashing (nanoff)")

    # 12 V input: fuse, reverse-polarity P-MOSFET, TVS, bulk.
    s.add("J1", "Conn_2", "12V IN", {"1": "VIN_RAW", "2": "GND"}, "12 V, >= 3 A supply, screw terminal")
    s.add("F1", "Fuse", "5A", {"1": "VIN_RAW", "2": "VIN_FUSED"}, "5x20 mm 5 A slow-blow, 250 V")
    s.add("Q1", "PMOS", "AO4407A", {"D": "VIN_FUSED", "S": "+12V", "G": "Q1_G"}, "reverse-polarity protection, -30 V -12 A")
    s.add("R3", "R", "10k", {"1": "Q1_G", "2": "GND"}, "turns Q1 on when the input is the right way round")
    s.add("D1", "D_Zener", "BZT52C15", {"1": "Q1_G", "2": "+12V"}, "limits Q1's V_GS to 15 V")
    s.add("D2", "D_TVS", "SMBJ15A", {"1": "GND", "2": "+12V"}, "input transient clamp, 15 V stand-off")
    s.add("C4", "C", "100u", {"1": "+12V", "2": "GND"}, "bulk, 25 V electrolytic")
    s.add("R4", "R", "100k", {"1": "+12V", "2": "VIN_SENSE"}, "12 V sense divider top (drivers/Supply)")
    s.add("R5", "R", "15k", {"1": "VIN_SENSE", "2": "GND"}, "12 V sense divider bottom: 12 V -> 1.57 V")
    s.add("C5", "C", "100n", {"1": "VIN_SENSE", "2": "GND"}, "ADC filter")

    # Rails.
    s.add("U2", "Regulator_3pin", "TSR 2-2450", {"1": "+12V", "2": "GND", "3": "+5V"}, "Traco 5 V 2 A switching regulator")
    s.add("U3", "Regulator_3pin", "TSR 1-2433", {"1": "+12V", "2": "GND", "3": "+3V3"}, "Traco 3.3 V 1 A switching regulator")
    s.add("C6", "C", "22u", {"1": "+5V", "2": "GND"}, "5 V output")
    s.add("C7", "C", "22u", {"1": "+3V3", "2": "GND"}, "3.3 V output")

    # I2C pull-ups on the controller side of the isolators.
    s.add("R6", "R", "4k7", {"1": "+3V3", "2": "I2C_SDA"}, "I2C pull-up, controller side")
    s.add("R7", "R", "4k7", {"1": "+3V3", "2": "I2C_SCL"}, "I2C pull-up, controller side")

    # Button, LED, buzzer.
    s.add("SW1", "SW_Push", "ARM/CLEAR", {"1": "BUTTON", "2": "GND"}, "front-panel push-button")
    s.add("R8", "R", "10k", {"1": "+3V3", "2": "BUTTON"}, "button pull-up (the app also enables the internal one)")
    s.add("C8", "C", "100n", {"1": "BUTTON", "2": "GND"}, "debounce")
    s.add("R9", "R", "1k", {"1": "STATUS_LED", "2": "LED_A"}, "LED current ~1.3 mA")
    s.add("D3", "LED", "green", {"1": "LED_A", "2": "GND"}, "status LED; keeps the GPIO2 strap Low")
    s.add("R10", "R", "100", {"1": "BUZZER", "2": "Q2_G"}, "gate resistor")
    s.add("R11", "R", "100k", {"1": "BUZZER", "2": "GND"}, "holds GPIO12 (MTDI strap) Low at reset")
    s.add("Q2", "NMOS", "AO3400A", {"G": "Q2_G", "D": "BZ_N", "S": "GND"}, "buzzer driver, 30 V 5.7 A")
    s.add("BZ1", "Buzzer", "5V active", {"1": "+5V", "2": "BZ_N"}, "active magnetic buzzer, 5 V, <= 40 mA")
    s.add("D4", "D", "1N4148W", {"1": "BZ_N", "2": "+5V"}, "buzzer flyback")

    # Board NTC.
    s.add("R12", "R", "10k", {"1": "+3V3", "2": "NTC_BOARD"}, "NTC pull-up, 1 %")
    s.add("TH1", "Thermistor_NTC", "10k B3950", {"1": "NTC_BOARD", "2": "GND"}, "board NTC, beside the TP4056s")
    s.add("C9", "C", "100n", {"1": "NTC_BOARD", "2": "GND"}, "ADC filter")

    # Dead-man: both halves of a 74HC123, one on each heartbeat edge, ORed into the coil-supply switch.
    s.add("R13", "R", "10k", {"1": "HEARTBEAT", "2": "GND"}, "heartbeat pull-down: a floating pin cannot retrigger")
    s.add("U4", "74HC123", "74HC123D", {
        "1": "GND", "2": "HEARTBEAT", "3": "+3V3", "14": "DM_C1", "15": "DM_RC1",
        "9": "HEARTBEAT", "10": "+3V3", "11": "+3V3", "6": "DM_C2", "7": "DM_RC2",
        "16": "+3V3", "13": "DM_Q1", "5": "DM_Q2", "8": "GND"}, "retriggerable monostable, 3.3 V supply")
    s.add("C10", "C", "1u", {"1": "DM_C1", "2": "DM_RC1"}, "timing, X7R 25 V")
    s.add("R14", "R", "1M", {"1": "+3V3", "2": "DM_RC1"}, "timing: t = 0.45 x 1 M x 1 u = 0.45 s")
    s.add("C11", "C", "1u", {"1": "DM_C2", "2": "DM_RC2"}, "timing, X7R 25 V")
    s.add("R15", "R", "1M", {"1": "+3V3", "2": "DM_RC2"}, "timing: t = 0.45 s")
    s.add("C12", "C", "100n", {"1": "+3V3", "2": "GND"}, "U4 decoupling")
    s.add("D5", "D_Schottky", "BAT54", {"1": "DM_Q1", "2": "DEADMAN_EN"}, "OR of the two halves")
    s.add("D6", "D_Schottky", "BAT54", {"1": "DM_Q2", "2": "DEADMAN_EN"}, "OR of the two halves")
    s.add("R16", "R", "100k", {"1": "DEADMAN_EN", "2": "GND"}, "coil supply off unless a monostable is running")
    s.add("Q3", "NMOS", "AO3400A", {"G": "DEADMAN_EN", "D": "Q4_G", "S": "GND"}, "level shift to Q4")
    s.add("R17", "R", "10k", {"1": "+5V", "2": "Q4_G"}, "Q4 off by default")
    s.add("Q4", "PMOS", "AO3401A", {"S": "+5V", "G": "Q4_G", "D": "COIL_5V"}, "relay coil supply switch, -30 V -4 A")
    s.add("C13", "C", "10u", {"1": "COIL_5V", "2": "GND"}, "coil supply reservoir")
    s.add("R18", "R", "1k", {"1": "COIL_5V", "2": "COIL_SENSE"}, "coil supply read-back, top: 5 V -> 3.33 V")
    s.add("R19", "R", "2k", {"1": "COIL_SENSE", "2": "GND"}, "coil supply read-back, bottom; bleeds C13 (tau 30 ms) when no coil is on")
    s.note("Dead-man: U4 half 1 fires on every rising heartbeat edge, half 2 on every falling edge; either output"
           " holds Q4 on. No edge for 0.45 s (both monostables time out) -> Q4 off -> every relay coil loses its"
           " supply, whatever the relay GPIOs hold.")
    s.note("COIL_SENSE (GPIO14, an input) reads COIL_5V back: the self-test toggles the heartbeat with every relay"
           " GPIO Low and sees the coil supply come up and drop out again. Relay, supply and heartbeat pins each carry"
           " a discrete pull-down. See hardware/pin-map.md.")
    return s


def channel_sheet(n):
    s = Sheet(f"channel{n}", f"channel{n}.kicad_sch", f"Channel {n}: isolated charger, relay, INA219, protection")
    b = 100 * (n + 1)
    ina = next(c for c in PINS["ina219"]["channels"] if c["channel"] == n)
    strap_net = {"GND": "GND_ISO", "VS": "V33_ISO", "SDA": "SDA_ISO", "SCL": "SCL_ISO"}

    # Controller side: supply switch, relay driver, cell NTC divider.
    s.add(f"R{b+1}", "R", "10k", {"1": f"SUPPLY_EN_{n}", "2": "GND"}, "pull-down: supply off from reset")
    s.add(f"R{b+2}", "R", "100", {"1": f"SUPPLY_EN_{n}", "2": "QS_G"}, "gate resistor")
    s.add(f"Q{b+1}", "NMOS", "AO3400A", {"G": "QS_G", "D": "QN_D", "S": "GND"}, "level shift to the P-MOSFET")
    s.add(f"R{b+3}", "R", "10k", {"1": "+12V", "2": "QP_G"}, "P-MOSFET off by default")
    s.add(f"R{b+4}", "R", "4k7", {"1": "QP_G", "2": "QN_D"}, "limits V_GS to -8.2 V")
    s.add(f"Q{b+2}", "PMOS", "AO3401A", {"S": "+12V", "G": "QP_G", "D": "VIN_CH"}, "primary-side charger supply switch")
    s.add(f"C{b+1}", "C", "10u", {"1": "VIN_CH", "2": "GND"}, "converter input, 25 V")
    s.add(f"R{b+5}", "R", "10k", {"1": f"RELAY_{n}", "2": "GND"}, "pull-down: relay open from reset")
    s.add(f"R{b+6}", "R", "100", {"1": f"RELAY_{n}", "2": "QR_G"}, "gate resistor")
    s.add(f"Q{b+3}", "NMOS", "AO3400A", {"G": "QR_G", "D": "COIL_N", "S": "GND"}, "relay coil driver")
    s.add(f"D{b+1}", "D", "1N4148W", {"1": "COIL_N", "2": "COIL_5V"}, "coil flyback")
    s.add(f"R{b+7}", "R", "10k", {"1": "+3V3", "2": f"NTC_CELL_{n}"}, "cell NTC pull-up, 1 %")
    s.add(f"C{b+2}", "C", "100n", {"1": f"NTC_CELL_{n}", "2": "GND"}, "ADC filter")
    s.add(f"J{b+2}", "Conn_2", "NTC", {"1": f"NTC_CELL_{n}", "2": "GND"}, "to the insulated 10k B3950 bead on the group")

    # Isolated charger supply and TP4056.
    s.add(f"U{b+1}", "DCDC_ISO_6W", "TEN 8-1211", {"+VIN": "VIN_CH", "-VIN": "GND", "+VOUT": "VCHG", "-VOUT": "GND_ISO"},
          "Traco 8 W, 9-18 V in, 5 V 1.5 A out, 1500 V DC isolation")
    s.add(f"C{b+3}", "C", "10u", {"1": "VCHG", "2": "GND_ISO"}, "TP4056 input, 10 V X5R")
    s.add(f"U{b+2}", "TP4056", "TP4056", {"4": "VCHG", "8": "VCHG", "2": "PROG", "1": "GND_ISO", "5": "BAT",
                                          "3": "GND_ISO", "9": "GND_ISO"}, "linear Li-ion charger, 1 A")
    s.add(f"R{b+8}", "R", "1k2", {"1": "PROG", "2": "GND_ISO"}, "R_PROG: I = 1200 / 1.2 k = 1 A")
    s.add(f"C{b+4}", "C", "10u", {"1": "BAT", "2": "GND_ISO"}, "BAT capacitor")

    # Relay: both poles in series in the charge path; coil on the controller side.
    s.add(f"K{b+1}", "Relay_DPDT", "G5V-2-DC5", {"1": "COIL_5V", "2": "COIL_N", "3": "BAT", "4": "K_MID",
                                                "6": "K_MID", "7": "SHUNT_HI"}, "Omron 5 V DPDT, poles in series")
    s.add(f"R{b+9}", "R", "0.1", {"1": "SHUNT_HI", "2": "SENSE"}, "shunt 0.1 Ohm 1 % 1 W 2512")

    # INA219 with its input network, on the isolated side.
    s.add(f"R{b+10}", "R", "10", {"1": "SHUNT_HI", "2": "INP"}, "input filter / surge limit, 1206")
    s.add(f"R{b+11}", "R", "10", {"1": "SENSE", "2": "INN"}, "input filter / surge limit, 1206")
    s.add(f"C{b+5}", "C", "100n", {"1": "INP", "2": "INN"}, "differential filter (TI SBOS448 8.4.1)")
    s.add(f"D{b+2}", "D_TVS", "SMAJ20A", {"1": "GND_ISO", "2": "INP"}, "clamps IN+ below 26 V")
    s.add(f"D{b+3}", "D_TVS", "SMAJ20A", {"1": "GND_ISO", "2": "INN"}, "clamps IN- below 26 V")
    s.add(f"D{b+4}", "D_Schottky", "BAT54", {"1": "GND_ISO", "2": "INP"}, "clamps IN+ above -0.3 V")
    s.add(f"D{b+5}", "D_Schottky", "BAT54", {"1": "GND_ISO", "2": "INN"}, "clamps IN- above -0.3 V")
    s.add(f"U{b+3}", "INA219", "INA219AIDCNR", {"1": "INP", "2": "INN", "3": "GND_ISO", "4": "V33_ISO",
                                                 "6": "SDA_ISO", "5": "SCL_ISO",
                                                 "7": strap_net[ina["a0"]], "8": strap_net[ina["a1"]]},
          f"address {ina['address']}: A1 = {ina['a1']}, A0 = {ina['a0']}")
    s.add(f"C{b+6}", "C", "100n", {"1": "V33_ISO", "2": "GND_ISO"}, "INA219 decoupling")

    # I2C isolator.
    s.add(f"U{b+4}", "ISO1540", "ISO1540DR", {"1": "+3V3", "2": "I2C_SDA", "3": "I2C_SCL", "4": "GND",
                                               "8": "V33_ISO", "7": "SDA_ISO", "6": "SCL_ISO", "5": "GND_ISO"},
          "TI bidirectional I2C isolator, 2500 Vrms")
    s.add(f"C{b+7}", "C", "100n", {"1": "+3V3", "2": "GND"}, "ISO1540 side 1 decoupling")
    s.add(f"C{b+8}", "C", "100n", {"1": "V33_ISO", "2": "GND_ISO"}, "ISO1540 side 2 decoupling")
    s.add(f"R{b+12}", "R", "4k7", {"1": "V33_ISO", "2": "SDA_ISO"}, "I2C pull-up, isolated side")
    s.add(f"R{b+13}", "R", "4k7", {"1": "V33_ISO", "2": "SCL_ISO"}, "I2C pull-up, isolated side")

    # Always-on isolated measurement supply: the INA219 answers with the charger supply cut.
    s.add(f"U{b+5}", "DCDC_ISO_1W", "B0509S-1W", {"2": "+5V", "1": "GND", "4": "V9_ISO", "3": "GND_ISO"},
          "1 W 5 V -> 9 V isolated, 1000 V DC, min load 12 mA")
    s.add(f"R{b+14}", "R", "1k", {"1": "V9_ISO", "2": "GND_ISO"}, "minimum load, 9 mA, 0.25 W")
    s.add(f"C{b+9}", "C", "1u", {"1": "V9_ISO", "2": "GND_ISO"}, "25 V")
    s.add(f"U{b+6}", "LDO_5pin", "TLV70433DBV", {"1": "V9_ISO", "3": "V9_ISO", "2": "GND_ISO", "5": "V33_ISO"},
          "3.3 V 150 mA LDO, 24 V input")
    s.add(f"C{b+10}", "C", "1u", {"1": "V33_ISO", "2": "GND_ISO"}, "LDO output")

    # Clip protection: fuses, and back-to-back N-MOSFETs in the clip - lead that open on over-voltage or reversal.
    s.add(f"J{b+1}", "Conn_2", "CLIP", {"1": "CLIP_P", "2": "CLIP_N"}, "1 = clip + (red), 2 = clip - (black)")
    s.add(f"F{b+1}", "Fuse", "2A", {"1": "CLIP_P", "2": "SENSE"}, "fast 2 A, DC rated >= 125 V")
    s.add(f"F{b+2}", "Fuse", "2A", {"1": "CLIP_N", "2": "CLIPN_F"}, "fast 2 A, DC rated >= 125 V")
    s.add(f"Q{b+4}", "NMOS", "CSD19531Q5A", {"D": "CLIPN_F", "S": "PS", "G": "PG"}, "100 V; blocks over-voltage")
    s.add(f"Q{b+5}", "NMOS", "CSD19531Q5A", {"D": "GND_ISO", "S": "PS", "G": "PG"}, "100 V; blocks reversal")
    s.add(f"R{b+15}", "R", "47k", {"1": "V9_ISO", "2": "PG"}, "gate drive from the measurement supply")
    s.add(f"D{b+6}", "D_Zener", "BZT52C15", {"1": "PS", "2": "PG"}, "V_GS <= 15 V")
    s.add(f"R{b+16}", "R", "1M", {"1": "PG", "2": "PS"}, "gate off without drive")
    s.add(f"R{b+17}", "R", "100k", {"1": "SENSE", "2": "OV_Z"}, "over-voltage sense")
    s.add(f"D{b+7}", "D_Zener", "BZT52C18", {"1": "OV_B", "2": "OV_Z"}, "trips at 18-20 V")
    s.add(f"R{b+18}", "R", "10k", {"1": "OV_B", "2": "PS"}, "base pull-down")
    s.add(f"Q{b+6}", "NPN", "MMBT5551", {"B": "OV_B", "C": "PG", "E": "PS"}, "160 V NPN: over-voltage -> gates off")
    s.add(f"D{b+8}", "D", "1N4148W", {"1": "CLIPN_F", "2": "RV_K"},
          "reverse detector fed from the clip - lead itself, so it holds while the MOSFETs are off")
    s.add(f"R{b+19}", "R", "47k", {"1": "RV_K", "2": "RV_B"}, "reverse detector base; 63 mW at -54.6 V")
    s.add(f"R{b+20}", "R", "100k", {"1": "RV_B", "2": "SENSE"}, "base-emitter")
    s.add(f"D{b+9}", "D", "1N4148W", {"1": "PG", "2": "RV_C"}, "blocks collector reversal under over-voltage")
    s.add(f"Q{b+7}", "NPN", "MMBT5551", {"B": "RV_B", "C": "RV_C", "E": "SENSE"}, "reversed clip -> gates off")
    s.note(f"Channel {n}. Everything right of the isolators floats on GND_ISO, which the protection MOSFETs tie to"
           f" the clip - lead. INA219 at {ina['address']} (A1 = {ina['a1']}, A0 = {ina['a0']}).")
    s.note("Charge path: TP4056 BAT -> relay pole 1 -> relay pole 2 -> 0.1 Ohm shunt -> F+ -> clip +. The INA219 sits"
           " on the clip side of the relay, so it reads the group with the relay open.")
    return s


# ---------------------------------------------------------------- layout and writing
def label_len(net):
    """Room for a label beside its stub, mm: a 1.27 mm font is about 1.1 mm a character; a global label adds its flag."""
    if not net:
        return 0
    return max(len(net), 3) * 1.15 + (5.0 if is_global(net) else 2.5)


def snap(v):
    return round(v / G) * G


def layout(sheet, page_w):
    """Flow layout: parts in rows, each with room for its stubs and labels. Returns {ref: (x, y)}."""
    places = {}
    x0, y0 = 15.24, 30.48
    x, y, row_h = x0, y0, 0
    for ref, symbol, value, nets, _ in sheet.parts:
        pins = symbol_pins(symbol)
        left = max([label_len(nets.get(p[0], "")) for p in pins if p[4] < 0] + [0])
        right = max([label_len(nets.get(p[0], "")) for p in pins if p[4] > 0] + [0])
        xs = [p[2] for p in pins]
        ys = [p[3] for p in pins]
        w = (max(xs) - min(xs)) + 2 * 2.54 + left + right + 5
        h = (max(ys) - min(ys)) + 12.7
        if x + w > page_w - 15:
            x, y, row_h = x0, y + row_h, 0
        cx = snap(x + left + 2.54 - min(xs))
        cy = snap(y + 5.08 - min(ys))
        places[ref] = (cx, cy)
        x += w
        row_h = max(row_h, h)
    return places, y + row_h


def render(sheet, root=None, page=None):
    needed = sorted({p[1] for p in sheet.parts})
    page_w, paper = 420, "A3"
    places, bottom = layout(sheet, page_w)
    if bottom > 270:
        page_w, paper = 594, "A2"
        places, bottom = layout(sheet, page_w)
    body = []
    sheet_uuid = uid(sheet.file)
    for ref, symbol, value, nets, desc in sheet.parts:
        cx, cy = places[ref]
        su = uid(sheet.file, ref)
        props = [
            ("Reference", ref, 0, cx, cy - 3.81, False),
            ("Value", value, 1, cx, cy + 3.81, False),
            ("Footprint", "", 2, cx, cy, True),
            ("Datasheet", "", 3, cx, cy, True),
            ("Description", desc, 4, cx, cy, True),
        ]
        if SYMBOLS[symbol]["kind"] == "box":
            h = SYMBOLS[symbol]["h"]
            props[0] = ("Reference", ref, 0, cx, cy - h / 2 - 1.27, False)
            props[1] = ("Value", value, 1, cx, cy + h / 2 + 1.27, False)
        lines = [f'  (symbol (lib_id {q("balancer:" + symbol)}) (at {mm(cx)} {mm(cy)} 0) (unit 1)',
                 "    (in_bom yes) (on_board yes) (fields_autoplaced)",
                 f"    (uuid {su})"]
        for key, val, i, px, py, hide in props:
            h = " hide" if hide else ""
            lines.append(f'    (property {q(key)} {q(val)} (id {i}) (at {mm(px)} {mm(py)} 0)'
                         f' (effects (font (size 1.27 1.27)){h}))')
        for num, *_ in symbol_pins(symbol):
            lines.append(f"    (pin {q(num)} (uuid {uid(sheet.file, ref, 'pin', num)}))")
        lines.append("  )")
        body.append("\n".join(lines))
        for num, pname, px, py, dx, dy in symbol_pins(symbol):
            ax, ay = cx + px, cy + py
            net = nets.get(num)
            if net is None:
                body.append(f"  (no_connect (at {mm(ax)} {mm(ay)}) (uuid {uid(sheet.file, ref, 'nc', num)}))")
                continue
            bx, by = ax + dx * 2.54, ay + dy * 2.54
            body.append(f"  (wire (pts (xy {mm(ax)} {mm(ay)}) (xy {mm(bx)} {mm(by)})) {stroke(0)}"
                        f" (uuid {uid(sheet.file, ref, 'w', num)}))")
            angle = 180 if dx < 0 else 0
            justify = "right" if dx < 0 else "left"
            if is_global(net):
                body.append(f"  (global_label {q(net)} (shape passive) (at {mm(bx)} {mm(by)} {angle})"
                            f" (fields_autoplaced) (effects (font (size 1.27 1.27)) (justify {justify}))"
                            f" (uuid {uid(sheet.file, ref, 'l', num)}))")
            else:
                body.append(f"  (label {q(net)} (at {mm(bx)} {mm(by)} {angle})"
                            f" (effects (font (size 1.27 1.27)) (justify {justify} bottom))"
                            f" (uuid {uid(sheet.file, ref, 'l', num)}))")
    ny = bottom + 5.08
    for i, text in enumerate(sheet.notes):
        body.append(f"  (text {q(text)} (at 15.24 {mm(snap(ny + 5.08 * i))} 0)"
                    f" (effects (font (size 1.524 1.524)) (justify left bottom)))")
    body.append(f"  (text {q(sheet.title)} (at 15.24 17.78 0) (effects (font (size 2.54 2.54) bold) (justify left bottom)))")
    if root is not None:
        # hierarchical sheet symbols, below everything else
        sy = snap(ny + 5.08 * len(sheet.notes) + 10.16)
        for i, child in enumerate(root):
            sx = 15.24 + i * 60.96
            cu = uid("sheet", child.file)
            body.append(
                f"  (sheet (at {mm(sx)} {mm(sy)}) (size 50.8 15.24) (fields_autoplaced)\n"
                f"    (stroke (width 0.1524) (type solid) (color 0 0 0 0)) (fill (color 0 0 0 0.0000))\n"
                f"    (uuid {cu})\n"
                f"    (property \"Sheet name\" {q(child.name)} (id 0) (at {mm(sx)} {mm(sy - 0.71)} 0)"
                f" (effects (font (size 1.27 1.27)) (justify left bottom)))\n"
                f"    (property \"Sheet file\" {q(child.file)} (id 1) (at {mm(sx)} {mm(sy + 15.83)} 0)"
                f" (effects (font (size 1.27 1.27)) (justify left top)))\n  )")
        if bottom > 270 or sy + 20 > 290:
            paper = "A2" if page_w <= 594 else paper
    head = [
        "(kicad_sch (version 20211123) (generator eeschema)",
        f"  (uuid {sheet_uuid})",
        f'  (paper "{paper}")',
        "  (title_block",
        f"    (title {q(sheet.title)})",
        '    (rev "1")',
        '    (company "BalancerFirmware — open hardware, MIT")',
        '    (comment 1 "Generated by schematics/generate.py from hardware/pins.json; checked by tests/Balancer.Surface.Tests/Hardware")',
        "  )",
        "  (lib_symbols",
    ]
    head += [lib_symbol(n) for n in needed]
    head.append("  )")
    tail = []
    if root is not None:
        tail.append("  (sheet_instances")
        tail.append('    (path "/" (page "1"))')
        for i, child in enumerate(root):
            tail.append(f'    (path "/{uid("sheet", child.file)}" (page "{i + 2}"))')
        tail.append("  )")
        tail.append("  (symbol_instances")
        for sh, prefix in [(sheet, "")] + [(c, "/" + uid("sheet", c.file)) for c in root]:
            for ref, symbol, value, nets, desc in sh.parts:
                tail.append(f'    (path "{prefix}/{uid(sh.file, ref)}" (reference {q(ref)}) (unit 1)'
                            f' (value {q(value)}) (footprint ""))')
        tail.append("  )")
    return "\n".join(head + body + tail) + "\n)\n"


def main():
    root = root_sheet()
    channels = [channel_sheet(n) for n in range(PINS["channelCount"])]
    for ch in channels:
        with open(os.path.join(HERE, ch.file), "w", encoding="utf-8") as f:
            f.write(render(ch))
    with open(os.path.join(HERE, root.file), "w", encoding="utf-8") as f:
        f.write(render(root, channels))
    # The same symbols as a project library, so ERC finds the library the embedded symbols name.
    with open(os.path.join(HERE, "balancer.kicad_sym"), "w", encoding="utf-8") as f:
        f.write("(kicad_symbol_lib (version 20211014) (generator kicad_symbol_editor)\n")
        for name in sorted(SYMBOLS):
            f.write(lib_symbol(name).replace(q("balancer:" + name), q(name), 1) + "\n")
        f.write(")\n")
    with open(os.path.join(HERE, "sym-lib-table"), "w", encoding="utf-8") as f:
        f.write('(sym_lib_table\n  (lib (name "balancer")(type "KiCad")(uri "${KIPRJMOD}/balancer.kicad_sym")'
                '(options "")(descr "BalancerFirmware reference board symbols"))\n)\n')
    project = {"meta": {"filename": "balancer.kicad_pro", "version": 1},
               "sheets": [[uid(root.file), ""]] + [[uid("sheet", c.file), c.name] for c in channels]}
    with open(os.path.join(HERE, "balancer.kicad_pro"), "w", encoding="utf-8") as f:
        json.dump(project, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
