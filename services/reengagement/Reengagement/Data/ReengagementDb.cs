using InactiveCustomers.Reengagement.Targets;
using Microsoft.EntityFrameworkCore;

namespace InactiveCustomers.Reengagement.Data;

/// <summary>
/// The reengagement model in PostgreSQL (schema <c>reengagement</c>, snake_case names). Its schema changes only
/// through the migrations in <c>Data/Migrations</c>, applied by <see cref="DatabaseMigrator"/>.
/// </summary>
public sealed class ReengagementDb(DbContextOptions<ReengagementDb> options) : DbContext(options)
{
    public const string Schema = "reengagement";

    public DbSet<CampaignTarget> Targets => Set<CampaignTarget>();

    public DbSet<Suppression> Suppressions => Set<Suppression>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<CampaignMember> CampaignMembers => Set<CampaignMember>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<CampaignTarget>(target =>
        {
            target.ToTable("campaign_targets");
            target.HasKey(t => t.Id);
            target.Property(t => t.Id).UseIdentityAlwaysColumn();
            target.Property(t => t.CustomerId).HasMaxLength(64);
            target.Property(t => t.EpisodeKey).HasMaxLength(80);
            target.HasIndex(t => t.EpisodeKey).IsUnique();
            target.HasIndex(t => t.CustomerId);

            // The list's and the export's order (most valuable first, keyset on value then id): a first page with
            // filters reads the index from the top until it has a page of matches, instead of sorting every target.
            target.HasIndex(t => new { t.ValorTotalGasto, t.Id }).IsDescending(true, true).HasFilter("NOT suppressed")
                .HasDatabaseName("ix_campaign_targets_list_order");
            target.Property(t => t.PerfilCliente).HasMaxLength(40);
            target.Property(t => t.PotencialCliente).HasMaxLength(10);
            target.Property(t => t.SegmentoViajante).HasMaxLength(40);
            target.Property(t => t.ValorTotalGasto).HasPrecision(14, 2);
            target.Property(t => t.Status).HasConversion<string>().HasMaxLength(12);
            target.Property(t => t.RuleSetVersion).HasMaxLength(32);
        });

        modelBuilder.Entity<Campaign>(campaign =>
        {
            campaign.ToTable("campaigns");
            campaign.HasKey(c => c.Id);
            campaign.Property(c => c.Name).HasMaxLength(200);
            campaign.Property(c => c.Filter).HasColumnType("jsonb");
            campaign.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CampaignId);
        });

        modelBuilder.Entity<CampaignMember>(member =>
        {
            member.ToTable("campaign_members");
            member.HasKey(m => new { m.CampaignId, m.TargetId });
            member.HasIndex(m => m.TargetId).IsUnique(); // one campaign per target: contact and attribution stay unambiguous
            member.HasOne(m => m.Target).WithMany().HasForeignKey(m => m.TargetId);
        });

        modelBuilder.Entity<Suppression>(suppression =>
        {
            suppression.ToTable("suppressions");
            suppression.HasKey(s => s.CustomerId);
            suppression.Property(s => s.CustomerId).HasMaxLength(64);
            suppression.Property(s => s.Reason).HasMaxLength(200);
        });
    }
}
