using Microsoft.EntityFrameworkCore;

namespace TokenJourney.Identity.Storage;

/// <summary>OpenIddict's applications, authorizations and tokens (refresh tokens, reference tokens, sessions' grants).</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options);
