using TokenJourney.Inventory;
using TokenJourney.ServiceDefaults.Authentication;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeycloakJwtBearer(serviceName: "identity", realm: "tokenjourney");
builder.AddInventoryStorage();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<HoldOptions>().BindConfiguration(HoldOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddScoped<ReservationHolds>();
builder.Services.AddHostedService<HoldSweeper>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
await app.EnsureInventoryDatabaseAsync();
app.MapDefaultEndpoints();
app.MapReservations();
app.Run();
