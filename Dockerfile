# WebTcpChat: a TCP-to-browser chat gateway.
#   docker build -t webtcpchat .
#   docker run -p 5000:5000 -p 8080:8080 -v webtcpchat-data:/app/data webtcpchat

# Build: the .NET SDK image, plus Node for the npm step that fetches the page's SignalR client.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, from the project files alone, so the layer is reused while only code changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/WebTcpChat/*.csproj src/WebTcpChat/*.targets src/WebTcpChat/
RUN dotnet restore src/WebTcpChat/WebTcpChat.csproj
COPY . .
RUN dotnet publish src/WebTcpChat/WebTcpChat.csproj --configuration Release --no-restore --output /app

# Run: the ASP.NET Core runtime image, as its non-root "app" user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The runtime image sets ASPNETCORE_HTTP_PORTS=8080, but 8080 belongs to the TCP chat: clear it and
# name both endpoints. The database lives in /app/data (data/webtcpchat.db from appsettings.json).
ENV ASPNETCORE_HTTP_PORTS= \
    Kestrel__Endpoints__Http__Url=http://+:5000 \
    Kestrel__Endpoints__Tcp__Url=http://+:8080
RUN mkdir -p /app/data && chown app:app /app/data
VOLUME /app/data
EXPOSE 5000 8080
USER app
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["dotnet", "WebTcpChat.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "WebTcpChat.dll"]
