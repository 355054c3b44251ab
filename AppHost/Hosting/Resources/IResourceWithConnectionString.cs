namespace TokenJourney.AppHost.Hosting.Resources;

/// <summary>A resource others reach through <c>ConnectionStrings__{name}</c>, Aspire's contract.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }
    string ConnectionString { get; }
}
