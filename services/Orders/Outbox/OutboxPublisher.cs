using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TokenJourney.Contracts;
using TokenJourney.Orders.Storage;
using TokenJourney.ServiceDefaults;

namespace TokenJourney.Orders.Outbox;

/// <summary>
/// Publishes committed outbox messages to RabbitMQ (publisher confirms: a publish returns once the broker holds the
/// message), then marks them sent and erases their token. A crash between the two publishes a message twice, which
/// the consumers tolerate; a broker outage only delays publication, since the message waits in SQLite. It tells
/// <see cref="OutboxProgress"/> how publishing goes, for <see cref="OutboxWatchdog"/>.
/// </summary>
public sealed partial class OutboxPublisher(
    IServiceScopeFactory scopes, IBus bus, IDataProtectionProvider dataProtection, OutboxSignal signal, OutboxProgress progress,
    TimeProvider time, ILogger<OutboxPublisher> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly IDataProtector _protector = dataProtection.CreateProtector(OutboxWriter.TokenPurpose);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool more;
            try
            {
                more = await PublishBatchAsync(stoppingToken);
                backoff = TimeSpan.Zero;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                LogPublishFailed(e is MessagePublishFailed ? e.Message : Describe(e), backoff.TotalMilliseconds);
                await Task.Delay(backoff, time, stoppingToken);
                continue;
            }
            if (!more)
            {
                await signal.WaitAsync(Poll, stoppingToken);
            }
        }
    }

    /// <returns>true when a full batch went out, so there may be more waiting.</returns>
    private async Task<bool> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
        var pending = await db.Outbox.Where(m => m.DispatchedAt == null).OrderBy(m => m.Sequence).Take(BatchSize).ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            progress.Idle();
            return false;
        }
        progress.Waiting();

        // Confirms are awaited concurrently; each message records its own outcome, the context is saved once after.
        // Stopping does not wait for them: a publish on a wedged client may ignore its cancellation, and the watchdog's
        // exit needs this loop to end. A message abandoned that way stays unsent and is published again.
        var outcomes = await Task.WhenAll(pending.Select(m => PublishAsync(m, cancellationToken))).WaitAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var (message, failure) in pending.Zip(outcomes))
        {
            message.PublishAttempts++;
            if (failure is null)
            {
                message.DispatchedAt = now;
                message.ProtectedToken = null;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        var failures = outcomes.OfType<string>().ToList();
        if (failures.Count > 0)
        {
            // One line per distinct cause rather than one per message.
            foreach (var cause in failures.GroupBy(f => f))
            {
                LogMessagesNotPublished(cause.Count(), pending.Count, cause.Key);
            }
            throw new MessagePublishFailed();
        }
        return pending.Count == BatchSize;
    }

    /// <returns>null once the broker confirmed the message, else why it was not published.</returns>
    private async Task<string?> PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(message.TraceParent, null, isRemote: true, out var parent);
        using var activity = TokenJourneyTelemetry.ActivitySource.StartActivity($"orders outbox publish {message.MessageType}", ActivityKind.Internal, parent);
        activity?.SetTag("order.id", message.OrderId.ToString());
        activity?.SetTag(TokenJourneyTelemetry.Tags.Strategy, "message");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var token = ReadToken(message);
            var body = message.MessageType switch
            {
                nameof(OrderPlaced) => JsonSerializer.Deserialize<OrderPlaced>(message.Body)!,
                _ => throw new InvalidOperationException($"Unknown outbox message type {message.MessageType}."),
            };
            timeout.CancelAfter(PublishTimeout);
            await bus.Publish(body, context =>
            {
                context.MessageId = message.MessageId;
                context.CorrelationId = message.OrderId;
                context.Durable = true;
                if (token is not null)
                {
                    context.Headers.Set(TokenHeaders.AccessToken, token);
                }
            }, timeout.Token);
            progress.Confirmed();
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            // The cause, not only that it failed: exception types and messages (MassTransit's and RabbitMQ.Client's name
            // the exchange and the channel state, never a header, so no token is logged).
            return e is OperationCanceledException && timeout.IsCancellationRequested
                ? $"not confirmed by the broker within {PublishTimeout.TotalSeconds:0} s"
                : Describe(e);
        }
    }

    /// <summary>
    /// A token that cannot be decrypted (Data Protection keys lost) is left out rather than blocking the outbox:
    /// Shipping then refuses the message as unauthorized and the customer is asked to re-authorize.
    /// </summary>
    private string? ReadToken(OutboxMessage message)
    {
        if (message.ProtectedToken is null)
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(message.ProtectedToken);
        }
        catch (CryptographicException)
        {
            LogUnreadableToken(message.OrderId);
            return null;
        }
    }

    /// <summary>"Type: message" of the exception and each inner one, without stack traces.</summary>
    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            parts.Add($"{current.GetType().FullName}: {current.Message}");
        }
        return string.Join(" ---> ", parts);
    }

    private sealed class MessagePublishFailed() : Exception("At least one outbox message was not confirmed by the broker.");

    [LoggerMessage(LogLevel.Warning, "Outbox publication failed: {Error}; retrying in {DelayMs} ms")]
    private partial void LogPublishFailed(string error, double delayMs);

    [LoggerMessage(LogLevel.Warning, "{Failed} of {Batch} outbox messages not published: {Cause}")]
    private partial void LogMessagesNotPublished(int failed, int batch, string cause);

    [LoggerMessage(LogLevel.Error, "The stored token of order {OrderId}'s outbox message cannot be decrypted (Data Protection keys lost?)")]
    private partial void LogUnreadableToken(Guid orderId);
}
