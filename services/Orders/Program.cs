using TokenJourney.Orders;
using TokenJourney.Orders.Endpoints;
using TokenJourney.Orders.Messaging;
using TokenJourney.Orders.Storage;
using TokenJourney.ServiceDefaults.Authentication;

// Orders: places orders (stock reserved at Inventory with an exchanged token), hands them to Shipping through a
// transactional outbox and RabbitMQ, and calls the customer back when a queued token expired before Shipping used it.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeycloakJwtBearer(serviceName: "identity", realm: "tokenjourney");
builder.AddOrdersStorage();
builder.AddOrdersMessaging();
builder.AddOrdersServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
await app.EnsureOrdersDatabaseAsync();
app.MapDefaultEndpoints();
app.MapOrders();
app.Run();
