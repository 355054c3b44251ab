using TokenJourney.Storefront.Notifications;
using TokenJourney.Storefront.Orders;
using TokenJourney.Storefront.Pages;
using TokenJourney.Storefront.Webhooks;

namespace TokenJourney.Storefront;

public static class StorefrontExtensions
{
    /// <summary>Orders through the gateway, the webhook receiver, the live feed and the page's configuration.</summary>
    public static IHostApplicationBuilder AddStorefront(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JourneyViewLinkOptions>().BindConfiguration(JourneyViewLinkOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DashboardLinkOptions>().BindConfiguration(DashboardLinkOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.SectionName)
            .Validate(c => c.Items.Count > 0, "Catalog:Items must list at least one SKU the page can offer.")
            .ValidateOnStart();
        builder.Services.AddOptions<WebhookReceiverOptions>().BindConfiguration(WebhookReceiverOptions.SectionName)
            .Validate(w => string.IsNullOrEmpty(w.Secret) || IsBase64Key(w.Secret),
                "Webhooks:Secret must be a Standard Webhooks secret: whsec_ followed by base64.")
            .ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OrderBook>();
        builder.Services.AddSingleton<NotificationHub>();
        builder.Services.AddSingleton<RecentWebhookIds>();
        builder.Services.AddSingleton<Reauthorizer>();
        // "http://gateway" is resolved by service discovery from services__gateway__http__0, as under Aspire.
        builder.Services.AddHttpClient<OrdersClient>(http =>
            http.BaseAddress = new Uri(builder.Configuration["Gateway:BaseUrl"] ?? "http://gateway"));
        // A long-lived stream: no resilience pipeline (its timeouts would cut the stream), no client timeout.
#pragma warning disable EXTEXP0001 // Experimental, but the supported way to opt one client out of ServiceDefaults' resilience pipeline.
        builder.Services.AddHttpClient(OrderStreamRelay.HttpClientName, http =>
        {
            http.BaseAddress = new Uri(builder.Configuration["Gateway:BaseUrl"] ?? "http://gateway");
            http.Timeout = Timeout.InfiniteTimeSpan;
        }).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<OrderStreamRelay>();
        return builder;
    }

    private static bool IsBase64Key(string secret)
    {
        try
        {
            return StandardWebhookSignature.KeyFrom(secret).Length >= 16;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
