using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskConsole.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "event_cursors",
                columns: table => new
                {
                    CompanyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_cursors", x => x.CompanyId);
                });

            migrationBuilder.CreateTable(
                name: "processed_events",
                columns: table => new
                {
                    CompanyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EventSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_processed_events", x => new { x.CompanyId, x.EventSid });
                });

            migrationBuilder.CreateTable(
                name: "task_history",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TaskSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    EndedBy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attributes = table.Column<string>(type: "TEXT", nullable: false),
                    TaskType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CaseType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    TaskChannel = table.Column<string>(type: "TEXT", nullable: true),
                    TaskQueueSid = table.Column<string>(type: "TEXT", nullable: true),
                    TaskQueueName = table.Column<string>(type: "TEXT", nullable: true),
                    WorkflowSid = table.Column<string>(type: "TEXT", nullable: true),
                    WorkflowName = table.Column<string>(type: "TEXT", nullable: true),
                    LastWorkerSid = table.Column<string>(type: "TEXT", nullable: true),
                    LastWorkerName = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TerminatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WaitSeconds = table.Column<double>(type: "REAL", nullable: false),
                    HandleSeconds = table.Column<double>(type: "REAL", nullable: true),
                    ClonedFromTaskSid = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_history", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "task_timeline",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TaskSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    EventSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    TaskStatus = table.Column<string>(type: "TEXT", nullable: true),
                    WorkerSid = table.Column<string>(type: "TEXT", nullable: true),
                    WorkerName = table.Column<string>(type: "TEXT", nullable: true),
                    TaskQueueSid = table.Column<string>(type: "TEXT", nullable: true),
                    TaskQueueName = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_timeline", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_processed_events_ReceivedAt",
                table: "processed_events",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_task_history_CompanyId_ClonedFromTaskSid",
                table: "task_history",
                columns: new[] { "CompanyId", "ClonedFromTaskSid" });

            migrationBuilder.CreateIndex(
                name: "IX_task_history_CompanyId_TaskSid",
                table: "task_history",
                columns: new[] { "CompanyId", "TaskSid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_task_history_CompanyId_TerminatedAt_Id",
                table: "task_history",
                columns: new[] { "CompanyId", "TerminatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_task_timeline_CompanyId_TaskSid_Id",
                table: "task_timeline",
                columns: new[] { "CompanyId", "TaskSid", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_cursors");

            migrationBuilder.DropTable(
                name: "processed_events");

            migrationBuilder.DropTable(
                name: "task_history");

            migrationBuilder.DropTable(
                name: "task_timeline");
        }
    }
}
