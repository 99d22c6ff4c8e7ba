using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Fields;

/// <summary>Where a field cut by <see cref="MicrographFields.Split"/> lies: a region of a micrograph
/// that is not itself a field (fields of fields are traced back to the first micrograph).</summary>
/// <param name="Parent">The micrograph the field was cut from, or that micrograph's own origin.</param>
/// <param name="Region">The field's rectangle in <paramref name="Parent"/>'s pixels.</param>
public sealed record FieldOrigin(Micrograph Parent, PixelRect Region);
