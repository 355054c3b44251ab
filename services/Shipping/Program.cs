using TokenJourney.ServiceDefaults.Authentication;
using TokenJourney.Shipping;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeycloakJwtBearer(serviceName: "identity", realm: "tokenjourney");
builder.AddShippingStorage();
builder.AddShippingMessaging();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<ShipmentBook>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
await app.EnsureShippingDatabaseAsync();
app.MapDefaultEndpoints();
app.MapShipments();
app.Run();
