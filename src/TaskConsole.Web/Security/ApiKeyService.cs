using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TaskConsole.Web.Data;

namespace TaskConsole.Web.Security;

/// <summary>
/// API keys look like <c>tck_{id}_{secret}</c>. The id finds the record; only the SHA-256 of the random secret is
/// stored, and it is compared in constant time.
/// </summary>
public sealed class ApiKeyService(TaskConsoleDbContext db, TimeProvider time)
{
    private const string Prefix = "tck_";

    public sealed record CreatedKey(ApiKeyRecord Record, string Key);

    public async Task<CreatedKey> CreateAsync(string companyId, CompanyRole role, string name, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new ApiKeyRecord
        {
            Id = id,
            Name = name,
            CompanyId = companyId,
            Role = role.ToString(),
            SecretHash = Hash(secret),
            CreatedAt = time.GetUtcNow(),
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedKey(record, $"{Prefix}{id}_{secret}");
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().OrderBy(k => k.CompanyId).ThenBy(k => k.Name).ToListAsync(cancellationToken);

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var record = await db.ApiKeys.FindAsync([id], cancellationToken);
        if (record is null || record.RevokedAt is not null)
        {
            return false;
        }

        record.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The active key this text is, or null.</summary>
    public async Task<ApiKeyRecord?> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        if (!TrySplit(presented, out var id, out var secret))
        {
            return null;
        }

        var record = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (record is null || record.RevokedAt is not null)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(record.SecretHash)) ? record : null;
    }

    /// <summary>Constant-time comparison of two keys, for the bootstrap key from configuration.</summary>
    public static bool SameKey(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    private static bool TrySplit(string presented, out string id, out string secret)
    {
        id = secret = "";
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = presented[Prefix.Length..];
        var separator = rest.IndexOf('_', StringComparison.Ordinal);
        if (separator != 16 || rest.Length <= separator + 1)
        {
            return false;
        }

        id = rest[..separator];
        secret = rest[(separator + 1)..];
        return true;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
