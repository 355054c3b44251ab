using TokenJourney.Storefront;
using TokenJourney.Storefront.Notifications;
using TokenJourney.Storefront.Orders;
using TokenJourney.Storefront.Pages;
using TokenJourney.Storefront.SignIn;
using TokenJourney.Storefront.Webhooks;

// The sample client app: signs users in (authorization code + PKCE), keeps their tokens server-side, places
// orders through the gateway, and resumes an order whose token expired in the queue when Orders calls back.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSignIn();
builder.AddStorefront();

var app = builder.Build();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapSignIn();
app.MapHomePage();
app.MapOrders();
app.MapNotifications();
app.MapWebhooks();
app.Run();
