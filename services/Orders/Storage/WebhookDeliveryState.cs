namespace TokenJourney.Orders.Storage;

public static class WebhookDeliveryState
{
    public const string Pending = "Pending";
    public const string Delivered = "Delivered";
    public const string Failed = "Failed";
}
