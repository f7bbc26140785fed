using Microsoft.AspNetCore.Http.HttpResults;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.Storage;

namespace WebTcpChat.Api;

/// <summary>
/// <c>GET /api/messages</c>: a room's history as JSON, in pages (<c>room=%23name</c>; the default room
/// without it). <c>before=ID</c> gives older messages (the page loads them when its reader scrolls to
/// the top); <c>after=ID</c> gives newer ones (to fill a gap after a reconnect). Either way the
/// messages come oldest first. Private messages are never here.
/// </summary>
internal static class MessagesApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/messages", GetMessagesAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<ChatMessage>>, BadRequest<string>>> GetMessagesAsync(
        HistoryReader history, RoomMembership rooms, string? room, long? before, long? after, int? limit, CancellationToken cancellationToken)
    {
        var name = room ?? rooms.DefaultRoom;
        if (RoomNames.Validate(name) is { } invalid)
        {
            return TypedResults.BadRequest(invalid);
        }

        if (before is not null && after is not null)
        {
            return TypedResults.BadRequest("Give before or after, not both.");
        }

        var count = limit ?? DefaultLimit;
        if (count is < 1 or > MaxLimit)
        {
            return TypedResults.BadRequest($"limit must be between 1 and {MaxLimit}.");
        }

        var key = RoomNames.Key(name);
        var messages = after is { } afterId
            ? await history.AfterAsync(key, afterId, count, cancellationToken).ConfigureAwait(false)
            : await history.BeforeAsync(key, before ?? long.MaxValue, count, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(messages);
    }
}
