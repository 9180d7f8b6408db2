using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskConsole.Web.Data.Migrations.Postgres
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
                    CompanyId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProtectedAuthToken = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
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
