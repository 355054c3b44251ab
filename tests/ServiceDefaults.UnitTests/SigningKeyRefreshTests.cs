using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>
/// A token whose key the service does not hold: checked again against keys fetched now. When they cannot be fetched the
/// answer is "cannot tell now" (<see cref="SigningKeysUnavailableException"/>), never a refusal for an unknown key, and
/// never an acceptance; when the provider answers, a key it does not publish is still unknown.
/// </summary>
public sealed class SigningKeyRefreshTests
{
    private readonly SigningIssuer _issuer = new();

    [Fact]
    public async Task A_token_whose_keys_cannot_be_fetched_is_neither_accepted_nor_refused_but_unverifiable_now()
    {
        var refresh = new SigningKeyRefresh(TimeProvider.System);
        var token = _issuer.Sign(SigningIssuer.Header(), SigningIssuer.Claims());
        // Nothing listens there: the provider is down.
        var options = BearerOptions($"http://127.0.0.1:{FreePort()}/realms/tokenjourney");

        // More attempts than the fetch burst: a failed fetch is never mistaken for "fetched, and the key is not there".
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var result = await refresh.RevalidateAsync(token, options, Handler(), CancellationToken.None);
            Assert.False(result.IsValid);
            Assert.IsType<SigningKeysUnavailableException>(result.Exception);
            Assert.Equal(TokenRejectionReason.KeysUnavailable, TokenRejectionReason.From(result.Exception));
        }
    }

    [Fact]
    public async Task A_token_whose_key_the_answering_provider_does_not_publish_is_refused_as_unknown_key_and_one_it_publishes_is_accepted()
    {
        using var provider = new OneKeyProvider(_issuer.Jwk());
        var refresh = new SigningKeyRefresh(TimeProvider.System);
        var options = BearerOptions(provider.Authority);

        // Signed with a key the provider never had, under a kid it does not publish.
        var unknownKid = SigningIssuer.Header();
        unknownKid["kid"] = "not-published";
        using var otherKey = RSA.Create(2048);
        var input = $"{SigningIssuer.Encode(unknownKid.ToJsonString())}.{SigningIssuer.Encode(ClaimsFrom(provider.Authority).ToJsonString())}";
        var forged = $"{input}.{Base64UrlEncoder.Encode(otherKey.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))}";
        var unknown = await refresh.RevalidateAsync(forged, options, Handler(), CancellationToken.None);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(unknown.Exception);
        Assert.Equal("unknown_key", TokenRejectionReason.From(unknown.Exception));

        var known = await refresh.RevalidateAsync(_issuer.Sign(SigningIssuer.Header(), ClaimsFrom(provider.Authority)), options, Handler(), CancellationToken.None);
        Assert.True(known.IsValid, known.Exception?.Message);
    }

    private static System.Text.Json.Nodes.JsonObject ClaimsFrom(string issuer)
    {
        var claims = SigningIssuer.Claims();
        claims["iss"] = issuer;
        return claims;
    }

    private static StrictJwtHandler Handler() => new(SigningIssuer.Options(), TimeProvider.System);

    private static JwtBearerOptions BearerOptions(string authority)
    {
        var options = new TokenValidationOptions { Authority = authority, Audience = SigningIssuer.Audience };
        var parameters = TokenValidationExtensions.CreateParameters(options);
        return new JwtBearerOptions
        {
            MetadataAddress = $"{authority}/.well-known/openid-configuration",
            RequireHttpsMetadata = false,
            TokenValidationParameters = parameters,
        };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A provider that answers discovery and publishes one key, on a free loopback port.</summary>
    private sealed class OneKeyProvider : IDisposable
    {
        private readonly HttpListener _listener = new();

        public OneKeyProvider(JsonWebKey key)
        {
            var origin = $"http://127.0.0.1:{FreePort()}/";
            Authority = $"{origin}realms/tokenjourney";
            _listener.Prefixes.Add(origin);
            _listener.Start();
            var jwks = SigningIssuer.Json(new { keys = new[] { new { kty = key.Kty, kid = key.Kid, use = key.Use, alg = key.Alg, n = key.N, e = key.E } } });
            var discovery = SigningIssuer.Json(new { issuer = Authority, jwks_uri = $"{Authority}/protocol/openid-connect/certs" });
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }
                    var body = Encoding.UTF8.GetBytes(context.Request.Url!.AbsolutePath.EndsWith("/certs", StringComparison.Ordinal) ? jwks : discovery);
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        public string Authority { get; }

        public void Dispose() => _listener.Close();
    }
}
