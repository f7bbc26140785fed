using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, so readers never block the writer. The schema
/// is versioned with <c>PRAGMA user_version</c> and migrated at start-up. One connection writes;
/// each read opens a pooled connection of its own.
/// </summary>
internal sealed partial class SqliteMessageStore(
    SqliteConnectionFactory connections, IOptions<StorageOptions> options, ILogger<SqliteMessageStore> logger)
    : IMessageStore, IDisposable
{
    private const string Columns = "id, time, nick, source, kind, text, room";

    private SqliteConnection? _writer;

    public async Task<long> InitializeAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            _writer.Dispose();
            connections.ClearPools();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(connections.DatabasePath)!);
        _writer = connections.Open(create: true);
        await ExecuteAsync(_writer, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(_writer, $"PRAGMA synchronous = {options.Value.Synchronous.ToUpperInvariant()};", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(_writer, $"PRAGMA busy_timeout = {options.Value.BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)};", cancellationToken).ConfigureAwait(false);
        var version = await SchemaMigrations.MigrateAsync(_writer, cancellationToken).ConfigureAwait(false);
        if (options.Value.MaxDatabaseMegabytes > 0)
        {
            await ExecuteAsync(_writer, $"PRAGMA max_page_count = {MaxPages(options.Value.MaxDatabaseMegabytes, _writer)};", cancellationToken).ConfigureAwait(false);
        }

        using var max = _writer.CreateCommand();
        max.CommandText = "SELECT COALESCE(MAX(id), 0) FROM messages;";
        var lastId = (long)(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        LogOpened(logger, connections.DatabasePath, version, lastId);
        return lastId;
    }

    public async Task AppendAsync(IReadOnlyList<ChatMessage> batch, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("The store has not been opened.");
        using var transaction = writer.BeginTransaction();
        using var insert = writer.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT OR IGNORE INTO messages ({Columns}, room_key) VALUES ($id, $time, $nick, $source, $kind, $text, $room, $roomKey);";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        var nick = insert.Parameters.Add("$nick", SqliteType.Text);
        var source = insert.Parameters.Add("$source", SqliteType.Text);
        var kind = insert.Parameters.Add("$kind", SqliteType.Text);
        var text = insert.Parameters.Add("$text", SqliteType.Text);
        var room = insert.Parameters.Add("$room", SqliteType.Text);
        var roomKey = insert.Parameters.Add("$roomKey", SqliteType.Text);
        insert.Prepare();
        foreach (var message in batch)
        {
            if (message.Room is null)
            {
                continue; // a private message: kept by no history
            }

            id.Value = message.Id;
            time.Value = new DateTimeOffset(message.Time).ToUnixTimeMilliseconds();
            nick.Value = message.Nick;
            source.Value = WireNames.Source(message.Source);
            kind.Value = WireNames.Kind(message.Kind);
            text.Value = message.Text;
            room.Value = message.Room;
            roomKey.Value = message.RoomKey;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ChatMessage>> BeforeAsync(string roomKey, long beforeId, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM (SELECT {Columns} FROM messages WHERE room_key = $room AND id < $id ORDER BY id DESC LIMIT $limit) ORDER BY id;",
            roomKey, beforeId, limit, cancellationToken);

    public Task<IReadOnlyList<ChatMessage>> AfterAsync(string roomKey, long afterId, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM messages WHERE room_key = $room AND id > $id ORDER BY id LIMIT $limit;", roomKey, afterId, limit, cancellationToken);

    public async Task<int> PruneAsync(DateTime? olderThan, long? keep, CancellationToken cancellationToken)
    {
        using var connection = connections.Open();
        using var prune = connection.CreateCommand();
        prune.CommandText =
            """
            DELETE FROM messages
            WHERE ($cutoff IS NOT NULL AND time < $cutoff)
               OR ($keep IS NOT NULL AND id < (SELECT id FROM messages ORDER BY id DESC LIMIT 1 OFFSET $keep - 1));
            """;
        prune.Parameters.AddWithValue("$cutoff", olderThan is { } cutoff ? new DateTimeOffset(cutoff).ToUnixTimeMilliseconds() : DBNull.Value);
        prune.Parameters.AddWithValue("$keep", keep is { } count ? count : DBNull.Value);
        return await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        // SQLite keeps writing to a file that was deleted under it, so look for the file itself.
        if (!File.Exists(connections.DatabasePath))
        {
            throw new StoreFileMissingException(connections.DatabasePath);
        }

        using var connection = connections.Open();
        await ExecuteAsync(connection, "SELECT 1 FROM messages LIMIT 1;", cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _writer?.Dispose();

    private async Task<IReadOnlyList<ChatMessage>> QueryAsync(string sql, string roomKey, long id, int limit, CancellationToken cancellationToken)
    {
        using var connection = connections.Open();
        using var query = connection.CreateCommand();
        query.CommandText = sql;
        query.Parameters.AddWithValue("$room", roomKey);
        query.Parameters.AddWithValue("$id", id);
        query.Parameters.AddWithValue("$limit", limit);
        using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var messages = new List<ChatMessage>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(MessageColumns.Read(reader));
        }

        return messages;
    }

    private static string MaxPages(int megabytes, SqliteConnection connection)
    {
        using var pageSize = connection.CreateCommand();
        pageSize.CommandText = "PRAGMA page_size;";
        var bytes = Convert.ToInt64(pageSize.ExecuteScalar(), CultureInfo.InvariantCulture);
        return (megabytes * 1_048_576L / bytes).ToString(CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Message store {Path} open (schema version {Version}, last id {LastId})")]
    private static partial void LogOpened(ILogger logger, string path, int version, long lastId);
}
