namespace CellOps.Tests.PowerShell;

/// <summary>One engine per test class: importing the module is the slow part.</summary>
public sealed class PowerShellSessionFixture : IDisposable
{
    public PowerShellSession Session { get; } = new();

    public void Dispose() => Session.Dispose();
}
