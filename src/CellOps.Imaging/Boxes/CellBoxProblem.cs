namespace CellOps.Imaging.Boxes;

/// <summary>What is wrong with an annotated box.</summary>
public enum CellBoxProblem
{
    /// <summary>A field is missing or not a number.</summary>
    Unreadable,

    /// <summary>The box has no area (max not past min).</summary>
    Empty,

    /// <summary>The box does not lie inside its image.</summary>
    OutsideImage,

    /// <summary>No micrograph given is the box's image.</summary>
    ImageNotFound,
}
