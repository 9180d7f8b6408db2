using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskConsole.Web.Data;
using TaskConsole.Web.Options;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web.TwilioApi;

/// <summary>An embedded company's Twilio credentials: HTTP Basic user and password of its API, and the callback signing key.</summary>
public sealed record EmbeddedCredential(string CompanyId, string WorkspaceSid, string AccountSid, string AuthToken, bool Configured, DateTimeOffset? RotatedAt);

/// <summary>
/// The account SID and auth token of each embedded company. The token comes from
/// <c>TaskConsole:Companies:{id}:Embedded:AuthToken</c> when configured; otherwise it is generated on first use and
/// kept in the database, encrypted with Data Protection, and admins may rotate it.
/// </summary>
public sealed class EmbeddedCredentials(
    EmbeddedWorkspaces workspaces,
    IOptions<TaskConsoleOptions> options,
    IDataProtectionProvider protection,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<EmbeddedCredentials> logger)
{
    private readonly IDataProtector _protector = protection.CreateProtector("TaskConsole.EmbeddedCredentials.v1");
    private readonly ConcurrentDictionary<string, EmbeddedCredential> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<EmbeddedCredential?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(companyId, out var cached))
        {
            return cached;
        }

        var client = workspaces.Clients.FirstOrDefault(c => string.Equals(c.Company.Id, companyId, StringComparison.OrdinalIgnoreCase));
        if (client is null)
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cache.TryGetValue(companyId, out cached))
            {
                return cached;
            }

            var workspace = client.Engine.Workspace;
            var configured = options.Value.Companies.GetValueOrDefault(client.Company.Id)?.Embedded.AuthToken;
            EmbeddedCredential credential;
            if (!string.IsNullOrEmpty(configured))
            {
                credential = new(client.Company.Id, workspace.Sid, workspace.AccountSid, configured, Configured: true, RotatedAt: null);
            }
            else
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TaskConsoleDbContext>();
                var record = await db.EmbeddedCredentials.SingleOrDefaultAsync(c => c.CompanyId == client.Company.Id, cancellationToken);
                if (record is null || Unprotect(record.ProtectedAuthToken) is not { } token)
                {
                    if (record is not null)
                    {
                        logger.LogWarning(
                            "The auth token of {Company} cannot be decrypted (the Data Protection keys under the data folder changed); a new token is issued and the old one no longer works",
                            client.Company.Id);
                    }

                    token = NewToken();
                    try
                    {
                        await StoreAsync(db, client.Company.Id, token, "system:first-run", cancellationToken);
                    }
                    catch (DbUpdateException) when (record is null)
                    {
                        // Another instance on the same database issued the first token a moment earlier: that one counts.
                        db.ChangeTracker.Clear();
                        var stored = await db.EmbeddedCredentials.AsNoTracking().SingleAsync(c => c.CompanyId == client.Company.Id, cancellationToken);
                        token = Unprotect(stored.ProtectedAuthToken) ?? throw new InvalidOperationException(
                            $"The auth token of {client.Company.Id} was issued by an instance whose Data Protection keys this one does not share; share the keys folder or set TaskConsole:Companies:{client.Company.Id}:Embedded:AuthToken.");
                    }

                    record = await db.EmbeddedCredentials.AsNoTracking().SingleAsync(c => c.CompanyId == client.Company.Id, cancellationToken);
                }

                credential = new(client.Company.Id, workspace.Sid, workspace.AccountSid, token, Configured: false, record.UpdatedAt);
            }

            _cache[companyId] = credential;
            return credential;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The company whose account SID and auth token these are, or null; the token is compared in constant time.</summary>
    public async Task<EmbeddedCredential?> AuthenticateAsync(string accountSid, string authToken, CancellationToken cancellationToken)
    {
        var owner = workspaces.Clients.FirstOrDefault(c => string.Equals(c.Engine.Workspace.AccountSid, accountSid, StringComparison.Ordinal));
        if (owner is null || await GetAsync(owner.Company.Id, cancellationToken) is not { } credential)
        {
            return null;
        }

        var presented = Encoding.UTF8.GetBytes(authToken);
        var expected = Encoding.UTF8.GetBytes(credential.AuthToken);
        return CryptographicOperations.FixedTimeEquals(presented, expected) ? credential : null;
    }

    /// <summary>Replaces a generated token; the old one stops working at once. A configured token is changed in configuration instead.</summary>
    public async Task<EmbeddedCredential> RotateAsync(string companyId, string actor, CancellationToken cancellationToken)
    {
        var current = await GetAsync(companyId, cancellationToken) ?? throw new ArgumentException($"{companyId} is not an embedded company.", nameof(companyId));
        if (current.Configured)
        {
            throw new InvalidOperationException(
                $"The auth token of {companyId} comes from TaskConsole:Companies:{companyId}:Embedded:AuthToken; change it there.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TaskConsoleDbContext>();
            var token = NewToken();
            var rotatedAt = await StoreAsync(db, current.CompanyId, token, actor, cancellationToken);
            var rotated = current with { AuthToken = token, RotatedAt = rotatedAt };
            _cache[companyId] = rotated;
            return rotated;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DateTimeOffset> StoreAsync(TaskConsoleDbContext db, string companyId, string token, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = await db.EmbeddedCredentials.SingleOrDefaultAsync(c => c.CompanyId == companyId, cancellationToken);
        if (record is null)
        {
            db.EmbeddedCredentials.Add(new EmbeddedCredentialRecord { CompanyId = companyId, ProtectedAuthToken = _protector.Protect(token), UpdatedAt = now, UpdatedBy = actor });
        }
        else
        {
            record.ProtectedAuthToken = _protector.Protect(token);
            record.UpdatedAt = now;
            record.UpdatedBy = actor;
        }

        await db.SaveChangesAsync(cancellationToken);
        return now;
    }

    private string? Unprotect(string value)
    {
        try
        {
            return _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
