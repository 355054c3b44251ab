using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace TokenJourney.ServiceDefaults.Infrastructure;

public static class RabbitMqHealthCheckExtensions
{
    /// <summary>
    /// A readiness check for the broker named by <c>ConnectionStrings:{connectionName}</c> (an amqp:// URI).
    /// It opens the AMQP 0-9-1 handshake and expects the broker's Connection.Start frame, so it proves the
    /// broker speaks AMQP without logging in, independent of whatever client library the service uses.
    /// </summary>
    public static IHostApplicationBuilder AddRabbitMqHealthCheck(this IHostApplicationBuilder builder, string connectionName)
    {
        var uri = GetAmqpUri(builder.Configuration, connectionName);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName, _ => new RabbitMqHealthCheck(uri), HealthStatus.Unhealthy, ["ready"]));
        return builder;
    }

    public static Uri GetAmqpUri(IConfiguration configuration, string connectionName)
    {
        var value = configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri) ||
            (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} must be an amqp:// URI (for example amqp://guest:guest@127.0.0.1:5672). Run the system through AppHost or set ConnectionStrings__{connectionName}.");
        }
        return uri;
    }

    /// <summary>
    /// Whether the broker at <paramref name="uri"/> answers the AMQP 0-9-1 handshake with its Connection.Start frame,
    /// within 2 s, without logging in.
    /// </summary>
    public static async Task<AmqpAnswer> ProbeAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(uri.Host, uri.IsDefaultPort ? 5672 : uri.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(ProtocolHeader, timeout.Token);
            var frameType = new byte[1];
            var read = await stream.ReadAsync(frameType, timeout.Token);
            // Frame type 1 is a method frame: the broker's Connection.Start.
            return read == 1 && frameType[0] == 1 ? AmqpAnswer.Answered : AmqpAnswer.NotAmqp;
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return AmqpAnswer.Unreachable;
        }
    }

    /// <summary>True when the broker at <paramref name="uri"/> answers the AMQP handshake (<see cref="ProbeAsync"/>).</summary>
    public static async Task<bool> AnswersAsync(Uri uri, CancellationToken cancellationToken) =>
        await ProbeAsync(uri, cancellationToken) == AmqpAnswer.Answered;

    private static readonly byte[] ProtocolHeader = "AMQP\0\0\u0009\u0001"u8.ToArray();

    private sealed class RabbitMqHealthCheck(Uri uri) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await ProbeAsync(uri, cancellationToken) switch
            {
                AmqpAnswer.Answered => HealthCheckResult.Healthy(),
                AmqpAnswer.NotAmqp => HealthCheckResult.Unhealthy("The broker did not answer the AMQP handshake."),
                _ => HealthCheckResult.Unhealthy("The AMQP broker is unreachable."),
            };
    }
}

public enum AmqpAnswer
{
    Answered,
    NotAmqp,
    Unreachable,
}
