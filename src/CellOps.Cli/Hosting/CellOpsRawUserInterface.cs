using System.Management.Automation.Host;

namespace CellOps.Cli.Hosting;

/// <summary>
/// Just enough of a console for the formatter: its width decides how tables are laid out. The host
/// writes a stream of lines, so the buffer operations that full-screen hosts support are refused.
/// </summary>
internal sealed class CellOpsRawUserInterface : PSHostRawUserInterface
{
    private readonly ConsoleEnvironment _console;

    public CellOpsRawUserInterface(ConsoleEnvironment console)
    {
        _console = console;
    }

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize
    {
        get => new(_console.Width, _console.Height);
        set => throw NotSupported(nameof(BufferSize));
    }

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; } = 25;

    public override bool KeyAvailable => _console.InputIsTerminal && Console.KeyAvailable;

    public override Size MaxPhysicalWindowSize => WindowSize;

    public override Size MaxWindowSize => WindowSize;

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize
    {
        get => new(_console.Width, _console.Height);
        set => throw NotSupported(nameof(WindowSize));
    }

    public override string WindowTitle { get; set; } = "cellops";

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw NotSupported(nameof(GetBufferContents));

    public override KeyInfo ReadKey(ReadKeyOptions options)
    {
        if (!_console.InputIsTerminal)
        {
            throw NotSupported("ReadKey with redirected input");
        }

        var intercept = (options & ReadKeyOptions.NoEcho) != 0;
        var key = Console.ReadKey(intercept);
        var state = ControlKeyStates.NumLockOn;
        if ((key.Modifiers & ConsoleModifiers.Shift) != 0) state |= ControlKeyStates.ShiftPressed;
        if ((key.Modifiers & ConsoleModifiers.Control) != 0) state |= ControlKeyStates.LeftCtrlPressed;
        if ((key.Modifiers & ConsoleModifiers.Alt) != 0) state |= ControlKeyStates.LeftAltPressed;
        return new KeyInfo((int)key.Key, key.KeyChar, state, keyDown: true);
    }

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
        throw NotSupported(nameof(ScrollBufferContents));

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) =>
        throw NotSupported(nameof(SetBufferContents));

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) =>
        throw NotSupported(nameof(SetBufferContents));

    private static NotSupportedException NotSupported(string what) =>
        new($"The cellops host writes a plain stream of lines and does not support {what}.");
}
