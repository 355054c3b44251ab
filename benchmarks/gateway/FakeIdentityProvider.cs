using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.Benchmarks.Gateway;

/// <summary>
/// Just enough IdP for the gateway's cache-hit path: discovery, JWKS and a token-exchange endpoint. Its cost is out of
/// the measurement, since after warm-up every request is served from the gateway's memo.
/// </summary>
internal static class FakeIdentityProvider
{
    public static async Task<(WebApplication App, string Authority)> StartAsync(int port)
    {
        var authority = $"http://127.0.0.1:{port}/realms/tokenjourney";
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "bench-key" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        jwk.Use = "sig";
        jwk.Alg = "RS256";

        var app = Hosts.Builder($"http://127.0.0.1:{port}").Build();
        app.MapGet("/realms/tokenjourney/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = authority,
            ["jwks_uri"] = $"{authority}/protocol/openid-connect/certs",
            ["token_endpoint"] = $"{authority}/protocol/openid-connect/token",
        }));
        app.MapGet("/realms/tokenjourney/protocol/openid-connect/certs", () => Results.Json(new
        {
            keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = jwk.Use, alg = jwk.Alg, n = jwk.N, e = jwk.E } },
        }));
        app.MapPost("/realms/tokenjourney/protocol/openid-connect/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var audience = form["audience"].ToString();
            var now = DateTime.UtcNow;
            var jwt = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = authority,
                Audience = audience,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(10),
                // Shaped like the built-in provider's access tokens (RFC 9068 type, Keycloak's payload typ), which the edge's strict rules expect.
                TokenType = "at+jwt",
                Claims = new Dictionary<string, object>
                {
                    ["typ"] = "Bearer",
                    ["sub"] = "bench-user",
                    ["sid"] = "bench-session",
                    ["jti"] = Guid.NewGuid().ToString(),
                    ["azp"] = "gateway",
                    ["scope"] = "orders:read orders:write",
                },
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = jwt, token_type = "Bearer", issued_token_type = "urn:ietf:params:oauth:token-type:access_token", expires_in = 600 });
        });
        await app.StartAsync();
        return (app, authority);
    }
}
