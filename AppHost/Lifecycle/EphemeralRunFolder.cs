using Microsoft.Extensions.Hosting;

namespace TokenJourney.AppHost.Lifecycle;

/// <summary>Deletes an ephemeral run's folder once AppHost and, with it, every resource has stopped.</summary>
internal sealed class EphemeralRunFolder(string directory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete();
        return Task.CompletedTask;
    }

    private void Delete()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is harmless; failing the exit over it is not.
        }
    }
}
