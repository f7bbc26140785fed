namespace WebTcpChat.ScaleOut;

/// <summary>
/// The Lua scripts that keep the shared chat consistent: each runs atomically inside Redis.
/// (StackExchange.Redis sends them by SHA once loaded.)
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// Appends a batch: ids from one INCRBY, entries XADDed with those ids to the log and to their
    /// room's own stream (so stream order and id order are the same thing), time from Redis itself
    /// (never going backwards), and, in the same step as the event that causes it: a nickname freed by
    /// a leave or rename, and the user's set of rooms updated. A leave whose author no longer holds its
    /// name (a node already reaped as dead) is dropped, so no one leaves twice. Then one PUBLISH. A
    /// batch number at or below the node's last applied one is a retry of a batch that already went
    /// in: skipped.
    /// KEYS: sequence, last time, log, node's applied batch.
    /// ARGV: batch number, max length (0: none), channel, then four per draft: payload; release spec
    /// ("" or "nick key\nowner prefix\nnode nick set\nleave|rename"); room stream ("" for none);
    /// room op ("" or "add|rem\nset\nroom", "del\nset", "mv\nfrom\nto").
    /// Returns the last id appended, or 0.
    /// </summary>
    public const string AppendBatch =
        """
        local applied = tonumber(redis.call('GET', KEYS[4]) or '0')
        if tonumber(ARGV[1]) <= applied then return 0 end
        local drafts = (#ARGV - 3) / 4
        local keep = {}
        for i = 0, drafts - 1 do
          local base = 4 + 4 * i
          local release = ARGV[base + 1]
          local append = true
          if release ~= '' then
            local nickKey, owner, nodeNicks, mode = string.match(release, '^([^\n]*)\n([^\n]*)\n([^\n]*)\n([^\n]*)$')
            local holder = redis.call('GET', nickKey)
            if holder and string.sub(holder, 1, #owner) == owner then
              redis.call('DEL', nickKey)
              redis.call('SREM', nodeNicks, nickKey)
            elseif mode == 'leave' then
              append = false
            end
          end
          if append then
            local op = ARGV[base + 3]
            if op ~= '' then
              local verb, a, b = string.match(op, '^([^\n]*)\n([^\n]*)\n?([^\n]*)$')
              if verb == 'add' then redis.call('SADD', a, b)
              elseif verb == 'rem' then redis.call('SREM', a, b)
              elseif verb == 'del' then redis.call('DEL', a)
              elseif verb == 'mv' and redis.call('EXISTS', a) == 1 then redis.call('RENAME', a, b)
              end
            end
            keep[#keep + 1] = base
          end
        end
        redis.call('SET', KEYS[4], ARGV[1], 'EX', 86400)
        if #keep == 0 then return 0 end
        local first = redis.call('INCRBY', KEYS[1], #keep) - #keep + 1
        local now = redis.call('TIME')
        local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local last = tonumber(redis.call('GET', KEYS[2]) or '0')
        if ms < last then ms = last end
        local maxlen = tonumber(ARGV[2])
        local time = string.format('%d', ms)
        for i, base in ipairs(keep) do
          local id = string.format('%d-0', first + i - 1)
          local streams = { KEYS[3] }
          if ARGV[base + 2] ~= '' then streams[2] = ARGV[base + 2] end
          for _, stream in ipairs(streams) do
            if maxlen > 0 then
              redis.call('XADD', stream, 'MAXLEN', '~', maxlen, id, 't', time, 'd', ARGV[base])
            else
              redis.call('XADD', stream, id, 't', time, 'd', ARGV[base])
            end
          end
        end
        redis.call('SET', KEYS[2], time)
        local lastId = first + #keep - 1
        redis.call('PUBLISH', ARGV[3], string.format('%d', lastId))
        return lastId
        """;

    /// <summary>
    /// Claims a nickname unless someone else holds it (the same session may re-claim it).
    /// KEYS: nick key, node's nick set. ARGV: holder value, owner prefix. Returns 1 or 0.
    /// </summary>
    public const string ClaimNick =
        """
        local holder = redis.call('GET', KEYS[1])
        if holder and string.sub(holder, 1, #ARGV[2]) ~= ARGV[2] then return 0 end
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('SADD', KEYS[2], KEYS[1])
        return 1
        """;

    /// <summary>Frees a nickname if this owner holds it. KEYS: nick key, node's nick set. ARGV: owner prefix.</summary>
    public const string ReleaseNick =
        """
        local holder = redis.call('GET', KEYS[1])
        if holder and string.sub(holder, 1, #ARGV[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          redis.call('SREM', KEYS[2], KEYS[1])
          return 1
        end
        return 0
        """;
}
