// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Reflection;

namespace Balancer.DeviceCost
{
    /// <summary>
    /// Which of the objects the device code made are still held: those reachable from the roots (the objects the board
    /// layer keeps and the device types' static fields) through fields and array elements of objects the device code
    /// made. The walk does not go through objects the device code did not make (the emulators, the simulator's arrays).
    /// </summary>
    internal sealed class HeldObjects
    {
        private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        private const BindingFlags StaticFields = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

        private readonly Func<object, bool> _isCounted;
        private readonly HashSet<object> _held = new HashSet<object>(ReferenceEqualityComparer.Instance);
        private readonly List<object> _order = new List<object>();
        private readonly Stack<object> _pending = new Stack<object>();

        private HeldObjects(Func<object, bool> isCounted)
        {
            _isCounted = isCounted;
        }

        /// <summary>
        /// The counted objects (<paramref name="isCounted"/>) reachable from <paramref name="roots"/> and from the static
        /// fields of <paramref name="staticTypes"/>, each once, in the order found.
        /// </summary>
        public static List<object> Find(IEnumerable<object> roots, IEnumerable<Type> staticTypes, Func<object, bool> isCounted)
        {
            var walk = new HeldObjects(isCounted);
            foreach (var root in roots)
            {
                walk.VisitReference(root);
            }

            foreach (var type in staticTypes)
            {
                if (type.IsGenericTypeDefinition)
                {
                    continue;
                }

                foreach (var field in type.GetFields(StaticFields))
                {
                    if (!field.IsLiteral)
                    {
                        walk.VisitValue(field.GetValue(null), field.FieldType);
                    }
                }
            }

            while (walk._pending.Count > 0)
            {
                walk.VisitFields(walk._pending.Pop());
            }

            return walk._order;
        }

        private void VisitReference(object value)
        {
            if (value != null && !_held.Contains(value) && _isCounted(value))
            {
                _held.Add(value);
                _order.Add(value);
                _pending.Push(value);
            }
        }

        /// <summary>A slot of the declared type holding <paramref name="value"/>: a reference, or a struct whose fields are walked.</summary>
        private void VisitValue(object value, Type declared)
        {
            if (value == null || declared.IsPointer || declared.IsPrimitive || declared.IsEnum)
            {
                return;
            }

            if (declared.IsValueType)
            {
                // A boxed copy of the struct: its references are the original's.
                WalkFields(value, value.GetType());
                return;
            }

            VisitReference(value);
        }

        private void VisitFields(object value)
        {
            if (value is string)
            {
                return;
            }

            if (value is Array array)
            {
                var element = array.GetType().GetElementType();
                if (element.IsPrimitive || element.IsEnum || array.Rank != 1)
                {
                    return;
                }

                foreach (var item in array)
                {
                    VisitValue(item, element);
                }

                return;
            }

            WalkFields(value, value.GetType());
        }

        private void WalkFields(object value, Type type)
        {
            for (var current = type; current != null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
            {
                foreach (var field in current.GetFields(InstanceFields))
                {
                    VisitValue(field.GetValue(value), field.FieldType);
                }
            }
        }
    }
}
