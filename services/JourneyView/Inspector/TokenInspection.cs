namespace TokenJourney.JourneyView.Inspector;

public enum WarningLevel
{
    Info,
    Warning,
    Danger,
}

public sealed record InspectionWarning(WarningLevel Level, string Message);

public sealed record TimeClaim(string Claim, DateTimeOffset Value, string Relative);

/// <summary>What the inspector learned from a pasted token. It holds decoded claims, never the token itself.</summary>
public sealed record TokenInspection
{
    public string? Error { get; init; }
    public string HeaderJson { get; init; } = "";
    public string PayloadJson { get; init; } = "";
    public string? Algorithm { get; init; }
    public string? KeyId { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<TimeClaim> Times { get; init; } = [];
    public IReadOnlyList<InspectionWarning> Warnings { get; init; } = [];
    public SignatureCheck? Signature { get; init; }
    public bool IsValid => Error is null;
}

public enum SignatureOutcome
{
    NotChecked,
    Verified,
    Invalid,
    NoMatchingKey,
    Unsupported,
}

public sealed record SignatureCheck(SignatureOutcome Outcome, string Message);
