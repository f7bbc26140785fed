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
    /// a leave or rename, and the user's set of rooms updated; each stream written is trimmed to the
    /// max length once, at the end. A leave whose author no longer holds its
    /// name (a node already reaped as dead) is dropped, so no one leaves twice; so is a leave from a
    /// room on behalf of a dead node ("held") once its user's name is freed. Then one PUBLISH. A
    /// batch number at or below the node's last applied one is a retry of a batch that already went
    /// in: skipped.
    /// Redis does not undo a script that stops with an error: whatever it wrote before the error
    /// stays. So the script first checks everything that could make one of its writes fail (the
    /// arguments, the type of every key it touches, that the new ids come after every stream's last
    /// one) and only then writes, the applied-batch marker last: a refused batch leaves nothing behind,
    /// not even the marker, so nothing of it is delivered and a later try of it is not skipped.
    /// KEYS: sequence, last time, log, node's applied batch.
    /// ARGV: batch number, max length (0: none), channel, then four per draft: payload; release spec
    /// ("" or "nick key\nowner prefix\nnode nick set\nleave|rename|held"); room stream ("" for none);
    /// room op ("" or "add|rem\nset\nroom", "del\nset", "mv\nfrom\nto").
    /// Returns the last id appended, or 0.
    /// </summary>
    public const string AppendBatch =
        """
        local problem
        local types = {}
        local function refuse(message) if not problem then problem = message end end
        local function expect(key, kind)
          if not types[key] then types[key] = redis.call('TYPE', key)['ok'] end
          if types[key] ~= 'none' and types[key] ~= kind then
            refuse('WRONGTYPE append refused: ' .. key .. ' holds a ' .. types[key] .. ', not a ' .. kind)
          end
        end
        local function integer(key)
          expect(key, 'string')
          if problem then return 0 end
          local value = redis.call('GET', key)
          local n = tonumber(value or '0')
          if not n or n ~= math.floor(n) then refuse('ERR append refused: ' .. key .. ' is not an integer'); return 0 end
          return n
        end
        local function lastId(stream)
          if types[stream] ~= 'stream' then return 0 end
          local info = redis.call('XINFO', 'STREAM', stream)
          for i = 1, #info, 2 do
            if info[i] == 'last-generated-id' then return tonumber(string.match(info[i + 1], '^(%d+)-')) end
          end
          return 0
        end

        local number, maxlen = tonumber(ARGV[1]), tonumber(ARGV[2])
        if not number or not maxlen or #ARGV < 3 or (#ARGV - 3) % 4 ~= 0 then
          return redis.error_reply('ERR append refused: malformed arguments')
        end
        local applied, seq, lastTime = integer(KEYS[4]), integer(KEYS[1]), integer(KEYS[2])
        expect(KEYS[3], 'stream')
        if problem then return redis.error_reply(problem) end
        if number <= applied then return 0 end

        -- Checks, and what to write, with no write yet. A name freed by an earlier draft of the batch
        -- counts as no longer held, as it will be once the writes below are done.
        local keep, releases, ops, streams, freed = {}, {}, {}, { [KEYS[3]] = true }, {}
        for i = 0, (#ARGV - 3) / 4 - 1 do
          local base = 4 + 4 * i
          local append = true
          if ARGV[base + 1] ~= '' then
            local nickKey, owner, nodeNicks, mode = string.match(ARGV[base + 1], '^([^\n]+)\n([^\n]+)\n([^\n]+)\n([^\n]+)$')
            if not nickKey or (mode ~= 'leave' and mode ~= 'rename' and mode ~= 'held') then
              return redis.error_reply('ERR append refused: malformed release ' .. ARGV[base + 1])
            end
            expect(nickKey, 'string')
            expect(nodeNicks, 'set')
            if problem then return redis.error_reply(problem) end
            local holder = not freed[nickKey] and redis.call('GET', nickKey)
            if holder and string.sub(holder, 1, #owner) == owner then
              if mode ~= 'held' then
                freed[nickKey] = true
                releases[#releases + 1] = { nickKey, nodeNicks }
              end
            elseif mode ~= 'rename' then
              append = false
            end
          end
          if append then
            if ARGV[base + 3] ~= '' then
              local verb, a, b = string.match(ARGV[base + 3], '^([^\n]+)\n([^\n]+)\n?([^\n]*)$')
              local needsB = verb == 'add' or verb == 'rem' or verb == 'mv'
              if not verb or not (needsB or verb == 'del') or (needsB and b == '') then
                return redis.error_reply('ERR append refused: malformed room operation ' .. ARGV[base + 3])
              end
              expect(a, 'set')
              if verb == 'mv' then expect(b, 'set') end
              ops[#ops + 1] = { verb, a, b }
            end
            if ARGV[base + 2] ~= '' then
              expect(ARGV[base + 2], 'stream')
              streams[ARGV[base + 2]] = true
            end
            keep[#keep + 1] = base
          end
        end
        if problem then return redis.error_reply(problem) end
        local first = seq + 1
        if #keep > 0 then
          for stream in pairs(streams) do
            if lastId(stream) >= first then
              return redis.error_reply('ERR append refused: ' .. stream .. ' already has id ' .. string.format('%d', first) .. ' or later (' .. KEYS[1] .. ' is behind)')
            end
          end
        end

        -- Every check passed: the writes, none of which can fail now. The marker goes last.
        if #keep > 0 then
          redis.call('INCRBY', KEYS[1], #keep)
          local now = redis.call('TIME')
          local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
          if ms < lastTime then ms = lastTime end
          local time = string.format('%d', ms)
          -- The hot loop of a flood: as few arguments and tables per line as possible (Redis spends
          -- its time per message here); trimming is once per stream, below.
          local log = KEYS[3]
          for i, base in ipairs(keep) do
            local id = string.format('%d-0', first + i - 1)
            redis.call('XADD', log, id, 't', time, 'd', ARGV[base])
            local room = ARGV[base + 2]
            if room ~= '' then redis.call('XADD', room, id, 't', time, 'd', ARGV[base]) end
          end
          if maxlen > 0 then
            for stream in pairs(streams) do redis.call('XTRIM', stream, 'MAXLEN', '~', maxlen) end
          end
          for _, release in ipairs(releases) do
            redis.call('DEL', release[1])
            redis.call('SREM', release[2], release[1])
          end
          for _, op in ipairs(ops) do
            local verb, a, b = op[1], op[2], op[3]
            if verb == 'add' then redis.call('SADD', a, b)
            elseif verb == 'rem' then redis.call('SREM', a, b)
            elseif verb == 'del' then redis.call('DEL', a)
            elseif verb == 'mv' and redis.call('EXISTS', a) == 1 then redis.call('RENAME', a, b)
            end
          end
          redis.call('SET', KEYS[2], time)
        end
        redis.call('SET', KEYS[4], ARGV[1], 'EX', 86400)
        if #keep == 0 then return 0 end
        local lastAppended = first + #keep - 1
        redis.call('PUBLISH', ARGV[3], string.format('%d', lastAppended))
        return lastAppended
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
