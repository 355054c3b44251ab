using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace TokenJourney.Contracts.Messaging;

/// <summary>
/// What publishers and consumers of these contracts must agree on: raw JSON bodies (the body is the message alone,
/// so the token stays a transport header and never lands in a body), durable queues and persistent messages
/// (MassTransit's defaults) and publisher confirms; and what a service needs to come back after the broker is killed
/// (<see cref="AddTokenJourneyBusTimeouts"/>, <see cref="DeadSocketTolerantTcpClient"/>).
/// </summary>
public static class RabbitMqConventions
{
    /// <summary>After this, a stopping receive endpoint cancels the ConsumeContext of its in-flight deliveries.</summary>
    public static readonly TimeSpan ConsumerStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>After this, a stopping receive endpoint stops waiting for its in-flight deliveries (also bounds the bus's stop).</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Bounds how long a MassTransit receive endpoint waits for its in-flight deliveries when it stops its consumer, which
    /// it also does when the broker connection is lost (the "Consume Loop Exited" stop), before it reconnects.
    /// <para>
    /// Without a bound MassTransit 8.5 waits forever (ConsumerAgent waits for the dispatcher to have no active delivery,
    /// with the stop's token, which has no timeout unless <see cref="MassTransitHostOptions.StopTimeout"/> is set), and
    /// after a RabbitMQ SIGKILL one delivery can stay unfinished for good. The receive transport's reconnect loop only
    /// runs once that stop completes, so the endpoint never consumes again, and its health still reads Healthy because
    /// nothing faulted. That is what failed issue 5's SIGKILL test: Shipping logged "Channel Shutdown", "Consumer
    /// Stopping ... (Consume Loop Exited)", "Disconnected", then nothing until the test gave up; the orders' messages
    /// sat in its queue. Cancelling the consumers (<see cref="ConsumerStopTimeout"/>) did not release that delivery in
    /// the runs measured; <see cref="StopTimeout"/> does: "Consumer stop canceled", the consumer completes, the endpoint
    /// reconnects. The abandoned message was never acknowledged, so the broker delivers it again and the idempotent
    /// consumer handles it once.
    /// </para>
    /// </summary>
    public static IServiceCollection AddTokenJourneyBusTimeouts(this IServiceCollection services) =>
        services.Configure<MassTransitHostOptions>(options =>
        {
            options.ConsumerStopTimeout = ConsumerStopTimeout;
            options.StopTimeout = StopTimeout;
        });

    /// <param name="services">
    /// A service's container (MassTransit's bus registration context): its logger is told, once per connection, when a
    /// write found the connection dead. Optional for a bus outside a service, such as a test's or a benchmark's.
    /// </param>
    public static void UseTokenJourneyConventions(this IRabbitMqBusFactoryConfigurator rabbit, Uri amqpUri, IServiceProvider? services = null)
    {
        var logger = services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(RabbitMqConventions));
        rabbit.ConfigureHost(amqpUri, logger);
        // Not MassTransit's default (which adds CopyHeaders): with it, every header of a consumed message is copied onto
        // what its consumer publishes, so the token in an OrderPlaced header rode on in Shipping's OrderShipped to Orders'
        // queues, a token for audience shipping where nothing needs it. A header travels only where it is set.
        rabbit.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders, isDefault: true);
        rabbit.UseRawJsonDeserializer(RawSerializerOptions.AddTransportHeaders, isDefault: true);
    }

    private static void ConfigureHost(this IRabbitMqBusFactoryConfigurator rabbit, Uri uri, ILogger? logger)
    {
        var userInfo = uri.UserInfo.Split(':', 2);
        var virtualHost = uri.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";
        rabbit.Host(uri.Host, (ushort)(uri.IsDefaultPort || uri.Port < 0 ? 5672 : uri.Port), virtualHost, host =>
        {
            if (userInfo[0].Length > 0)
            {
                host.Username(Uri.UnescapeDataString(userInfo[0]));
                host.Password(userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "");
            }
            // A publish returns only once the broker has taken responsibility for the message.
            host.PublisherConfirmation = true;
            host.Heartbeat(TimeSpan.FromSeconds(10));
            // MassTransit hands us its ConnectionFactory before every connection it opens: the only place to choose the socket.
            host.OnRefreshConnectionFactory = factory =>
            {
                factory.SocketFactory = family => new DeadSocketTolerantTcpClient(family, logger);
                return Task.CompletedTask;
            };
        });
    }
}

/// <summary>
/// Works around a deadlock in RabbitMQ.Client 7.2.x (rabbitmq-dotnet-client issue #1930, fixed on its main branch by
/// "Close write-loop channel on crash to unblock publishers", in no 7.x release) that can leave a service unable to
/// reconnect after the broker is killed. Its trigger, a socket write failing ("Broken pipe") right after the SIGKILL,
/// happens in every run of issue 5's SIGKILL test; the hang itself needs the queue below to fill, which it can when
/// the outbox has a batch in flight.
/// <para>
/// The client queues outgoing commands in a bounded channel (128 of them; a publish, an ack, a heartbeat is one each)
/// that one write loop copies to the socket. When the broker dies, the first failed socket write ends that loop with an
/// exception but leaves the channel open, so once 128 more commands are queued (the outbox alone publishes up to 100 at
/// once, Shipping publishes and acks a whole prefetch), every later write waits for room forever unless its caller
/// cancels it: a publish waits holding the channel's publisher-confirm semaphore, a consumer's ack or publish never
/// returns. Meanwhile the read loop has seen the connection end and runs the shutdown handlers, which wait for
/// that semaphore and for the consumer callbacks, and only after them would it close the frame channel that would
/// release the writers. So the connection never finishes shutting down; MassTransit, whose connection handler may
/// never be called, keeps its cached connection, on which no channel can be opened: endpoints stay faulted, publishes
/// fail, nothing reconnects (what issue 5 first reported of Orders).
/// </para>
/// <para>
/// The fix keeps the write loop alive: once a write has failed, this socket's stream discards what it is given
/// instead of throwing (the connection is dead; nothing written to it could arrive) and shuts the socket down, so the
/// read loop ends too if it had not noticed yet. The frame channel keeps draining, nobody blocks, the shutdown runs to
/// the end, MassTransit sees the connection closed and opens a new one. Publisher confirms keep their meaning: a
/// discarded publish is never confirmed, it fails with the channel, and the outbox publishes it again.
/// </para>
/// </summary>
public sealed partial class DeadSocketTolerantTcpClient(AddressFamily family, ILogger? logger)
    : TcpClientAdapter(new Socket(family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
{
    public override NetworkStream GetStream() => new DeadSocketTolerantStream(Client, logger);

    private sealed partial class DeadSocketTolerantStream(Socket socket, ILogger? logger) : NetworkStream(socket, ownsSocket: false)
    {
        private int _dead;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Volatile.Read(ref _dead) != 0)
            {
                return;
            }
            try
            {
                await base.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                Dead(e);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Volatile.Read(ref _dead) != 0)
            {
                return;
            }
            try
            {
                base.Write(buffer);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                Dead(e);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        private void Dead(Exception e)
        {
            if (Interlocked.Exchange(ref _dead, 1) != 0)
            {
                return;
            }
            if (logger is not null)
            {
                LogDead(logger, e.GetType().Name, e.Message);
            }
            try
            {
                // A pending or later read returns end of stream, so the client's read loop ends the connection.
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception shutdown) when (shutdown is SocketException or ObjectDisposedException)
            {
                // Already closed: the read loop has its error already.
            }
        }

        [LoggerMessage(LogLevel.Warning, "RabbitMQ connection lost on write ({Error}: {Message}); later writes on it are discarded until the client closes it")]
        private static partial void LogDead(ILogger logger, string error, string message);
    }
}
