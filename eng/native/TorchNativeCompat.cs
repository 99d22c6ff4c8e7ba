// CellOps build step: makes TorchSharp's native library load on systems whose C++ runtime predates
// GCC 13 (Debian 12, Ubuntu 22.04). Compiled by MSBuild as an inline task (TorchNativeCompat.targets).
//
// libLibTorchSharp.so needs one symbol of version GLIBCXX_3.4.32, std::ios_base_library_init(). The
// build compiles a tiny library that defines it (ios_base_library_init.cpp) and this task edits the
// copy of libLibTorchSharp.so in the build output, in place and without moving a byte of its layout:
//   1. the symbol's version binding is cleared, so any definition satisfies it;
//   2. the GLIBCXX_3.4.32 requirement is marked weak, so the loader no longer refuses the library;
//   3. a NEEDED entry naming the shim is written into a spare slot of the dynamic section. Its name is
//      the symbol's own name, which the string table already holds, so no string has to be added;
//      the library's RUNPATH starts with $ORIGIN, so the shim is found beside it.
// Every step is checked before it is made, so running it again changes nothing. The file is written
// to a temporary copy and renamed over the original, so a half-patched library is never left behind
// and a hard link into the NuGet cache is never written through.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class TorchNativeCompat : Task
{
    private const string Symbol = "_ZSt21ios_base_library_initv";
    private const string Version = "GLIBCXX_3.4.32";

    private const uint ShtDynSym = 11;
    private const uint ShtDynamic = 6;
    private const uint ShtVerNeed = 0x6ffffffe;
    private const uint ShtVerSym = 0x6fffffff;
    private const long DtNull = 0;
    private const long DtNeeded = 1;
    private const ushort VerFlagWeak = 0x2;
    private const ushort VerIndexGlobal = 1;

    /// <summary>The copy of libLibTorchSharp.so in the build output.</summary>
    [Required]
    public string Library { get; set; } = "";

    /// <summary>Name of the shim file the NEEDED entry names (the symbol's name).</summary>
    [Output]
    public string ShimName { get; set; } = Symbol;

    /// <summary>True where the system's libstdc++ lacks the symbol version, so the step is needed.</summary>
    [Output]
    public bool Needed { get; set; }

    /// <summary>When true, only decides <see cref="Needed"/>; the library is not touched.</summary>
    public bool CheckOnly { get; set; }

    public override bool Execute()
    {
        Needed = !SystemRuntimeHasVersion();
        if (!Needed || CheckOnly) return true;
        try
        {
            byte[] image = File.ReadAllBytes(Library);
            var changes = Patch(image);
            if (changes.Count == 0)
            {
                Log.LogMessage(MessageImportance.Low, "{0}: already patched for GCC 12's libstdc++.", Library);
                return true;
            }
            string temp = Library + ".cellops-tmp";
            File.WriteAllBytes(temp, image);
            File.Replace(temp, Library, destinationBackupFileName: null);
            Log.LogMessage(MessageImportance.Normal, "{0}: {1}.", Library, string.Join("; ", changes));
            return true;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Log.LogError("CellOps could not adapt {0} to this system's C++ runtime: {1}", Library, ex.Message);
            return false;
        }
    }

    private static bool SystemRuntimeHasVersion()
    {
        string[] folders =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };
        byte[] needle = Encoding.ASCII.GetBytes(Version + "\0");
        foreach (var folder in folders)
        {
            string path = Path.Combine(folder, "libstdc++.so.6");
            if (!File.Exists(path)) continue;
            return IndexOf(File.ReadAllBytes(path), needle) >= 0;
        }
        // No system libstdc++ in the usual places: nothing to adapt to.
        return true;
    }

    private static List<string> Patch(byte[] image)
    {
        var elf = new Elf(image);
        var dynsym = elf.Section(ShtDynSym) ?? throw new InvalidDataException("no dynamic symbol table");
        var dynstr = elf.SectionAt((int)dynsym.Link);
        var versym = elf.Section(ShtVerSym) ?? throw new InvalidDataException("no symbol version table");
        var verneed = elf.Section(ShtVerNeed) ?? throw new InvalidDataException("no version requirements");
        var dynamic = elf.Section(ShtDynamic) ?? throw new InvalidDataException("no dynamic section");

        var changes = new List<string>();

        // Where the symbol is and which version index its reference carries.
        long symbolIndex = -1;
        uint symbolName = 0;
        long count = dynsym.Size / 24;
        for (long i = 1; i < count; i++)
        {
            long entry = dynsym.Offset + i * 24;
            uint name = elf.U32(entry);
            if (elf.String(dynstr.Offset + name) == Symbol)
            {
                symbolIndex = i;
                symbolName = name;
                break;
            }
        }
        if (symbolIndex < 0) return changes; // a TorchSharp build that does not need the symbol

        // 1 and 2: the version requirement.
        for (long vn = verneed.Offset; ;)
        {
            ushort auxCount = elf.U16(vn + 2);
            long aux = vn + elf.U32(vn + 8);
            for (int a = 0; a < auxCount; a++)
            {
                uint name = elf.U32(aux + 8);
                if (elf.String(dynstr.Offset + name) == Version)
                {
                    ushort index = (ushort)(elf.U16(aux + 6) & 0x7fff);
                    long versymEntry = versym.Offset + symbolIndex * 2;
                    if ((elf.U16(versymEntry) & 0x7fff) == index)
                    {
                        elf.W16(versymEntry, VerIndexGlobal);
                        changes.Add($"cleared the {Version} binding of {Symbol}");
                    }
                    ushort flags = elf.U16(aux + 4);
                    if ((flags & VerFlagWeak) == 0)
                    {
                        elf.W16(aux + 4, (ushort)(flags | VerFlagWeak));
                        changes.Add($"marked {Version} weak");
                    }
                }
                uint nextAux = elf.U32(aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = elf.U32(vn + 12);
            if (next == 0) break;
            vn += next;
        }

        // 3: the NEEDED entry, in the first spare slot, keeping a terminating DT_NULL after it.
        long slots = dynamic.Size / 16;
        long firstNull = -1;
        for (long i = 0; i < slots; i++)
        {
            long entry = dynamic.Offset + i * 16;
            long tag = elf.I64(entry);
            if (tag == DtNeeded && elf.U64(entry + 8) == symbolName) return changes;
            if (tag == DtNull)
            {
                firstNull = i;
                break;
            }
        }
        if (firstNull < 0 || firstNull + 1 >= slots)
            throw new InvalidDataException("its dynamic section has no spare slot for the C++ runtime shim");
        long slot = dynamic.Offset + firstNull * 16;
        elf.W64(slot, DtNeeded);
        elf.W64(slot + 8, symbolName);
        changes.Add($"added NEEDED {Symbol} (the shim)");
        return changes;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack[i] != needle[0]) continue;
            int j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    private sealed class SectionHeader
    {
        public SectionHeader(uint type, long offset, long size, uint link)
        {
            Type = type;
            Offset = offset;
            Size = size;
            Link = link;
        }

        public uint Type { get; }
        public long Offset { get; }
        public long Size { get; }
        public uint Link { get; }
    }

    /// <summary>Just enough of a 64-bit little-endian ELF reader and writer.</summary>
    private sealed class Elf
    {
        private readonly byte[] _image;
        private readonly List<SectionHeader> _sections = new();

        public Elf(byte[] image)
        {
            _image = image;
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (image[4] != 2 || image[5] != 1) throw new InvalidDataException("not a 64-bit little-endian ELF file");
            long shoff = I64(0x28);
            ushort shentsize = U16(0x3a);
            ushort shnum = U16(0x3c);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                if (h + 64 > image.Length) throw new InvalidDataException("truncated section headers");
                _sections.Add(new SectionHeader(U32(h + 4), I64(h + 0x18), I64(h + 0x20), U32(h + 0x28)));
            }
        }

        public SectionHeader? Section(uint type) => _sections.Find(s => s.Type == type);

        public SectionHeader SectionAt(int index) =>
            index > 0 && index < _sections.Count ? _sections[index] : throw new InvalidDataException("bad section link");

        public ushort U16(long at) => BitConverter.ToUInt16(_image, checked((int)at));
        public uint U32(long at) => BitConverter.ToUInt32(_image, checked((int)at));
        public long I64(long at) => BitConverter.ToInt64(_image, checked((int)at));
        public ulong U64(long at) => BitConverter.ToUInt64(_image, checked((int)at));
        public void W16(long at, ushort value) => BitConverter.GetBytes(value).CopyTo(_image, checked((int)at));
        public void W64(long at, long value) => BitConverter.GetBytes(value).CopyTo(_image, checked((int)at));

        public string String(long at)
        {
            int start = checked((int)at);
            int end = start;
            while (end < _image.Length && _image[end] != 0) end++;
            return Encoding.ASCII.GetString(_image, start, end - start);
        }
    }
}
