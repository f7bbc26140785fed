using System.Globalization;
using Microsoft.Data.Sqlite;

namespace WebTcpChat.Storage;

/// <summary>
/// The schema, one migration per version, applied in order at start-up. The version lives in
/// <c>PRAGMA user_version</c>; a migration never changes once released: add a new one.
/// </summary>
internal static class SchemaMigrations
{
    private static readonly string[] Migrations =
    [
        // 1: messages, keyed by the chat's own id (the log assigns it, so the store never renumbers).
        """
        CREATE TABLE messages (
            id     INTEGER PRIMARY KEY,
            time   INTEGER NOT NULL,
            nick   TEXT    NOT NULL,
            source TEXT    NOT NULL,
            kind   TEXT    NOT NULL,
            text   TEXT    NOT NULL
        );
        CREATE INDEX messages_time ON messages (time);
        """,

        // 2: rooms. Messages from before rooms existed were all in the default room of the time.
        """
        ALTER TABLE messages ADD COLUMN room     TEXT NOT NULL DEFAULT '#lobby';
        ALTER TABLE messages ADD COLUMN room_key TEXT NOT NULL DEFAULT '#lobby';
        CREATE INDEX messages_room ON messages (room_key, id);
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    /// <summary>Brings the database up to the latest version; returns that version.</summary>
    public static async Task<int> MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var version = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (version > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database has schema version {version}, newer than this build knows ({LatestVersion}). Use a newer WebTcpChat.");
        }

        for (; version < LatestVersion; version++)
        {
            using var transaction = connection.BeginTransaction();
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[version] + $"\nPRAGMA user_version = {(version + 1).ToString(CultureInfo.InvariantCulture)};";
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return version;
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
