using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace TokenJourney.Contracts.Messaging.Workarounds;

/// <summary>
/// Workaround for RabbitMQ.Client issue #1930 (rabbitmq/rabbitmq-dotnet-client: a crashed write loop leaves its
/// bounded frame channel open, so writers block forever), fixed by pull request #1932, which 7.2.2 (the version
/// MassTransit.RabbitMQ 8.5.12 brings in) lacks.
/// <b>Remove when</b> the RabbitMQ.Client that MassTransit.RabbitMQ brings in contains #1932 and the broker-SIGKILL tests
/// (Ordering/BrokerCrashTests, Faults/FaultCampaignTests) pass without it.
/// <para>
/// The bug: the client queues outgoing frames (publishes, acks, heartbeats) in a channel of 128 that one write loop
/// copies to the socket. When the broker dies, the first failed socket write ends that loop but leaves the channel
/// open; once 128 more frames are queued (the outbox publishes up to 100 at once, Shipping acks a whole prefetch),
/// every later write waits forever, a publish holding the channel's publisher-confirm semaphore. The shutdown handlers
/// wait for that semaphore, so the connection never finishes closing and MassTransit never reconnects.
/// </para>
/// <para>
/// The workaround keeps the write loop alive: once a write has failed, this socket's stream discards what it is given
/// (the connection is dead; nothing written to it could arrive) and shuts the socket down, so the read loop ends too.
/// The shutdown runs to the end and MassTransit opens a new connection. Publisher confirms keep their meaning: a
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
