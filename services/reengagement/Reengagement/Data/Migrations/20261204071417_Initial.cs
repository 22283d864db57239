using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace InactiveCustomers.Reengagement.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "reengagement");

            migrationBuilder.CreateTable(
                name: "campaign_targets",
                schema: "reengagement",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    customer_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    episode_key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    perfil_cliente = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    potencial_cliente = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    segmento_viajante = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    valor_total_gasto = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    last_purchase = table.Column<DateOnly>(type: "date", nullable: false),
                    inactive_since = table.Column<DateOnly>(type: "date", nullable: false),
                    reasons = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    suppressed = table.Column<bool>(type: "boolean", nullable: false),
                    reactivated_on = table.Column<DateOnly>(type: "date", nullable: true),
                    contacted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_set_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaign_targets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "suppressions",
                schema: "reengagement",
                columns: table => new
                {
                    customer_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_suppressions", x => x.customer_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_campaign_targets_customer_id",
                schema: "reengagement",
                table: "campaign_targets",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_campaign_targets_episode_key",
                schema: "reengagement",
                table: "campaign_targets",
                column: "episode_key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "campaign_targets",
                schema: "reengagement");

            migrationBuilder.DropTable(
                name: "suppressions",
                schema: "reengagement");
        }
    }
}
