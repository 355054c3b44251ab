using Microsoft.Extensions.Options;
using TokenJourney.Orders.Endpoints;
using TokenJourney.Orders.Events;
using TokenJourney.Orders.Inventory;
using TokenJourney.Orders.Outbox;
using TokenJourney.Orders.Placement;
using TokenJourney.Orders.Reservations;
using TokenJourney.Orders.TokenExchange;
using TokenJourney.Orders.Webhooks;

namespace TokenJourney.Orders;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>Token exchange, Inventory's client, the outbox publisher and its watchdog, webhooks and the live stream, options validated at start.</summary>
    public static IHostApplicationBuilder AddOrdersServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache(o => o.SizeLimit = 100_000);

        services.AddOptions<ExchangeClientOptions>().BindConfiguration("Identity").ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<TokenExchanger>();

        services.AddOptions<InventoryTokenOptions>().BindConfiguration(InventoryTokenOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<InventoryTokens>();
        services.AddHttpClient<InventoryClient>(http => http.BaseAddress = new Uri(builder.Configuration["Orders:InventoryUrl"] ?? "http://inventory"));
        // Reservations are holds until confirmed: Orders confirms what it committed, on its own account.
        services.AddHttpClient(ServiceToken.HttpClientName);
        services.AddSingleton<ServiceToken>();
        services.AddSingleton<ConfirmationSignal>();
        services.AddHostedService<ReservationConfirmer>();

        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<CallbackAllowList>();
        services.AddSingleton<WebhookSignal>();
        services.AddHostedService<WebhookDeliverer>();
        // Callbacks go to customers' hosts: no retries behind our back (each attempt is recorded), no redirects, no discovery,
        // and the address connected to is checked at connect time (CallbackConnector).
#pragma warning disable EXTEXP0001 // Experimental, but the only way to opt one client out of ServiceDefaults' resilience handler.
        services.AddHttpClient(WebhookDeliverer.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = CallbackConnector.System.ConnectAsync,
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxWriter>();
        services.AddHostedService<OutboxPublisher>();
        services.AddOptions<OutboxWatchdogOptions>().BindConfiguration(OutboxWatchdogOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxWatchdogOptions>, OutboxWatchdogOptionsValidator>();
        services.AddSingleton<OutboxProgress>();
        services.AddSingleton<IServiceExit, HostServiceExit>();
        services.AddHostedService<OutboxWatchdog>();
        // A liveness check (/alive): a wedged outbox is a reason to restart Orders.
        services.AddHealthChecks().AddCheck<OutboxLivenessCheck>(OutboxLivenessCheck.Name, tags: [Extensions.LiveTag]);

        services.AddSingleton<OrderEventStream>();
        services.AddScoped<OrderPlacement>();
        return builder;
    }
}
