# syntax=docker/dockerfile:1
# Build: docker build -t taskconsole .
# Run:   docker run -p 8080:8080 -v taskconsole-data:/data taskconsole
# The embedded workspaces are SQLite files on the /data volume: one instance per volume.
# Health: GET /healthz answers 200 once every company's TaskRouter is open (point the orchestrator's probe at it).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore in its own layer: it only changes when the package or project files change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/TaskConsole.Core/TaskConsole.Core.csproj src/TaskConsole.Core/
COPY src/TaskConsole.Web/TaskConsole.Web.csproj src/TaskConsole.Web/
RUN dotnet restore src/TaskConsole.Web/TaskConsole.Web.csproj
COPY src/ src/
COPY wwwroot-assets/ wwwroot-assets/
RUN dotnet publish src/TaskConsole.Web/TaskConsole.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown app:app /data
USER app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    TaskConsole__DataDirectory=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "TaskConsole.Web.dll"]
