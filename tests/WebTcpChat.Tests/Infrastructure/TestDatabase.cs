using Microsoft.Data.Sqlite;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>A SQLite file of a test's own in the temp folder, removed (with its WAL files) on dispose.</summary>
public sealed class TestDatabase : IDisposable
{
    public const string SettingKey = "ConnectionStrings:Chat";

    public TestDatabase()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "webtcpchat-tests");
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
