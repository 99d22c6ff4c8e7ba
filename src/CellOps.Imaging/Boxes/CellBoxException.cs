namespace CellOps.Imaging.Boxes;

/// <summary>An annotated box that cannot be used (a field missing or not a number, an empty box, a box outside its image).</summary>
public sealed class CellBoxException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="origin">Where the box was read, e.g. a CSV file's name.</param>
    /// <param name="row">The box's 1-based data row.</param>
    /// <param name="message">What is wrong, naming the file and row.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="box">The box, where it could be read.</param>
    public CellBoxException(string origin, int row, string message, CellBoxProblem problem = CellBoxProblem.Unreadable, CellBox? box = null)
        : base(message)
    {
        Problem = problem;
        Origin = origin;
        Row = row;
        Box = box;
    }

    /// <summary>What is wrong.</summary>
    public CellBoxProblem Problem { get; }

    /// <summary>Where the box was read.</summary>
    public string Origin { get; }

    /// <summary>The box's 1-based data row.</summary>
    public int Row { get; }

    /// <summary>The box, where its fields could be read.</summary>
    public CellBox? Box { get; }
}
