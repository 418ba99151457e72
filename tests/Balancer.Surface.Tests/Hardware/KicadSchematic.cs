// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Balancer.Surface.Tests.Hardware
{
    /// <summary>A node of KiCad's S-expression files: an atom (Text) or a list (Items, first item the keyword).</summary>
    internal sealed class SExpr
    {
        public string? Text { get; init; }

        public List<SExpr> Items { get; } = new();

        public string Keyword => Items.Count > 0 ? Items[0].Text ?? "" : "";

        public IEnumerable<SExpr> Children(string keyword) => Items.Where(i => i.Keyword == keyword);

        public SExpr? Child(string keyword) => Children(keyword).FirstOrDefault();

        public string Atom(int index) => Items[index].Text ?? throw new FormatException($"({Keyword}): item {index} is a list");

        public double Number(int index) => double.Parse(Atom(index), CultureInfo.InvariantCulture);

        public static SExpr Parse(string text)
        {
            var position = 0;
            SkipSpace(text, ref position);
            var result = ReadNode(text, ref position);
            return result;
        }

        private static SExpr ReadNode(string text, ref int position)
        {
            if (text[position] == '(')
            {
                position++;
                var list = new SExpr();
                while (true)
                {
                    SkipSpace(text, ref position);
                    if (text[position] == ')')
                    {
                        position++;
                        return list;
                    }

                    list.Items.Add(ReadNode(text, ref position));
                }
            }

            if (text[position] == '"')
            {
                var builder = new StringBuilder();
                position++;
                while (text[position] != '"')
                {
                    if (text[position] == '\\')
                    {
                        position++;
                    }

                    builder.Append(text[position++]);
                }

                position++;
                return new SExpr { Text = builder.ToString() };
            }

            var start = position;
            while (!char.IsWhiteSpace(text[position]) && text[position] != '(' && text[position] != ')')
            {
                position++;
            }

            return new SExpr { Text = text[start..position] };
        }

        private static void SkipSpace(string text, ref int position)
        {
            while (char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }
    }

    /// <summary>A pin of a placed symbol and the net it lands on.</summary>
    internal sealed record SchematicPin(string Sheet, string Reference, string LibId, string Value, string Number, string Name);

    /// <summary>
    /// The connectivity of a KiCad 6 schematic (the root file and every sheet it names), computed from the files as
    /// eeschema does for what this project uses: wires join their end points, pins and labels join whatever sits on
    /// the same point, local labels join by name within a sheet, global labels across sheets. Symbols must be placed
    /// unrotated and unmirrored (the generator does so; anything else is refused rather than guessed).
    /// </summary>
    internal sealed class KicadSchematic
    {
        private readonly Dictionary<SchematicPin, string> _netOfPin = new();
        private readonly HashSet<(string Sheet, string Reference, string Number)> _noConnects = new();

        public static string RootPath => Path.Combine(RepositoryLayout.Root, "schematics", "balancer.kicad_sch");

        public IReadOnlyDictionary<SchematicPin, string> NetOfPin => _netOfPin;

        public IEnumerable<string> Sheets => _netOfPin.Keys.Select(p => p.Sheet).Distinct();

        public static KicadSchematic Load(string rootPath) =>
            Load(rootPath, file => File.ReadAllText(Path.Combine(Path.GetDirectoryName(rootPath)!, file)));

        /// <summary>Loads with a file reader, so a test can change one file's text in memory.</summary>
        public static KicadSchematic Load(string rootPath, Func<string, string> readFile)
        {
            var schematic = new KicadSchematic();
            var union = new UnionFind();
            var rootFile = Path.GetFileName(rootPath);
            var files = new List<string> { rootFile };
            var rootTree = SExpr.Parse(readFile(rootFile));
            files.AddRange(rootTree.Children("sheet")
                .Select(s => s.Children("property").First(p => p.Atom(1) == "Sheet file").Atom(2)));
            var pins = new List<(SchematicPin Pin, string Node)>();
            foreach (var file in files)
            {
                var tree = file == rootFile ? rootTree : SExpr.Parse(readFile(file));
                schematic.ReadSheet(Path.GetFileNameWithoutExtension(file), file == rootFile, tree, union, pins);
            }

            foreach (var (pin, node) in pins)
            {
                schematic._netOfPin[pin] = union.NameOf(node);
            }

            return schematic;
        }

        /// <summary>Pins of the parts whose reference or value or library id matches, in one sheet or all.</summary>
        public IEnumerable<SchematicPin> Pins(Func<SchematicPin, bool> match) => _netOfPin.Keys.Where(match);

        public string NetOf(SchematicPin pin) => _netOfPin[pin];

        /// <summary>Every pin on a net.</summary>
        public IEnumerable<SchematicPin> OnNet(string net) => _netOfPin.Where(p => p.Value == net).Select(p => p.Key);

        public bool IsNoConnect(SchematicPin pin) => _noConnects.Contains((pin.Sheet, pin.Reference, pin.Number));

        private void ReadSheet(string sheet, bool isRoot, SExpr tree, UnionFind union, List<(SchematicPin, string)> pins)
        {
            // KiCad names a local net by its sheet path: "/NAME" on the root sheet, "/sheet/NAME" below it.
            var path = isRoot ? "/" : $"/{sheet}/";
            var library = tree.Child("lib_symbols")!.Children("symbol").ToDictionary(s => s.Atom(1));
            string Point(double x, double y) => $"{sheet}@{Math.Round(x, 2):0.00},{Math.Round(y, 2):0.00}";
            var noConnectPoints = tree.Children("no_connect").Select(n => Point(n.Child("at")!.Number(1), n.Child("at")!.Number(2))).ToHashSet();

            foreach (var wire in tree.Children("wire"))
            {
                var points = wire.Child("pts")!.Children("xy").ToList();
                union.Join(Point(points[0].Number(1), points[0].Number(2)), Point(points[1].Number(1), points[1].Number(2)));
            }

            foreach (var label in tree.Children("label"))
            {
                var at = label.Child("at")!;
                union.Join(Point(at.Number(1), at.Number(2)), $"{sheet}/{label.Atom(1)}", path + label.Atom(1));
            }

            foreach (var label in tree.Children("global_label"))
            {
                var at = label.Child("at")!;
                union.Join(Point(at.Number(1), at.Number(2)), $"global/{label.Atom(1)}", label.Atom(1));
            }

            foreach (var symbol in tree.Children("symbol"))
            {
                var libId = symbol.Child("lib_id")!.Atom(1);
                var at = symbol.Child("at")!;
                if (at.Items.Count > 3 && at.Number(3) != 0 || symbol.Child("mirror") != null)
                {
                    throw new NotSupportedException($"{sheet}: {libId} is rotated or mirrored; the reader handles only unrotated symbols");
                }

                var properties = symbol.Children("property").ToDictionary(p => p.Atom(1), p => p.Atom(2));
                var definition = library[libId];
                foreach (var pin in definition.Children("symbol").SelectMany(unit => unit.Children("pin")))
                {
                    var pinAt = pin.Child("at")!;
                    var point = Point(at.Number(1) + pinAt.Number(1), at.Number(2) - pinAt.Number(2));
                    var placed = new SchematicPin(sheet, properties["Reference"], libId, properties["Value"],
                        pin.Child("number")!.Atom(1), pin.Child("name")!.Atom(1));
                    union.Add(point);
                    pins.Add((placed, point));
                    if (noConnectPoints.Contains(point))
                    {
                        _noConnects.Add((sheet, placed.Reference, placed.Number));
                    }
                }
            }
        }

        /// <summary>Union-find over point and label keys; a set's name is its global label, else its local label.</summary>
        private sealed class UnionFind
        {
            private readonly Dictionary<string, string> _parent = new();
            private readonly Dictionary<string, string> _name = new();

            public void Add(string key)
            {
                if (!_parent.ContainsKey(key))
                {
                    _parent[key] = key;
                }
            }

            public void Join(string a, string b, string? name = null)
            {
                Add(a);
                Add(b);
                var ra = Find(a);
                var rb = Find(b);
                if (ra != rb)
                {
                    _parent[ra] = rb;
                    if (_name.TryGetValue(ra, out var moved) && !_name.ContainsKey(rb))
                    {
                        _name[rb] = moved;
                    }
                    else if (_name.TryGetValue(ra, out moved) && !moved.StartsWith('/'))
                    {
                        _name[rb] = moved;
                    }
                }

                if (name != null)
                {
                    var root = Find(b);
                    if (!_name.TryGetValue(root, out var existing) || existing.StartsWith('/'))
                    {
                        _name[root] = name;
                    }
                }
            }

            public string NameOf(string key)
            {
                var root = Find(key);
                return _name.TryGetValue(root, out var name) ? name : $"unnamed:{root}";
            }

            private string Find(string key)
            {
                while (_parent[key] != key)
                {
                    _parent[key] = _parent[_parent[key]];
                    key = _parent[key];
                }

                return key;
            }
        }
    }
}
