using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace WebTcpChat.Storage;

/// <summary>
/// Opens connections to the database named by <c>ConnectionStrings:Chat</c>. A relative file name is
/// taken from the content root, so <c>data/webtcpchat.db</c> lands in the same place however the app
/// was started.
/// </summary>
internal sealed class SqliteConnectionFactory
{
    public const string ConnectionStringName = "Chat";
    public const string DefaultConnectionString = "Data Source=data/webtcpchat.db";

    private readonly string _connectionString;
    private readonly string _createConnectionString;

    public SqliteConnectionFactory(IConfiguration configuration, IHostEnvironment environment, IOptions<StorageOptions> options)
    {
        var builder = new SqliteConnectionStringBuilder(
            configuration.GetConnectionString(ConnectionStringName) ?? DefaultConnectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Chat must name a database file: history has to survive a restart.");
        }

        builder.DataSource = Path.GetFullPath(builder.DataSource, environment.ContentRootPath);
        DatabasePath = builder.DataSource;

        // Microsoft.Data.Sqlite retries a locked database for the command timeout (30 s by default),
        // which would stall the chat; keep it near Storage:BusyTimeoutMilliseconds instead.
        builder.DefaultTimeout = Math.Max(1, (options.Value.BusyTimeoutMilliseconds + 999) / 1000);
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        _createConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        _connectionString = builder.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>
    /// Opens a connection. Only the writer, opening the store, may create the file: a reader that
    /// did so after the file was removed would hide the loss behind an empty database.
    /// </summary>
    /// <summary>
    /// Closes pooled connections: after the file was removed they would still point at the deleted
    /// one, and a reopened store must not write there.
    /// </summary>
    public void ClearPools()
    {
        using var create = new SqliteConnection(_createConnectionString);
        using var read = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(create);
        SqliteConnection.ClearPool(read);
    }

    public SqliteConnection Open(bool create = false)
    {
        var connection = new SqliteConnection(create ? _createConnectionString : _connectionString);
        connection.Open();
        return connection;
    }
}
