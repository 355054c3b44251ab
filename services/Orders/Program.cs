using TokenJourney.ServiceDefaults.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRabbitMqHealthCheck("messaging");

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
