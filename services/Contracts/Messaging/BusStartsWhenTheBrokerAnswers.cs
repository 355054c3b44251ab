using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenJourney.Contracts.Messaging;

/// <summary>
/// Holds the bus's start until the broker answers, checked every 100 ms: a service can then start beside a broker
/// that is still booting and connect as soon as it answers. Without it, MassTransit's first connection fails and its
/// receive transports retry after 3 s, then 6, 12, up to 30 s (not configurable in 8.5), so a service started a second
/// before the broker answered would wait seconds more. The host's start does not wait for it (MassTransit starts the
/// bus in the background), and the bus's health check reads "not started" meanwhile. After
/// <see cref="MaximumWait"/> the bus starts anyway and MassTransit's own retries take over; a service that stops meanwhile
/// cancels the start.
/// </summary>
public sealed class BusStartsWhenTheBrokerAnswers(
    Func<CancellationToken, Task<bool>> brokerAnswers,
    string broker,
    IHostApplicationLifetime lifetime,
    ILogger<BusStartsWhenTheBrokerAnswers> logger) : IBusObserver
{
    public static readonly TimeSpan MaximumWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public async Task PreStart(IBus bus)
    {
        var waiting = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        deadline.CancelAfter(MaximumWait);
        var logged = false;
        try
        {
            while (!await brokerAnswers(deadline.Token))
            {
                if (!logged)
                {
                    logger.LogInformation("Waiting for the broker at {Broker} to answer before starting the bus", broker);
                    logged = true;
                }
                await Task.Delay(Interval, deadline.Token);
            }
            if (logged)
            {
                logger.LogInformation("The broker at {Broker} answered after {Seconds:0.0} s; starting the bus", broker, waiting.Elapsed.TotalSeconds);
            }
        }
        catch (OperationCanceledException) when (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.LogWarning("The broker at {Broker} did not answer within {Seconds} s; starting the bus, which retries on its own", broker, MaximumWait.TotalSeconds);
        }
    }

    public void PostCreate(IBus bus)
    {
    }

    public void CreateFaulted(Exception exception)
    {
    }

    public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;
    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;
    public Task PreStop(IBus bus) => Task.CompletedTask;
    public Task PostStop(IBus bus) => Task.CompletedTask;
    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}

public static class BusStartsWhenTheBrokerAnswersExtensions
{
    /// <param name="services">The service's container.</param>
    /// <param name="amqpUri">The broker (only its host and port are logged).</param>
    /// <param name="brokerAnswers">True once the broker answers its protocol (ServiceDefaults' AMQP handshake probe).</param>
    public static IServiceCollection AddBusStartWhenTheBrokerAnswers(this IServiceCollection services, Uri amqpUri, Func<CancellationToken, Task<bool>> brokerAnswers) =>
        services.AddBusObserver(provider => new BusStartsWhenTheBrokerAnswers(
            brokerAnswers,
            $"{amqpUri.Host}:{amqpUri.Port}",
            provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<ILogger<BusStartsWhenTheBrokerAnswers>>()));
}
