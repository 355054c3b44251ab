using System.ComponentModel.DataAnnotations;

namespace TokenJourney.Inventory;

/// <summary>Bound from <c>Inventory:Holds</c>: how long a reservation may wait for its order's confirmation.</summary>
public sealed class HoldOptions : IValidatableObject
{
    public const string SectionName = "Inventory:Holds";

    /// <summary>
    /// A reservation not confirmed this long after it was made is released. Orders confirms within a second of the
    /// commit, or as soon as the identity provider and Inventory answer again after an outage; minutes leave room for
    /// both while a crashed placement gives its stock back the same day it took it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "Inventory:Holds:Window must be between 00:00:05 and 1.00:00:00.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often <see cref="HoldSweeper"/> looks for holds past the window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Inventory:Holds:SweepInterval must be between 00:00:01 and 01:00:00.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SweepInterval > Window)
        {
            yield return new ValidationResult(
                $"Inventory:Holds:SweepInterval ({SweepInterval}) must not be longer than Inventory:Holds:Window ({Window}).");
        }
    }
}
