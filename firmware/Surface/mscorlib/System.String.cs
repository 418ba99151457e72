// API surface: nanoFramework.CoreLibrary 1.17.11, assembly mscorlib.
// Declarations typed from nanoframework/CoreLibrary (tag v1.17.11): System/String.cs, System/Array.cs.
// Note what is absent: string.Format has only the (string, params object[]) overload; there is no
// IFormatProvider overload, no string.Join, no StringComparison.

using System.Collections;
using System.Runtime.CompilerServices;

namespace System
{
    // No GetHashCode override: the native CLR_RT_HeapBlock::GetHashCode hashes a string's content.
#pragma warning disable CS0659, CS0661
    public sealed class String : IComparable, IEnumerable
    {
        public static readonly string Empty = "";
        public String(char[] value, int startIndex, int length) { }
        public String(char[] value) { }
        public String(char c, int count) { }
        public IEnumerator GetEnumerator() => throw null;
        public override bool Equals(object obj) => throw null;
        public static bool Equals(string a, string b) => throw null;
        public static bool operator ==(string a, string b) => throw null;
        public static bool operator !=(string a, string b) => throw null;
        [IndexerName("Chars")]
        public char this[int index] => throw null;
        public char[] ToCharArray() => throw null;
        public char[] ToCharArray(int startIndex, int length) => throw null;
        public int Length => throw null;
        public string[] Split(params char[] separator) => throw null;
        public string[] Split(char[] separator, int count) => throw null;
        public string Substring(int startIndex) => throw null;
        public string Substring(int startIndex, int length) => throw null;
        public string Trim(params char[] trimChars) => throw null;
        public string TrimStart(params char[] trimChars) => throw null;
        public string TrimEnd(params char[] trimChars) => throw null;
        public static int Compare(string strA, string strB) => throw null;
        public int CompareTo(object value) => throw null;
        public int CompareTo(string strB) => throw null;
        public int IndexOf(char value) => throw null;
        public int IndexOf(char value, int startIndex) => throw null;
        public int IndexOf(string value) => throw null;
        public int IndexOf(string value, int startIndex) => throw null;
        public int LastIndexOf(char value) => throw null;
        public string ToLower() => throw null;
        public string ToUpper() => throw null;
        public override string ToString() => throw null;
        public string Trim() => throw null;
        public static string Concat(object arg0) => throw null;
        public static string Concat(object arg0, object arg1) => throw null;
        public static string Concat(object arg0, object arg1, object arg2) => throw null;
        public static string Concat(params object[] args) => throw null;
        public static string Concat(string str0, string str1) => throw null;
        public static string Concat(string str0, string str1, string str2) => throw null;
        public static string Concat(string str0, string str1, string str2, string str3) => throw null;
        public static string Concat(params string[] values) => throw null;
        public static string Format(string format, params object[] args) => throw null;
        public string PadLeft(int totalWidth, char paddingChar = ' ') => throw null;
        public string PadRight(int totalWidth, char paddingChar = ' ') => throw null;
        public static bool IsNullOrEmpty(string value) => throw null;
        public bool Contains(string value) => throw null;
        public bool StartsWith(string value) => throw null;
        public bool EndsWith(string value) => throw null;
    }
#pragma warning restore CS0659, CS0661

    public abstract class Array : ICloneable, IList
    {
        public static void Copy(Array sourceArray, Array destinationArray, int length) => throw null;
        public static void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length) => throw null;
        public static void Clear(Array array, int index, int length) => throw null;
        public object GetValue(int index) => throw null;
        public int Length => throw null;
        public object SyncRoot => throw null;
        public bool IsReadOnly => throw null;
        public bool IsFixedSize => throw null;
        public bool IsSynchronized => throw null;
        public object Clone() => throw null;
        public void CopyTo(Array array, int index) => throw null;
        public IEnumerator GetEnumerator() => throw null;
        public static int IndexOf(Array array, object value) => throw null;
        public static int IndexOf(Array array, object value, int startIndex) => throw null;
        public static int IndexOf(Array array, object value, int startIndex, int count) => throw null;
        int ICollection.Count => throw null;
        object IList.this[int index] { get => throw null; set => throw null; }
        int IList.Add(object value) => throw null;
        void IList.Clear() => throw null;
        bool IList.Contains(object value) => throw null;
        int IList.IndexOf(object value) => throw null;
        void IList.Insert(int index, object value) => throw null;
        void IList.Remove(object value) => throw null;
        void IList.RemoveAt(int index) => throw null;
    }
}
