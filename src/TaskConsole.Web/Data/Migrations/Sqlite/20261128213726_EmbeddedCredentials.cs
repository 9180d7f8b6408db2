using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskConsole.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmbeddedCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "embedded_credentials",
                columns: table => new
                {
                    CompanyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ProtectedAuthToken = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_embedded_credentials", x => x.CompanyId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "embedded_credentials");
        }
    }
}
