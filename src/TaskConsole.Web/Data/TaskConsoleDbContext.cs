using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TaskConsole.Web.Data;

/// <summary>
/// TaskConsole's database. One subtype per provider owns its migrations (<see cref="SqliteTaskConsoleDbContext"/>,
/// <see cref="PostgresTaskConsoleDbContext"/>); the provider is chosen once at start-up.
/// </summary>
public abstract class TaskConsoleDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<TaskHistoryRecord> TaskHistory => Set<TaskHistoryRecord>();

    public DbSet<TaskTimelineEntry> TaskTimeline => Set<TaskTimelineEntry>();

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    public DbSet<EventCursor> EventCursors => Set<EventCursor>();

    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    public DbSet<AuditRecord> AuditLog => Set<AuditRecord>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<TaskTypeAvailabilityRecord> TaskTypeAvailability => Set<TaskTypeAvailabilityRecord>();

    public DbSet<EmbeddedCredentialRecord> EmbeddedCredentials => Set<EmbeddedCredentialRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<TaskHistoryRecord>(history =>
        {
            history.ToTable("task_history");
            history.HasKey(h => h.Id);
            history.Property(h => h.CompanyId).HasMaxLength(40);
            history.Property(h => h.TaskSid).HasMaxLength(34);
            history.Property(h => h.Outcome).HasMaxLength(16);
            history.Property(h => h.EndedBy).HasMaxLength(32);
            history.Property(h => h.TaskType).HasMaxLength(64);
            history.Property(h => h.CaseType).HasMaxLength(64);
            history.Property(h => h.CaseId).HasMaxLength(128);
            history.HasIndex(h => new { h.CompanyId, h.TaskSid }).IsUnique();
            history.HasIndex(h => new { h.CompanyId, h.TerminatedAt, h.Id });
            history.HasIndex(h => new { h.CompanyId, h.ClonedFromTaskSid });
        });
        modelBuilder.Entity<TaskTimelineEntry>(timeline =>
        {
            timeline.ToTable("task_timeline");
            timeline.HasKey(t => t.Id);
            timeline.Property(t => t.CompanyId).HasMaxLength(40);
            timeline.Property(t => t.TaskSid).HasMaxLength(34);
            timeline.Property(t => t.EventSid).HasMaxLength(34);
            timeline.Property(t => t.EventType).HasMaxLength(64);
            timeline.HasIndex(t => new { t.CompanyId, t.TaskSid, t.Id });
        });
        modelBuilder.Entity<ProcessedEvent>(processed =>
        {
            processed.ToTable("processed_events");
            processed.HasKey(p => new { p.CompanyId, p.EventSid });
            processed.Property(p => p.CompanyId).HasMaxLength(40);
            processed.Property(p => p.EventSid).HasMaxLength(34);
            processed.HasIndex(p => p.ReceivedAt);
        });
        modelBuilder.Entity<EventCursor>(cursor =>
        {
            cursor.ToTable("event_cursors");
            cursor.HasKey(c => c.CompanyId);
            cursor.Property(c => c.CompanyId).HasMaxLength(40);
        });
        modelBuilder.Entity<ApiKeyRecord>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(32);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.CompanyId).HasMaxLength(40);
            key.Property(k => k.Role).HasMaxLength(16);
            key.Property(k => k.SecretHash).HasMaxLength(64);
        });
        modelBuilder.Entity<AuditRecord>(audit =>
        {
            audit.ToTable("audit_log");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.CompanyId).HasMaxLength(40);
            audit.Property(a => a.Actor).HasMaxLength(200);
            audit.Property(a => a.Action).HasMaxLength(64);
            audit.Property(a => a.Result).HasMaxLength(32);
            audit.Property(a => a.CorrelationId).HasMaxLength(64);
            audit.HasIndex(a => new { a.CompanyId, a.Id });
        });
        modelBuilder.Entity<IdempotencyRecord>(idempotency =>
        {
            idempotency.ToTable("idempotency_records");
            idempotency.HasKey(i => new { i.CompanyId, i.Operation, i.Key });
            idempotency.Property(i => i.CompanyId).HasMaxLength(40);
            idempotency.Property(i => i.Operation).HasMaxLength(64);
            idempotency.Property(i => i.Key).HasMaxLength(200);
        });
        modelBuilder.Entity<TaskTypeAvailabilityRecord>(availability =>
        {
            availability.ToTable("task_type_availability");
            availability.HasKey(a => new { a.CompanyId, a.UserId, a.TaskType });
            availability.Property(a => a.CompanyId).HasMaxLength(40);
            availability.Property(a => a.UserId).HasMaxLength(128);
            availability.Property(a => a.TaskType).HasMaxLength(64);
            availability.Property(a => a.UpdatedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<EmbeddedCredentialRecord>(credential =>
        {
            credential.ToTable("embedded_credentials");
            credential.HasKey(c => c.CompanyId);
            credential.Property(c => c.CompanyId).HasMaxLength(40);
            credential.Property(c => c.UpdatedBy).HasMaxLength(200);
        });
    }
}

public sealed class SqliteTaskConsoleDbContext(DbContextOptions<SqliteTaskConsoleDbContext> options) : TaskConsoleDbContext(options)
{
    /// <summary>SQLite cannot order or compare DateTimeOffset; stored as Unix milliseconds they sort and filter as numbers.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.ToUnixTimeMilliseconds(),
        value => DateTimeOffset.FromUnixTimeMilliseconds(value));
}

public sealed class PostgresTaskConsoleDbContext(DbContextOptions<PostgresTaskConsoleDbContext> options) : TaskConsoleDbContext(options);
