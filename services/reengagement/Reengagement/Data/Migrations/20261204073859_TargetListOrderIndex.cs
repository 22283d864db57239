using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InactiveCustomers.Reengagement.Data.Migrations
{
    /// <inheritdoc />
    public partial class TargetListOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_campaign_targets_list_order",
                schema: "reengagement",
                table: "campaign_targets",
                columns: new[] { "valor_total_gasto", "id" },
                descending: new bool[0],
                filter: "NOT suppressed");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_campaign_targets_list_order",
                schema: "reengagement",
                table: "campaign_targets");
        }
    }
}
