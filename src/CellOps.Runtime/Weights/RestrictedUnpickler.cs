using System.Buffers.Binary;
using System.Text;

namespace CellOps.Runtime.Weights;

/// <summary>
/// Reads the pickle of a <c>torch.save</c> zip file (data.pkl) without Python's object model: only the
/// opcodes <c>torch.save</c> writes are understood, only the globals <see cref="TorchPickleGlobals"/>
/// allows may be named, and "calling" one of them builds a plain description of a tensor or dict. No
/// code from the file runs and no type named by the file is constructed.
/// </summary>
internal sealed class RestrictedUnpickler
{
    // A state dict needs a few dozen values per tensor; far more is a hostile or broken file.
    private const int MaxValues = 4_000_000;

    private readonly byte[] data;
    private readonly string path;
    private readonly List<object?> stack = new();
    private readonly List<int> marks = new();
    private readonly Dictionary<long, object?> memo = new();
    private readonly Dictionary<string, StorageRef> storages = new(StringComparer.Ordinal);
    private int position;
    private int created;

    private RestrictedUnpickler(byte[] data, string path)
    {
        this.data = data;
        this.path = path;
    }

    /// <summary>Unpickles <paramref name="data"/>; <paramref name="path"/> names the file in refusals.</summary>
    /// <exception cref="UnsafeWeightFileException">The pickle names a global other than the tensor machinery.</exception>
    /// <exception cref="InvalidDataException">The pickle is damaged or uses an opcode torch.save does not write.</exception>
    public static object? Load(byte[] data, string path) => new RestrictedUnpickler(data, path).Run();

    private object? Run()
    {
        while (true)
        {
            int at = position;
            byte op = ReadByte();
            switch (op)
            {
                case 0x80: // PROTO
                    if (ReadByte() > 5) throw Damaged(at, "pickle protocol newer than 5");
                    break;
                case 0x95: // FRAME: a length hint only
                    Take(8);
                    break;
                case (byte)'}': Push(new PickleDict()); break; // EMPTY_DICT
                case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
                case (byte)')': Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case (byte)'(': marks.Add(stack.Count); break; // MARK
                case (byte)'X': Push(ReadString(checked((int)ReadUInt32()))); break; // BINUNICODE
                case 0x8c: Push(ReadString(ReadByte())); break; // SHORT_BINUNICODE
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break; // BININT
                case (byte)'K': Push((long)ReadByte()); break; // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
                case 0x8a: Push(ReadLong1(at)); break; // LONG1
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break; // BINFLOAT
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case (byte)'N': Push(null); break; // NONE
                case (byte)'t': Push(PopMark(at).ToArray()); break; // TUPLE
                case 0x85: Push(new[] { Pop(at) }); break; // TUPLE1
                case 0x86: { var b = Pop(at); var a = Pop(at); Push(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = Pop(at); var b = Pop(at); var a = Pop(at); Push(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'s': { var v = Pop(at); var k = Pop(at); DictAt(at).Set(k, v); break; } // SETITEM
                case (byte)'u': SetItems(at); break; // SETITEMS
                case (byte)'a': { var v = Pop(at); ListAt(at).Add(v); break; } // APPEND
                case (byte)'e': { var items = PopMark(at); ListAt(at).AddRange(items); break; } // APPENDS
                case (byte)'q': Memoize(ReadByte(), at); break; // BINPUT
                case (byte)'r': Memoize(ReadUInt32(), at); break; // LONG_BINPUT
                case 0x94: Memoize(memo.Count, at); break; // MEMOIZE
                case (byte)'h': Push(Recall(ReadByte(), at)); break; // BINGET
                case (byte)'j': Push(Recall(ReadUInt32(), at)); break; // LONG_BINGET
                case (byte)'c': // GLOBAL
                {
                    string module = ReadLine(at), name = ReadLine(at);
                    Push(TorchPickleGlobals.Resolve(module, name, path));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop(at) as string ?? throw Damaged(at, "STACK_GLOBAL without a name");
                    var module = Pop(at) as string ?? throw Damaged(at, "STACK_GLOBAL without a module");
                    Push(TorchPickleGlobals.Resolve(module, name, path));
                    break;
                }
                case (byte)'R': { var args = Pop(at); var callable = Pop(at); Push(Reduce(callable, args, at)); break; } // REDUCE
                case (byte)'b': Build(at); break; // BUILD
                case (byte)'Q': Push(PersistentStorage(Pop(at), at)); break; // BINPERSID
                case (byte)'.': // STOP
                    if (stack.Count != 1) throw Damaged(at, $"STOP with {stack.Count} values on the stack");
                    return stack[0];
                default:
                    throw new InvalidDataException(
                        $"its pickle uses the opcode {PickleOpcodes.Name(op)} at byte {at}, which torch.save does not write for a state dict; the file was refused");
            }
        }
    }

    private object Reduce(object? callable, object? args, int at)
    {
        if (callable is not PickleGlobal global) throw Damaged(at, $"REDUCE calls a {PickleDescription.Of(callable)}");
        if (args is not object?[] a) throw Damaged(at, $"REDUCE of {global} without an argument tuple");
        switch (global.Kind)
        {
            case PickleGlobalKind.OrderedDict when a.Length == 0:
                return new PickleDict();
            case PickleGlobalKind.RebuildTensor when a.Length is 6 or 7:
                return new TensorRef(
                    a[0] as StorageRef ?? throw Damaged(at, "a tensor without a storage"),
                    a[1] as long? ?? throw Damaged(at, "a tensor whose storage offset is not an integer"),
                    Integers(a[2], "size", at),
                    Integers(a[3], "stride", at));
            case PickleGlobalKind.RebuildParameter when a.Length == 3:
                return a[0] as TensorRef ?? throw Damaged(at, "a parameter without a tensor");
            default:
                throw Damaged(at, $"{global} called with {a.Length} arguments");
        }
    }

    private void Build(int at)
    {
        Pop(at); // the state: an OrderedDict's attributes, i.e. a state dict's _metadata (versions), not needed
        if (Top(at) is not PickleDict) throw Damaged(at, $"BUILD on a {PickleDescription.Of(Top(at))}");
    }

    private StorageRef PersistentStorage(object? pid, int at)
    {
        if (pid is not object?[] { Length: 5 } t || t[0] is not "storage" || t[1] is not PickleGlobal { Kind: PickleGlobalKind.Storage } type
            || t[2] is not string key || t[3] is not string || t[4] is not long numel)
            throw Damaged(at, "a persistent id that is not ('storage', type, key, location, size)");
        if (numel < 0 || key.Length == 0 || key.Length > 64 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw Damaged(at, $"a storage with key '{key}' and {numel} elements");
        var storage = new StorageRef(key, type.StorageType, type.Name, numel);
        if (storages.TryGetValue(key, out var seen))
        {
            if (seen != storage) throw Damaged(at, $"storage {key} described twice differently");
            return seen;
        }
        storages[key] = storage;
        return storage;
    }

    private long[] Integers(object? value, string what, int at)
    {
        if (value is not object?[] items || items.Length > 64) throw Damaged(at, $"a tensor {what} that is not a tuple of at most 64 integers");
        var result = new long[items.Length];
        for (int i = 0; i < items.Length; i++)
            result[i] = items[i] as long? ?? throw Damaged(at, $"a tensor {what} holding a {PickleDescription.Of(items[i])}");
        return result;
    }

    private void SetItems(int at)
    {
        var items = PopMark(at);
        if (items.Count % 2 != 0) throw Damaged(at, "SETITEMS with an odd number of values");
        var dict = DictAt(at);
        for (int i = 0; i < items.Count; i += 2) dict.Set(items[i], items[i + 1]);
    }

    private PickleDict DictAt(int at) => Top(at) as PickleDict ?? throw Damaged(at, $"SETITEM on a {PickleDescription.Of(Top(at))}");

    private List<object?> ListAt(int at) => Top(at) as List<object?> ?? throw Damaged(at, $"APPEND on a {PickleDescription.Of(Top(at))}");

    private void Memoize(long key, int at)
    {
        if (memo.Count >= MaxValues && !memo.ContainsKey(key)) throw new InvalidDataException($"its pickle remembers more than {MaxValues} values, far more than a state dict needs; the file was refused");
        memo[key] = Top(at);
    }

    private object? Recall(long key, int at) => memo.TryGetValue(key, out var value) ? value : throw Damaged(at, $"memo entry {key} read before it was written");

    private void Push(object? value)
    {
        if (++created > MaxValues) throw new InvalidDataException($"its pickle holds more than {MaxValues} values, far more than a state dict needs; the file was refused");
        stack.Add(value);
    }

    private object? Pop(int at)
    {
        int floor = marks.Count > 0 ? marks[^1] : 0;
        if (stack.Count <= floor) throw Damaged(at, "a value taken from an empty stack");
        var value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object? Top(int at) => stack.Count > 0 ? stack[^1] : throw Damaged(at, "an empty stack");

    private List<object?> PopMark(int at)
    {
        if (marks.Count == 0) throw Damaged(at, "no MARK");
        int mark = marks[^1];
        marks.RemoveAt(marks.Count - 1);
        var items = stack.GetRange(mark, stack.Count - mark);
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }

    private long ReadLong1(int at)
    {
        int n = ReadByte();
        if (n > 8) throw Damaged(at, $"an integer of {n} bytes");
        var bytes = Take(n);
        if (n == 0) return 0;
        long value = 0;
        for (int i = n - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        int unused = 64 - 8 * n;
        return unused == 0 ? value : (value << unused) >> unused; // sign-extend two's complement
    }

    private string ReadLine(int at)
    {
        int end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0 || end - position > 256) throw Damaged(at, "a GLOBAL name that does not end");
        string line = Encoding.UTF8.GetString(data, position, end - position);
        position = end + 1;
        return line;
    }

    private string ReadString(int length) => Encoding.UTF8.GetString(Take(length));

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    private byte ReadByte() => Take(1)[0];

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > data.Length - position)
            throw new InvalidDataException("its pickle ends in the middle of a value (truncated or damaged)");
        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    private static InvalidDataException Damaged(int at, string what) =>
        new($"its pickle is damaged or not a state dict: {what} (byte {at})");
}
